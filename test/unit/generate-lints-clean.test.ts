/**
 * The generator's own output must lint clean under every rule (ours and the generic layer), for the example
 * project loaded from disk and for hand-built projects covering each dependency manager, app server and option.
 * Shared by H4 (Django rules) and H5 (generic rules).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { renderProjectFiles } from '../../server/src/generate/render';
import type { GenerateOptions } from '../../server/src/generate/options';
import { loadWorkspaceModel } from '../../server/src/project/load-workspace';
import type { DjangoProject } from '../../server/src/project/types';
import type { WorkspaceModel } from '../../server/src/project/workspace';
import { lintDockerfile, type LintFinding } from '../../server/src/rules/engine';
import { exampleDir } from '../support/testbed';
import { packageRoot } from '../../server/src/util/paths';
import { MYSITE, project } from './generate/projects';

const NOW = new Date('2026-11-28T00:00:00Z');

/** A workspace holding the project's Python modules plus the generated files (so .dockerignore exists). */
function workspaceWith(model: DjangoProject, generated: Map<string, string>, base?: WorkspaceModel): WorkspaceModel {
  const files = new Map<string, string>();
  if (!base) {
    const moduleFile = (module: string | null) => (module ? `${module.split(':')[0].split('.').join('/')}.py` : null);
    for (const module of [model.wsgiApplication, model.asgiApplication]) {
      const file = moduleFile(module);
      if (file) files.set(file, 'application = get_wsgi_application()\n');
    }
    for (const module of model.settingsModules) files.set(moduleFile(module) as string, '');
    files.set(model.managePy, '');
    for (const dependencyFile of model.dependencyFiles) files.set(dependencyFile, '');
  }
  for (const [file, content] of generated) files.set(file, content);
  return {
    contextDir: base?.contextDir ?? '/work/generated',
    project: model,
    files: new Set([...(base?.files ?? []), ...files.keys()]),
    readFile: (rel) => files.get(rel) ?? base?.readFile(rel),
  };
}

function lintGenerated(model: DjangoProject, options: GenerateOptions, base?: WorkspaceModel): { dockerfile: string; findings: LintFinding[] } {
  const generated = new Map(renderProjectFiles(model, { now: NOW, ...options }).map((file) => [file.path, file.content]));
  const dockerfile = generated.get('Dockerfile');
  assert.ok(dockerfile, 'a Dockerfile is generated');
  return { dockerfile, findings: lintDockerfile(dockerfile, { workspace: workspaceWith(model, generated, base), now: NOW }) };
}

function assertClean(label: string, { dockerfile, findings }: { dockerfile: string; findings: LintFinding[] }): void {
  const lines = dockerfile.split('\n');
  const report = findings.map((f) => `${f.ruleId} (${f.severity}) line ${f.range.start.line + 1}: ${f.message}\n    ${lines[f.range.start.line]}`);
  assert.deepEqual(report, [], `${label}: the generated Dockerfile has findings`);
}

test('examples/mysite, loaded from disk: the generated Dockerfile lints clean', async () => {
  const dir = exampleDir('mysite');
  const workspace = await loadWorkspaceModel(path.join(dir, 'Dockerfile'), dir);
  assert.ok(workspace.project, 'mysite is detected');
  assertClean('mysite', lintGenerated(workspace.project, {}, workspace));
});

/**
 * Python-choice, app-server and local-install (pip-editable) fixtures: whatever Python and server the generator picks lints with 0 errors; an EOL
 * Python the project asks for is a warning.
 */
for (const name of ['django32-unpinned', 'django42-unpinned', 'python38-pinned', 'conflicting-python-pins', 'channels-asgi', 'channels-daphne-extra', 'uwsgi', 'uv-workspace', 'pip-editable']) {
  test(`fixtures/projects/${name}, loaded from disk: the generated Dockerfile has 0 errors`, async () => {
    const dir = path.join(packageRoot(), 'test', 'fixtures', 'projects', name);
    const workspace = await loadWorkspaceModel(path.join(dir, 'Dockerfile'), dir);
    assert.ok(workspace.project, `${name} is detected`);
    const { dockerfile, findings } = lintGenerated(workspace.project, {}, workspace);
    const eolChosen = (f: LintFinding) => f.ruleId === 'python-base-eol' && f.severity === 'warning' && /The project asks for it; upgrade path/.test(f.message);
    assert.deepEqual(findings.filter((f) => !eolChosen(f)).map((f) => `${f.ruleId} (${f.severity}): ${f.message}`), [], dockerfile);
    const eol = /^ARG PYTHON_IMAGE=python:(3\.(?:8|10))-/m.exec(dockerfile);
    assert.equal(findings.length, eol ? 2 : 0, `${name}: one EOL warning per FROM exactly when the chosen Python is EOL`);
  });
}

