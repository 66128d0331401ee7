/**
 * python-stage-mismatch is right on real docker: a venv built on Python 3.11 (bookworm) copied into a Python 3.13
 * (trixie) stage cannot import its packages; the rule's quick fix (the runtime ARG default retagged to the builder's
 * Python and suite) gives an image that imports Django. The official tags in the ARG defaults are what the linter
 * reads; the build maps each to the offline stand-in image of the same Python and suite.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDockerfile } from '../../server/src/rules/engine';
import { applyEdits } from '../../server/src/rules/testing';
import { buildOffline, useExampleContext, venvBuilderStage } from '../support/django-image';
import * as docker from '../support/docker';
import { baseImage } from '../support/testbed';

const DOCKERFILE = `ARG BUILDER_IMAGE=python:3.11-slim-bookworm
ARG RUNTIME_IMAGE=python:3.13-slim-trixie
${venvBuilderStage('${BUILDER_IMAGE}')}
FROM \${RUNTIME_IMAGE}
ENV PATH=/opt/venv/bin:$PATH
COPY --from=builder /opt/venv /opt/venv
CMD ["python", "-c", "import django; print(django.get_version())"]
`;

describe('a Python 3.11 venv copied into a Python 3.13 stage, before and after the quick fix', () => {
  const tags = [docker.uniqueName('stage-mismatch'), docker.uniqueName('stage-aligned')];
  const scene = useExampleContext(tags);

  /** Builds with each `ARG *_IMAGE=python:X.Y-slim-<suite>` default replaced by the stand-in image for it, then runs once. */
  async function buildAndRun(text: string, tag: string) {
    const standIns: Record<string, string> = {
      'python:3.11-slim-bookworm': baseImage(scene.bed, '3.11'),
      'python:3.13-slim-trixie': baseImage(scene.bed, '3.13'),
    };
    const images: Record<string, string> = {};
    for (const [, name, image] of text.matchAll(/^ARG (\w+_IMAGE)=(\S+)$/gm)) {
      assert.ok(standIns[image], `no stand-in image for ${image}`);
      images[name] = standIns[image];
    }
    await buildOffline(scene.bed, scene.context, text, tag, images);
    return docker.runOnce({ image: tag, timeoutMs: 60_000 });
  }

  it('flagged: the 3.13 stage cannot import the packages of the 3.11 venv', async () => {
    const findings = lintDockerfile(DOCKERFILE, { workspace: null }).filter((f) => f.ruleId === 'python-stage-mismatch');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.start.line, DOCKERFILE.split('\n').findIndex((line) => line.startsWith('COPY --from=builder')));
    const run = await buildAndRun(DOCKERFILE, tags[0]);
    assert.notEqual(run.code, 0);
    assert.match(run.output, /No module named 'django'/);
  });

  it('after the quick fix: no finding, and the image imports Django', async () => {
    const [finding] = lintDockerfile(DOCKERFILE, { workspace: null }).filter((f) => f.ruleId === 'python-stage-mismatch');
    const fixed = applyEdits(DOCKERFILE, finding.fixes!.find((f) => f.preferred)!.edits);
    assert.match(fixed, /^ARG RUNTIME_IMAGE=python:3\.11-slim-bookworm$/m);
    assert.deepEqual(lintDockerfile(fixed, { workspace: null }).filter((f) => f.ruleId === 'python-stage-mismatch'), []);
    const run = await buildAndRun(fixed, tags[1]);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout.trim(), '3.2.25');
  });
});
