/**
 * healthcheck-tool-missing is right on real docker: a `HEALTHCHECK CMD curl …` on the slim base (which has no curl)
 * turns the container unhealthy although gunicorn serves; the rule's quick fix (a Python urllib check) turns it healthy.
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
    `HEALTHCHECK --interval=2s --timeout=2s --start-period=1s --retries=2 CMD curl -fsS http://127.0.0.1:${port}/ || exit 1
CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "config.wsgi:application"]`,
  );

async function healthAfterServing(image: string, port: number, containers: string[]): Promise<string> {
  const container = await docker.runDetached({ image, env: { DJANGO_SECRET_KEY: 'e2e-healthcheck-key-not-used-elsewhere' } });
  containers.push(container);
  const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
  assert.equal(home.status, 200, 'gunicorn serves either way');
  // Wait for a settled verdict: starting -> healthy | unhealthy.
  for (let i = 0; i < 30; i++) {
    const status = (await docker.dockerOk(['inspect', '--format', '{{.State.Health.Status}}', container])).stdout.trim();
    if (status !== 'starting') return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return 'starting';
}

describe('HEALTHCHECK with curl on a slim image, before and after the quick fix', () => {
  const tags = [docker.uniqueName('hc-curl'), docker.uniqueName('hc-python')];
  const scene = useExampleContext(tags);
  const { containers } = scene;

  const build = (text: string, tag: string) => buildOffline(scene.bed, scene.context, text, tag);

  it('flagged: the container is unhealthy although the site answers', async () => {
    const text = dockerfile(scene.port);
    const findings = lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'healthcheck-tool-missing');
    assert.equal(findings.length, 1);
    await build(text, tags[0]);
    assert.equal(await healthAfterServing(tags[0], scene.port, containers), 'unhealthy');
    await docker.removeContainer(containers.pop()!);
  });

  it('after the quick fix: no finding, and the container turns healthy', async () => {
    const text = dockerfile(scene.port);
    const [finding] = lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'healthcheck-tool-missing');
    const fixed = applyEdits(text, finding.fixes!.find((f) => f.preferred)!.edits);
    assert.deepEqual(lintDockerfile(fixed, { workspace: null }).filter((f) => f.ruleId === 'healthcheck-tool-missing'), []);
    await build(fixed, tags[1]);
    assert.equal(await healthAfterServing(tags[1], scene.port, containers), 'healthy');
  });
});
