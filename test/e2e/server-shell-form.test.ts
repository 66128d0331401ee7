/**
 * server-shell-form is right on real docker: with a shell-form CMD, /bin/sh (dash) is PID 1, swallows SIGTERM and
 * `docker stop` waits the whole grace period before killing gunicorn; after the rule's exec-form fix gunicorn is
 * PID 1 and stops gracefully at once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDockerfile } from '../../server/src/rules/engine';
import { applyEdits } from '../../server/src/rules/testing';
import * as docker from '../support/docker';
import { buildOffline, useExampleContext, venvDockerfile } from '../support/django-image';

const dockerfile = (port: number) =>
  venvDockerfile(
    port,
    `CMD gunicorn --bind 0.0.0.0:${port} config.wsgi:application`,
  );

describe('shell-form gunicorn CMD: docker stop before and after the exec-form fix', () => {
  const tags = [docker.uniqueName('shell-form'), docker.uniqueName('exec-form')];
  const scene = useExampleContext(tags);

  /** Builds, starts, waits for HTTP, then returns PID 1's command line and how long `docker stop -t 8` took. */
  async function stopTime(text: string, tag: string): Promise<{ pid1: string; ms: number }> {
    await buildOffline(scene.bed, scene.context, text, tag);
    const container = await docker.runDetached({ image: tag, env: { DJANGO_SECRET_KEY: 'e2e-shell-form-key-not-used-elsewhere' } });
    scene.containers.push(container);
    await docker.waitForHttp(`http://127.0.0.1:${scene.port}/`, 60_000, container);
    const pid1 = (await docker.exec(container, ['cat', '/proc/1/cmdline'])).stdout.replace(/\0/g, ' ').trim();
    return { pid1, ms: await docker.stop(container, 8) };
  }

  it('flagged shell form: sh is PID 1 and docker stop waits out the grace period', async () => {
    const text = dockerfile(scene.port);
    assert.equal(lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'server-shell-form').length, 1);
    const { pid1, ms } = await stopTime(text, tags[0]);
    assert.match(pid1, /^\/bin\/sh -c /);
    assert.ok(ms >= 7_500, `docker stop took only ${ms} ms`);
  });

  it('after the quick fix: gunicorn is PID 1 and stops in under 5 s', async () => {
    const text = dockerfile(scene.port);
    const [finding] = lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'server-shell-form');
    const fixed = applyEdits(text, finding.fixes!.find((f) => f.preferred)!.edits);
    assert.match(fixed, /CMD \["gunicorn", "--bind", "0\.0\.0\.0:\d+", "config\.wsgi:application"\]/);
    assert.deepEqual(lintDockerfile(fixed, { workspace: null }).filter((f) => f.ruleId === 'server-shell-form'), []);
    const { pid1, ms } = await stopTime(fixed, tags[1]);
    assert.match(pid1, /gunicorn/);
    assert.ok(ms < 5_000, `docker stop took ${ms} ms`);
  });
});
