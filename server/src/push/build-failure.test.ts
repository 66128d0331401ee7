import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildFailedError, readBuildFailure } from './build-failure';

/** BuildKit plain progress as docker 20.10+ prints it when a base image cannot be resolved. */
const METADATA_401 = `#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 transferring context: 42B done
#2 ERROR: context canceled

#3 [internal] load metadata for 127.0.0.1:5000/base/python:3.11
#3 ERROR: unexpected status code [manifests 3.11]: 401 Unauthorized
------
 > [internal] load .dockerignore:
------
------
 > [internal] load metadata for 127.0.0.1:5000/base/python:3.11:
------
failed to solve with frontend dockerfile.v0: failed to create LLB definition: unexpected status code [manifests 3.11]: 401 Unauthorized`;

describe('reading a failed build', () => {
  it('names the step whose ERROR came first, not a step cancelled because of it nor the first error block', () => {
    const failure = readBuildFailure(METADATA_401);
    assert.equal(failure.step, '[internal] load metadata for 127.0.0.1:5000/base/python:3.11');
    assert.equal(failure.reason, 'unexpected status code [manifests 3.11]: 401 Unauthorized');
    assert.deepEqual(failure.pull, { image: '127.0.0.1:5000/base/python:3.11', host: '127.0.0.1:5000', denied: true });
  });

  it('names a failing RUN step with its stage', () => {
    const output = '#7 [builder 3/5] RUN pip install -r requirements.txt\n#7 0.5 ERROR: No matching distribution\n#7 ERROR: process "/bin/sh -c pip install -r requirements.txt" did not complete successfully: exit code: 1\n------\n > [builder 3/5] RUN pip install -r requirements.txt:\n------';
    const failure = readBuildFailure(output);
    assert.equal(failure.step, '[builder 3/5] RUN pip install -r requirements.txt');
    assert.equal(failure.pull, undefined);
  });

  it('reads the classic builder: the last Step line, and the image of an unexpanded FROM from the error', () => {
    const output = 'Sending build context to Docker daemon  3.072kB\nStep 1/4 : ARG BASE=127.0.0.1:5000/base/python:3.11\nStep 2/4 : FROM ${BASE}\nHead "http://127.0.0.1:5000/v2/base/python/manifests/3.11": no basic auth credentials';
    const failure = readBuildFailure(output, ['127.0.0.1:5000/base/python:3.11']);
    assert.equal(failure.step, 'FROM ${BASE}');
    assert.deepEqual(failure.pull, { image: '127.0.0.1:5000/base/python:3.11', host: '127.0.0.1:5000', denied: true });
    assert.equal(readBuildFailure('Step 3/9 : RUN pip install -r requirements.txt\nexit 1').step, 'RUN pip install -r requirements.txt');
  });

  it('an unreachable base registry is not called a denial', () => {
    const failure = readBuildFailure('#3 [internal] load metadata for 127.0.0.1:1/base/python:3.11\n#3 ERROR: failed to do request: Head "http://127.0.0.1:1/v2/base/python/manifests/3.11": dial tcp 127.0.0.1:1: connect: connection refused');
    assert.equal(failure.pull?.denied, false);
    const error = buildFailedError(failure, 1, '', { hosts: [] });
    assert.equal(error.cause, 'base-image-unavailable');
    assert.match(error.message, /could not pull 127\.0\.0\.1:1\/base\/python:3\.11: failed to do request/);
    assert.match(error.nextStep, /127\.0\.0\.1:1 is reachable/);
  });

  it('a denied pull says whether the push had logged in to that registry, and what to do either way', () => {
    const failure = readBuildFailure(METADATA_401);
    const afterLogin = buildFailedError(failure, 1, 'tail', { hosts: ['127.0.0.1:5000'], profile: 'dev' });
    assert.equal(afterLogin.cause, 'base-image-denied');
    assert.match(afterLogin.message, /registry 127\.0\.0\.1:5000 refused access/);
    assert.match(afterLogin.nextStep, /logged in to 127\.0\.0\.1:5000 with profile 'dev'.*ecr:BatchGetImage/);
    const notLoggedIn = buildFailedError({ ...failure, pull: { ...failure.pull!, host: 'ghcr.io', image: 'ghcr.io/x/y:1' } }, 1, '', { hosts: [] });
    assert.match(notLoggedIn.nextStep, /docker login ghcr\.io/);
  });

  it('a plain failure keeps the step in the message and the output tail in the detail', () => {
    const error = buildFailedError({ step: 'RUN false' }, 2, 'last lines', { hosts: [] });
    assert.equal(error.message, 'The image build failed at: RUN false');
    assert.equal(error.failingStep, 'RUN false');
    assert.equal(error.detail, 'last lines');
  });
});
