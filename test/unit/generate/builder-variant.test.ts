import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { decideBuilderVariant, parseBuilderRequest, type DockerBuilderProbe } from '../../../server/src/generate/builder-variant';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { buildKitOnlyFeatures } from '../../../server/src/push/buildkit-features';
import { MYSITE } from './projects';

const probe = (builder: 'buildx' | 'buildkit' | 'legacy', clientVersion = '28.2.2'): DockerBuilderProbe =>
  ({ reachable: true, dockerPath: '/usr/local/bin/docker', clientVersion, builder });

describe('decideBuilderVariant', () => {
  it('keeps an explicit choice without looking at docker', () => {
    assert.equal(decideBuilderVariant('buildkit', probe('legacy'), {}).buildkit, true);
    assert.equal(decideBuilderVariant('classic', probe('buildx'), {}).buildkit, false);
    assert.match(decideBuilderVariant('classic', undefined, {}).reason, /as requested/);
  });

  it('auto: BuildKit with buildx or the built-in BuildKit of a docker before 23, and says why', () => {
    const buildx = decideBuilderVariant('auto', probe('buildx'), {});
    assert.deepEqual([buildx.buildkit, /buildx plugin/.test(buildx.reason)], [true, true]);
    const builtIn = decideBuilderVariant('auto', probe('buildkit', '20.10.24'), {});
    assert.equal(builtIn.buildkit, true);
    assert.match(builtIn.reason, /client 20\.10\.24.*BuildKit built in/);
  });

  it('auto: classic on a docker that only has the legacy builder, naming the docker', () => {
    const legacy = decideBuilderVariant('auto', probe('legacy'), {});
    assert.equal(legacy.buildkit, false);
    assert.match(legacy.reason, /Classic-builder variant: \/usr\/local\/bin\/docker \(client 28\.2\.2\) has no buildx plugin/);
  });

  it('auto: DOCKER_BUILDKIT=0 means classic even with buildx; other values change nothing', () => {
    const off = decideBuilderVariant('auto', probe('buildx'), { DOCKER_BUILDKIT: '0' });
    assert.equal(off.buildkit, false);
    assert.match(off.reason, /DOCKER_BUILDKIT=0/);
    assert.equal(decideBuilderVariant('auto', probe('buildx'), { DOCKER_BUILDKIT: '1' }).buildkit, true);
  });

  it('auto with no docker reachable keeps BuildKit and says so', () => {
    const none = decideBuilderVariant('auto', { reachable: false, dockerPath: 'docker', problem: 'The Docker daemon is not running' }, {});
    assert.equal(none.buildkit, true);
    assert.match(none.reason, /docker could not be asked \(The Docker daemon is not running\).*--builder classic/);
  });

  it('parses the option and setting values', () => {
    assert.equal(parseBuilderRequest('classic'), 'classic');
    assert.equal(parseBuilderRequest(undefined), undefined);
    assert.equal(parseBuilderRequest('legacy'), undefined);
  });
});

describe('the two Dockerfile variants', () => {
  const dockerfile = (buildkit: boolean) =>
    renderProjectFiles(MYSITE, { buildkit, now: new Date('2026-11-28T00:00:00Z') }).find((f) => f.path === 'Dockerfile')!.content;

  it('BuildKit: pip installs through a cache mount', () => {
    const text = dockerfile(true);
    assert.match(text, /RUN --mount=type=cache,target=\S+ pip install -r requirements\.txt/);
    assert.ok(buildKitOnlyFeatures(text).length > 0);
  });

  it('classic: no BuildKit-only syntax, dependencies still in their own layer before the code, same stages, non-root', () => {
    const text = dockerfile(false);
    assert.deepEqual(buildKitOnlyFeatures(text), []);
    assert.match(text, /pip install --no-cache-dir -r requirements\.txt/);
    assert.ok(text.indexOf('COPY requirements.txt') < text.indexOf('pip install --no-cache-dir -r requirements.txt'));
    assert.ok(text.indexOf('pip install --no-cache-dir -r requirements.txt') < text.indexOf('COPY . .'), 'installs cached apart from the code');
    assert.match(text, /FROM \$\{PYTHON_IMAGE\} AS builder[\s\S]*FROM \$\{PYTHON_IMAGE\} AS runtime/);
    assert.match(text, /^USER 10001:10001$/m);
    assert.doesNotMatch(text, /^# syntax=/m);
  });
});
