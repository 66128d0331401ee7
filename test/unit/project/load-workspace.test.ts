/** The WorkspaceModel for a Dockerfile: context files, the project built from it, cached reads. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspaceModel, projectForDockerfile, workspaceModelFromFiles } from '../../../server/src/project/load-workspace';
import type { DjangoProject } from '../../../server/src/project/types';
import { packageRoot } from '../../../server/src/util/paths';

const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'projects');

describe('loadWorkspaceModel', () => {
  it('defaults the context to the Dockerfile folder and finds the project rooted there', async () => {
    const model = await loadWorkspaceModel(path.join(ROOT, 'examples', 'mysite', 'Dockerfile'));
    assert.equal(model.contextDir, path.join(ROOT, 'examples', 'mysite'));
    assert.equal(model.project?.settingsModule, 'config.settings.production');
    assert.ok(model.files.has('requirements.txt') && model.files.has('config/settings/base.py'));
    assert.match(model.readFile('requirements.txt') ?? '', /gunicorn==20\.1\.0/);
    assert.equal(model.readFile('missing.txt'), undefined);
    assert.equal(model.readFile('../../package.json'), undefined, 'reads stay inside the context');
    assert.equal(model.truncated, false);
  });

  it('accepts the context folder alone (as the language server passes it)', async () => {
    const context = path.join(ROOT, 'examples', 'mysite');
    const model = await loadWorkspaceModel(context);
    assert.equal(model.contextDir, context);
    assert.equal(model.project?.root, '.');
    assert.equal(model.project?.wsgiApplication, 'config.wsgi:application');
  });

  it('lists no files of virtualenvs or node_modules, and says which were skipped', async () => {
    const venv = await loadWorkspaceModel(path.join(FIXTURES, 'virtualenv-inside', 'Dockerfile'));
    assert.ok(![...venv.files].some((f) => f.startsWith('.venv/') || f.startsWith('env/')));
    assert.equal(venv.skippedDirs.get('.venv'), 'virtualenv');
    assert.deepEqual(venv.project?.virtualenvs, ['.venv', 'env']);
    const mono = await loadWorkspaceModel(path.join(FIXTURES, 'monorepo-subfolder', 'Dockerfile'));
    assert.equal(mono.skippedDirs.get('frontend/node_modules'), 'ignored');
  });

  it('with an explicit context, picks the project whose root holds the Dockerfile', async () => {
    const context = path.join(FIXTURES, 'two-projects');
    const model = await loadWorkspaceModel(path.join(context, 'site_b', 'Dockerfile'), context);
    assert.equal(model.contextDir, context);
    assert.equal(model.project?.root, 'site_b');
    const none = await loadWorkspaceModel(path.join(context, 'Dockerfile'), context);
    assert.equal(none.project, null, 'two projects and neither holds the Dockerfile');
  });

  it('a missing context is an empty model, not an error', async () => {
    const model = await loadWorkspaceModel(path.join(os.tmpdir(), 'dct-missing-context', 'Dockerfile'));
    assert.equal(model.project, null);
    assert.equal(model.files.size, 0);
  });

  it('caches reads: a model keeps the text it first read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-ws-'));
    try {
      fs.writeFileSync(path.join(dir, '.dockerignore'), '.venv\n');
      const model = await loadWorkspaceModel(path.join(dir, 'Dockerfile'));
      assert.equal(model.readFile('.dockerignore'), '.venv\n');
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'changed\n');
      assert.equal(model.readFile('.dockerignore'), '.venv\n');
      assert.equal((await loadWorkspaceModel(path.join(dir, 'Dockerfile'))).readFile('.dockerignore'), 'changed\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspaceModelFromFiles', () => {
  it('serves files from memory', () => {
    const model = workspaceModelFromFiles('/ctx', null, new Map([['requirements.txt', 'django\n'], ['app/x.py', '']]));
    assert.deepEqual([...model.files].sort(), ['app/x.py', 'requirements.txt']);
    assert.equal(model.readFile('requirements.txt'), 'django\n');
    assert.equal(model.readFile('./requirements.txt'), 'django\n');
    assert.equal(model.readFile('nope'), undefined);
  });
});

describe('projectForDockerfile', () => {
  const at = (root: string): DjangoProject => ({ root } as DjangoProject);
  it('prefers the context root, then the deepest root holding the Dockerfile, then the only project', () => {
    assert.equal(projectForDockerfile([at('a'), at('.')], 'Dockerfile')?.root, '.');
    assert.equal(projectForDockerfile([at('a'), at('a/b'), at('c')], 'a/b/Dockerfile')?.root, 'a/b');
    assert.equal(projectForDockerfile([at('backend')], 'Dockerfile')?.root, 'backend');
    assert.equal(projectForDockerfile([at('x'), at('y')], 'Dockerfile'), null);
    assert.equal(projectForDockerfile([], 'Dockerfile'), null);
  });
});