const VARIANTS: ReadonlyArray<[string, DjangoProject, GenerateOptions]> = [
  ['mysite model, defaults', MYSITE, {}],
  ['mysite, legacy builder (no BuildKit)', MYSITE, { buildkit: false }],
  ['mysite, ECR Public mirror base, port 5000', MYSITE, { baseImage: 'public.ecr.aws/docker/library/python:3.12-slim-bookworm', port: 5000 }],
  [
    'postgres via psycopg2 (build and runtime packages)',
    project({ dependencies: ['django', 'gunicorn', 'psycopg2'], databaseEngines: ['postgresql'], systemPackages: { build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] } }),
    {},
  ],
  ['uv project', project({ dependencyManager: 'uv', dependencyFiles: ['pyproject.toml', 'uv.lock'] }), {}],
  ['poetry project', project({ dependencyManager: 'poetry', dependencyFiles: ['pyproject.toml', 'poetry.lock'] }), {}],
  ['pipenv project', project({ dependencyManager: 'pipenv', dependencyFiles: ['Pipfile', 'Pipfile.lock'] }), {}],
  ['pip requirements installing ./pkg, classic', project({ dependencyFiles: ['requirements.txt', 'pkg/pyproject.toml'], localInstalls: ['pkg'] }), { buildkit: false }],
  [
    'ASGI project on uvicorn',
    project({ asgiApplication: 'mysite.asgi:application', asgiRequired: true, appServer: 'uvicorn', dependencies: ['django', 'uvicorn'] }),
    {},
  ],
  ['uWSGI project', project({ appServer: 'uwsgi', dependencies: ['django', 'uwsgi'], systemPackages: { build: ['gcc', 'libc6-dev'], runtime: [] } }), {}],
  ['uWSGI project, legacy builder', project({ appServer: 'uwsgi', dependencies: ['django', 'pyuwsgi'] }), { buildkit: false }],
  ['uv project with no server (gunicorn installed outside uv.lock, with a comment)', project({ dependencyManager: 'uv', dependencyFiles: ['pyproject.toml', 'uv.lock'], dependencies: ['django'], appServer: null }), {}],
  [
    'uv workspace member (two syncs with --package)',
    project({
      managePy: 'apps/web/manage.py', dependencyManager: 'uv', dependencyFiles: ['pyproject.toml', 'uv.lock', 'apps/lib/pyproject.toml', 'apps/web/pyproject.toml'],
      uvWorkspace: { root: '.', member: 'apps/web', package: 'web', members: ['apps/lib', 'apps/web'] },
    }),
    { buildkit: false },
  ],
  [
    'channels project on daphne',
    project({ asgiApplication: 'mysite.asgi:application', asgiRequired: true, appServer: 'daphne', dependencies: ['django', 'channels', 'daphne'] }),
    {},
  ],
];

for (const [label, model, options] of VARIANTS) {
  test(`generated Dockerfile lints clean: ${label}`, () => {
    assertClean(label, lintGenerated(model, options));
  });
}

test('whitenoise without STATIC_ROOT: the generator skips collectstatic and only the settings advice remains', () => {
  const model = project({ whitenoise: true, staticRoot: false, dependencies: ['django', 'gunicorn', 'whitenoise'] });
  const { findings } = lintGenerated(model, {});
  assert.deepEqual(
    findings.map((f) => `${f.ruleId}:${f.severity}`),
    ['collectstatic-missing:info'],
    'a settings problem, reported as info with a settings-file fix; nothing in the Dockerfile itself',
  );
});
