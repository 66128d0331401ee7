/**
 * Test support for rule tests: a WorkspaceModel from an in-memory file map, and a DjangoProject shaped like
 * examples/mysite, so rules can be tested without the disk (H2's loader builds the real ones).
 */
import { parseDockerfile } from '../dockerfile/model';
import type { Finding, Rule } from './types';
import type { DjangoProject } from '../project/types';
import type { WorkspaceModel } from '../project/workspace';

export function djangoProject(overrides: Partial<DjangoProject> = {}): DjangoProject {
  return {
    root: '.',
    managePy: 'manage.py',
    settingsModule: 'config.settings.production',
    settingsModules: ['config.settings.production', 'config.settings.base', 'config.settings.dev'],
    wsgiApplication: 'config.wsgi:application',
    asgiApplication: null,
    asgiRequired: false,
    pythonVersion: '3.12',
    dependencyManager: 'pip',
    dependencyFiles: ['requirements.txt'],
    dependencies: ['django', 'gunicorn', 'whitenoise'],
    appServer: 'gunicorn',
    staticRoot: true,
    whitenoise: true,
    databaseEngines: ['sqlite3'],
    celery: false,
    systemPackages: { build: [], runtime: [] },
    warnings: [],
    ...overrides,
  };
}

/** The files of examples/mysite that rules look at (names only, contents where a rule reads them). */
export const MYSITE_FILES: Readonly<Record<string, string>> = {
  'manage.py': 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")\n',
  'requirements.txt': 'Django==3.2.25\ngunicorn==20.1.0\nwhitenoise==6.0.0\n',
  'config/__init__.py': '',
  'config/wsgi.py': 'application = get_wsgi_application()\n',
  'config/urls.py': '',
  'config/settings/__init__.py': '',
  'config/settings/base.py': 'STATIC_ROOT = BASE_DIR / "staticfiles"\n',
  'config/settings/dev.py': 'DEBUG = True\n',
  'config/settings/production.py': 'STATICFILES_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"\n',
  'pages/__init__.py': '',
  'pages/views.py': '',
};

export function testWorkspace(
  files: Readonly<Record<string, string>> = MYSITE_FILES,
  project: DjangoProject | null = djangoProject(),
  contextDir = '/work/ctx',
): WorkspaceModel {
  const map = new Map(Object.entries(files));
  return { contextDir, project, files: new Set(map.keys()), readFile: (rel) => map.get(rel) };
}

/** Runs one rule over a Dockerfile text. */
export function findingsOf(rule: Rule, text: string, workspace: WorkspaceModel | null = null): Finding[] {
  return rule.check({ dockerfile: parseDockerfile(text), workspace });
}

/** Applies a fix's Dockerfile edits to the text (edits must not overlap), for asserting quick-fix results. */
export function applyEdits(text: string, edits: ReadonlyArray<{ path?: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const offsetOf = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  const sorted = edits.filter((e) => !e.path).map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), text: e.newText }));
  sorted.sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
