/**
 * The workspace-aware rules are right about the seed, on real docker: the seed post's Dockerfile (adapted to the
 * offline base image: its `apt-get update` line dropped) gets server-executable-missing, django-app-module-missing and
 * collectstatic-missing against examples/mysite; applying only their preferred quick fixes yields an image that
 * builds, starts gunicorn and serves the page with its collected static files. (test/e2e/example-image.test.ts shows
 * the unfixed pattern fails to start.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadWorkspaceModel } from '../../server/src/project/load-workspace';
import type { WorkspaceModel } from '../../server/src/project/workspace';
import { lintDockerfile } from '../../server/src/rules/engine';
import { applyEdits } from '../../server/src/rules/testing';
import * as docker from '../support/docker';
import { buildOffline } from '../support/django-image';
import { exampleDir, loadTestbed, tempCopy, type Testbed } from '../support/testbed';

const FIXED_BY_QUICK_FIXES = ['server-executable-missing', 'django-app-module-missing', 'collectstatic-missing'];

/** The seed's first Dockerfile; the ARG default makes the linter see the official image the build arg replaces. */
const seedDockerfile = (port: number) => `ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# Stage 1: Install dependencies
FROM \${PYTHON_IMAGE} as builder
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# Stage 2: Copy application code and create final image
FROM \${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
# (the Debian-built stand-in base puts pip's packages in dist-packages)
COPY --from=builder /usr/local/lib/python3.11/dist-packages/ /usr/local/lib/python3.11/dist-packages/
COPY . .
EXPOSE ${port}
CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "myproject.wsgi:application"]
`;

describe('seed Dockerfile + the preferred quick fixes of the Django rules -> a working image', () => {
  let bed: Testbed;
  let context: string;
  let workspace: WorkspaceModel;
  let port: number;
  let fixed: string;
  const tag = docker.uniqueName('seed-fixed');
  let container: string | undefined;

  const lint = (text: string) => lintDockerfile(text, { workspace, now: new Date('2026-11-28T00:00:00Z') });

  before(async () => {
    bed = loadTestbed();
    context = tempCopy(exampleDir());
    workspace = await loadWorkspaceModel(path.join(context, 'Dockerfile'), context);
    port = await docker.freePort();
  });

  after(async () => {
    if (container) await docker.removeContainer(container);
    await docker.removeImage(tag);
    if (context) fs.rmSync(context, { recursive: true, force: true });
  });

  it('reports the three runtime defects, each with a preferred fix that removes it', () => {
    let text = seedDockerfile(port);
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
    await buildOffline(bed, context, fixed, tag);
    container = await docker.runDetached({ image: tag, env: { DJANGO_SECRET_KEY: 'e2e-seed-fix-key-not-used-elsewhere' } });
    const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
    assert.equal(home.status, 200, home.body);
    assert.match(home.body, /Hello from Django in a container/);
    const href = /href="(\/static\/css\/site\.[0-9a-f]+\.css)"/.exec(home.body)?.[1];
    assert.ok(href, `no hashed stylesheet link (collectstatic did not run?) in:\n${home.body}`);
    const css = await docker.waitForHttp(`http://127.0.0.1:${port}${href}`, 5_000);
    assert.equal(css.status, 200);
  });
});
