import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkspaceModel } from '../project/workspace';
import { buildContextOf, WorkspaceModels } from './workspace-models';

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-wsm-'));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
  }
  return root;
}

test('the build context is the nearest folder with manage.py at or above the Dockerfile, inside the workspace', () => {
  const root = tree(['site/manage.py', 'site/Dockerfile', 'site/docker/Dockerfile.prod', 'other/Dockerfile']);
  try {
    assert.equal(buildContextOf(path.join(root, 'site', 'Dockerfile'), [root]), path.join(root, 'site'));
    assert.equal(buildContextOf(path.join(root, 'site', 'docker', 'Dockerfile.prod'), [root]), path.join(root, 'site'));
    assert.equal(buildContextOf(path.join(root, 'other', 'Dockerfile'), [root]), path.join(root, 'other'), 'no manage.py: its own folder');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('one load per context; a change inside the context drops it, a change elsewhere does not', async () => {
  const root = tree(['a/manage.py', 'b/manage.py']);
  try {
    const loads: string[] = [];
    const models = new WorkspaceModels((_dockerfile, contextDir) => {
      loads.push(contextDir);
      return { contextDir, project: null, files: new Set(), readFile: () => undefined } satisfies WorkspaceModel;
    });
    const a = path.join(root, 'a', 'Dockerfile');
    const [first, second] = await Promise.all([models.forDockerfile(a, [root]), models.forDockerfile(a, [root])]);
    assert.equal(first, second);
    assert.equal(loads.length, 1);
    assert.equal(models.invalidate([path.join(root, 'b', 'settings.py')]), false);
    assert.equal(await models.forDockerfile(a, [root]), first);
    const generation = models.generation;
    assert.equal(models.invalidate([path.join(root, 'a', 'config', 'settings.py')]), true);
    assert.ok(models.generation > generation);
    assert.notEqual(await models.forDockerfile(a, [root]), first);
    assert.equal(loads.length, 2);
    assert.equal(await models.forDockerfile(null, [root]), null, 'untitled documents have no workspace');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a change in the context of an open Dockerfile counts even when no model is cached here', () => {
  const root = tree(['a/manage.py', 'b/manage.py']);
  try {
    const models = new WorkspaceModels(() => null);
    const generation = models.generation;
    const open = [path.join(root, 'a', 'Dockerfile')];
    assert.equal(models.invalidate([path.join(root, 'b', 'x.py')], open, [root]), false);
    assert.equal(models.invalidate([path.join(root, 'a', 'x.py')], open, [root]), true);
    assert.equal(models.generation, generation + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a loader that fails gives null, not a rejected request', async () => {
  const models = new WorkspaceModels(() => {
    throw new Error('EACCES');
  });
  assert.equal(await models.forDockerfile('/nonexistent/Dockerfile', []), null);
});
