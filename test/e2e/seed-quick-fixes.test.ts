/**
 * The workspace-aware rules are right about the seed, on real docker: the seed post's Dockerfile (adapted to the
 * offline base image: its `apt-get update` line dropped) gets server-executable-missing, django-app-module-missing and
 * collectstatic-missing against examples/mysite; applying only their preferred quick fixes yields an image that
 * builds, starts gunicorn and serves the page with its collected static files. (test/e2e/example-image.test.ts shows
 * the unfixed pattern fails to start.)
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspaceModel } from '../../server/src/project/load-workspace';
import type { WorkspaceModel } from '../../server/src/project/workspace';
import { lintDockerfile } from '../../server/src/rules/engine';
import { applyEdits } from '../../server/src/rules/testing';
import * as docker from '../support/docker';
import { buildOffline, seedDockerfile, useExampleContext } from '../support/django-image';

const FIXED_BY_QUICK_FIXES = ['server-executable-missing', 'django-app-module-missing', 'collectstatic-missing'];

describe('seed Dockerfile + the preferred quick fixes of the Django rules -> a working image', () => {
  let workspace: WorkspaceModel;
  let fixed: string;
  const tag = docker.uniqueName('seed-fixed');
  const scene = useExampleContext([tag], async ({ context }) => {
    workspace = await loadWorkspaceModel(path.join(context, 'Dockerfile'), context);
  });

  const lint = (text: string) => lintDockerfile(text, { workspace, now: new Date('2026-11-28T00:00:00Z') });

  it('reports the three runtime defects, each with a preferred fix that removes it', () => {
    let text = seedDockerfile(scene.port);
    const before = new Set(lint(text).map((f) => f.ruleId));
    for (const ruleId of FIXED_BY_QUICK_FIXES) assert.ok(before.has(ruleId), `${ruleId} is reported on the seed`);
    for (const ruleId of FIXED_BY_QUICK_FIXES) {
      const fix = lint(text).find((f) => f.ruleId === ruleId)?.fixes?.find((f) => f.preferred);
      assert.ok(fix, `${ruleId} has a preferred fix`);
      assert.ok(fix.edits.every((edit) => !edit.path), `${ruleId}'s fix edits the Dockerfile only`);
      text = applyEdits(text, fix.edits);
    }
    const after = lint(text).map((f) => f.ruleId);
    for (const ruleId of FIXED_BY_QUICK_FIXES) assert.ok(!after.includes(ruleId), `${ruleId} is gone`);
    fixed = text;
  });

  it('the fixed Dockerfile builds offline and serves the page with collected static files', async () => {
    assert.ok(fixed, 'the previous step produced the fixed Dockerfile');
    await buildOffline(scene.bed, scene.context, fixed, tag);
    const container = await docker.runDetached({ image: tag, env: { DJANGO_SECRET_KEY: 'e2e-seed-fix-key-not-used-elsewhere' } });
    scene.containers.push(container);
    const home = await docker.waitForHttp(`http://127.0.0.1:${scene.port}/`, 60_000, container);
    assert.equal(home.status, 200, home.body);
    assert.match(home.body, /Hello from Django in a container/);
    const href = /href="(\/static\/css\/site\.[0-9a-f]+\.css)"/.exec(home.body)?.[1];
    assert.ok(href, `no hashed stylesheet link (collectstatic did not run?) in:\n${home.body}`);
    const css = await docker.waitForHttp(`http://127.0.0.1:${scene.port}${href}`, 5_000);
    assert.equal(css.status, 200);
  });
});
