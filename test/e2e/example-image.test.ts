/**
 * Proves the e2e bed on real docker with examples/mysite:
 * - a hand-written multi-stage Dockerfile (venv in the builder, copied whole into a slim final stage,
 *   numeric non-root user, collectstatic, gunicorn on $PORT) builds offline and serves / and its static CSS;
 * - the seed blog post's Dockerfile (copies only site-packages) builds but cannot start: no `gunicorn` on PATH.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as docker from '../support/docker';
import { buildOffline, seedDockerfile, useExampleContext } from '../support/django-image';
import { baseImage, exampleDir, loadTestbed, type Testbed } from '../support/testbed';

const GOOD_DOCKERFILE = `
ARG PYTHON_IMAGE
FROM \${PYTHON_IMAGE} AS builder
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN python3 -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

FROM \${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \\
    PATH=/opt/venv/bin:$PATH \\
    DJANGO_SETTINGS_MODULE=config.settings.production \\
    PORT=8000
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid 10001 --no-create-home app
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY . .
# collectstatic needs some key to import production settings; this placeholder is not a secret.
RUN DJANGO_SECRET_KEY=collectstatic-placeholder python manage.py collectstatic --noinput
USER 10001:10001
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:$PORT --workers 2 config.wsgi:application"]
`;

function pipArgs(bed: Testbed): Record<string, string> {
  return { PYTHON_IMAGE: baseImage(bed, '3.11'), PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost };
}

describe('examples/mysite in a hand-written multi-stage image (BuildKit client)', () => {
  const tag = docker.uniqueName('example');
  const scene = useExampleContext([tag], async ({ bed, context, port, containers }) => {
    fs.writeFileSync(path.join(context, 'Dockerfile'), GOOD_DOCKERFILE);
    fs.writeFileSync(path.join(context, '.dockerignore'), 'Dockerfile\n.dockerignore\n**/__pycache__\ndb.sqlite3\nstaticfiles\n');
    const built = await docker.build({ context, tag, buildArgs: pipArgs(bed), buildkit: true });
    assert.equal(built.code, 0, `build failed:\n${built.output.slice(-4000)}`);
    containers.push(
      await docker.runDetached({
        image: tag,
        env: { DJANGO_SECRET_KEY: 'e2e-test-key-not-used-anywhere-else', PORT: String(port) },
      }),
    );
  });
  const container = () => scene.containers[0];

  it('declares a non-root numeric user in the image', async () => {
    assert.equal(await docker.inspectUser(tag), '10001:10001');
  });

  it('answers HTTP 200 on / from gunicorn, running as a non-root uid', async () => {
    const home = await docker.waitForHttp(`http://127.0.0.1:${scene.port}/`, 30_000, container());
    assert.equal(home.status, 200, home.body);
    assert.match(home.body, /Hello from Django in a container/);
    const uid = Number(/Running as uid (\d+)/.exec(home.body)?.[1]);
    assert.notEqual(uid, 0);
    assert.equal(await docker.runningUid(container()), uid);
  });

  it('serves the collected, hashed static CSS through whitenoise', async () => {
    const home = await docker.waitForHttp(`http://127.0.0.1:${scene.port}/`, 30_000, container());
    const href = /href="(\/static\/css\/site\.[0-9a-f]+\.css)"/.exec(home.body)?.[1];
    assert.ok(href, `no hashed stylesheet link in:\n${home.body}`);
    const css = await docker.waitForHttp(`http://127.0.0.1:${scene.port}${href}`, 5_000);
    assert.equal(css.status, 200);
    assert.equal(css.body, fs.readFileSync(path.join(exampleDir(), 'static', 'css', 'site.css'), 'utf8'));
  });

  it('does not leak the runtime secret into the image', async () => {
    const history = await docker.dockerOk(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]);
    assert.doesNotMatch(history.stdout, /e2e-test-key/);
    const config = await docker.dockerOk(['image', 'inspect', '--format', '{{json .Config.Env}}', tag]);
    assert.doesNotMatch(config.stdout, /DJANGO_SECRET_KEY/);
  });

  it('stops on SIGTERM in under 5 s', async () => {
    const ms = await docker.stop(container(), 10);
    assert.ok(ms < 5_000, `docker stop took ${ms} ms`);
  });
});

describe('local Python base images', () => {
  it('each image in state.json runs the Python version it is listed under, with venv and pip wheels', async () => {
    const bed = loadTestbed();
    assert.ok(Object.keys(bed.baseImages).length >= 2, `want two Python versions, have ${JSON.stringify(bed.baseImages)}`);
    for (const [version, image] of Object.entries(bed.baseImages)) {
      const result = await docker.runOnce({
        image,
        command: ['python3', '-c', 'import sys, ensurepip, venv; print("%d.%d" % sys.version_info[:2])'],
      });
      assert.equal(result.code, 0, result.output);
      assert.equal(result.stdout.trim(), version, image);
    }
  });
});

describe("the seed post's Dockerfile (site-packages-only copy, plain builder)", () => {
  const tag = docker.uniqueName('seed');
  const scene = useExampleContext([tag]);

  it('builds, has the packages, but cannot start: gunicorn is not on PATH', async () => {
    await buildOffline(scene.bed, scene.context, seedDockerfile(8000), tag);

    const imports = await docker.runOnce({ image: tag, command: ['python3', '-c', 'import django, gunicorn; print(django.get_version())'] });
    assert.equal(imports.code, 0, imports.output);
    assert.equal(imports.stdout.trim(), '3.2.25');

    const started = await docker.runOnce({ image: tag, timeoutMs: 60_000 });
    assert.notEqual(started.code, 0);
    assert.match(started.output, /"gunicorn": executable file not found in \$PATH/);
  });
});
