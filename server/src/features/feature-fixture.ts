/**
 * Test support for feature tests: a WorkspaceModel over an in-memory file map (the WorkspaceModel
 * contract says tests build it from fixtures; built by rules/testing) and a FeatureContext for a Dockerfile text.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../dockerfile/model';
import type { DjangoProject } from '../project/types';
import type { WorkspaceModel } from '../project/workspace';
import { lintDockerfile } from '../rules/engine';
import { djangoProject, testWorkspace } from '../rules/testing';
import type { FeatureContext } from './context';

/** The shape of examples/mysite, enough for module and settings lookups. */
export const MYSITE_FILES: Record<string, string> = {
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")\n',
  'config/__init__.py': '',
  'config/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
  'config/urls.py': 'urlpatterns = []\n',
  'config/settings/__init__.py': '',
  'config/settings/base.py': 'DEBUG = False\n',
  'config/settings/dev.py': 'from .base import *\n',
  'config/settings/production.py': 'from .base import *\n',
  'pages/__init__.py': '',
  'pages/views.py': 'def home(request): ...\n',
  'requirements.txt': 'Django==3.2.25\ngunicorn==20.1.0\n',
};

/** The project of examples/mysite as the rule tests describe it, with the values the feature tests were written against. */
export function mysiteProject(overrides: Partial<DjangoProject> = {}): DjangoProject {
  return djangoProject({ wsgiApplication: 'config.wsgi.application', pythonVersion: '3.11', dependencies: ['django', 'gunicorn'], ...overrides });
}

export function memoryWorkspace(files: Record<string, string>, project: DjangoProject | null, contextDir = '/work/mysite'): WorkspaceModel {
  return testWorkspace(files, project, contextDir);
}

export function featureContext(text: string, workspace: WorkspaceModel | null, extra: Partial<FeatureContext> = {}): FeatureContext {
  const document = TextDocument.create('file:///work/mysite/Dockerfile', 'dockerfile', 1, text);
  const dockerfile = parseDockerfile(text);
  return {
    document,
    dockerfile,
    workspace,
    ecr: null,
    findings: extra.findings ?? lintDockerfile(text, { workspace, model: dockerfile }),
    now: new Date('2026-11-28T00:00:00Z'),
    ...extra,
  };
}

/** The position just after the first occurrence of `marker` in text (marker must be unique). */
export function positionAfter(text: string, marker: string): { line: number; character: number } {
  const offset = text.indexOf(marker);
  if (offset < 0 || text.indexOf(marker, offset + 1) >= 0) throw new Error(`marker ${marker} must occur exactly once`);
  const head = text.slice(0, offset + marker.length).split('\n');
  return { line: head.length - 1, character: head[head.length - 1].length };
}
