import { moduleFile } from './support/python-modules';
import { collectstaticUses } from './support/collectstatic';
import type { Fix, Rule } from './types';
import type { WorkspaceModel } from '../project/workspace';

export const collectstaticWithoutStaticRoot: Rule = {
  id: 'collectstatic-without-static-root',
  defaultSeverity: 'error',
  title: 'collectstatic runs but the settings define no STATIC_ROOT',
  doc: [
    '`manage.py collectstatic` copies static files into `STATIC_ROOT`. Without it Django stops with',
    '`ImproperlyConfigured: You\'re using the staticfiles app without having set the STATIC_ROOT setting`, so the',
    'build (or the container start) fails.',
    '',
    'Fix: set `STATIC_ROOT = BASE_DIR / "staticfiles"` in the settings (the quick fix appends it to the settings module).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const project = workspace?.project;
    if (!workspace || !project || project.staticRoot) return [];
    const fix = appendStaticRootFix(workspace);
    return collectstaticUses(dockerfile).map((use) => ({
      ruleId: this.id,
      message: `collectstatic needs STATIC_ROOT, but the project's settings (${project.settingsModule ?? 'not found'}) do not set it`,
      range: use.range,
      fixes: fix ? [fix] : [],
    }));
  },
};

function appendStaticRootFix(workspace: WorkspaceModel): Fix | null {
  const module = workspace.project?.settingsModule;
  const file = module ? moduleFile(workspace, module) : undefined;
  const text = file ? workspace.readFile(file) : undefined;
  if (!file || text === undefined) return null;
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const value = /\bBASE_DIR\b/.test(text) ? 'BASE_DIR / "staticfiles"' : '"/app/staticfiles"';
  return {
    title: `Set STATIC_ROOT in ${file}`,
    preferred: true,
    edits: [{ path: `${workspace.contextDir}/${file}`, range: { start: end, end }, newText: `${text.endsWith('\n') || text === '' ? '' : '\n'}STATIC_ROOT = ${value}\n` }],
  };
}
