/** Reading docker's push/build output, and the `django-container push` argument parser and exit codes. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyRegistryFailure, parsePushLine } from '../../../server/src/push/docker-output';
import { exitCodeFor, formatError, parsePushArgs, PUSH_USAGE } from '../../../server/src/cli/push';
import type { DockerRunResult } from '../../../server/src/push/docker-runner';
import { imageTagProblem, repositoryNameProblem } from '../../../server/src/push/validate';

const failed = (stderr: string): DockerRunResult => ({ code: 1, stdout: '', stderr, cancelled: false });
const ctx = { dockerPath: 'docker', repository: 'web', tag: 'v1', host: '127.0.0.1:5000' };

describe('docker output', () => {
  it('parses layer progress and the pushed digest', () => {
    assert.deepEqual(parsePushLine('5f70bf18a086: Layer already exists'), { kind: 'layer', layer: '5f70bf18a086', status: 'Layer already exists' });
    assert.deepEqual(parsePushLine(`v1: digest: sha256:${'a'.repeat(64)} size: 524`), { kind: 'digest', tag: 'v1', digest: `sha256:${'a'.repeat(64)}`, size: 524 });
    assert.equal(parsePushLine('The push refers to repository [x]'), undefined);
  });

  it('maps registry errors as docker prints them', () => {
    const cases: Array<[string, string]> = [
      ['denied: Your authorization token has expired. Reauthenticate and try again.', 'token-expired'],
      ["name unknown: The repository with name 'web' does not exist in the registry with id '123456789012'", 'repository-missing'],
      ["tag invalid: The image tag 'v1' already exists in the 'web' repository and cannot be overwritten because the tag is immutable.", 'immutable-tag'],
      ['denied: User: arn:aws:iam::1:user/x is not authorized to perform: ecr:InitiateLayerUpload on resource: arn', 'access-denied'],
      ['no basic auth credentials', 'registry-auth'],
      ['Error saving credentials: error storing credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``', 'creds-store-broken'],
      ['Error saving credentials: error storing credentials - err: exit status 1, out: `The stub received bad data.`', 'creds-store-broken'],
      ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'daemon-down'],
      ['Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused', 'network'],
      ['something else entirely', 'push-failed'],
    ];
    for (const [text, kind] of cases) assert.equal(classifyRegistryFailure(failed(text), ctx).kind, kind, text);
    assert.equal(classifyRegistryFailure(failed('denied: User: x is not authorized to perform: ecr:PutImage on resource: y'), ctx).action, 'ecr:PutImage');
  });
});

describe('validation', () => {
  it('follows the docker tag grammar and the ECR name grammar', () => {
    for (const ok of ['v1', '1.2.3', '_x', 'a'.repeat(128), 'abc1234']) assert.equal(imageTagProblem(ok), undefined, ok);
    for (const bad of ['', '.v1', '-v1', 'v1:2', 'v 1', 'a'.repeat(129)]) assert.ok(imageTagProblem(bad), bad);
    for (const ok of ['web', 'myapp/web', 'a__b', 'a--b', 'a.b_c-d/e']) assert.equal(repositoryNameProblem(ok), undefined, ok);
    for (const bad of ['a', 'Web', '/web', 'web/', 'a//b', 'a_-b', 'web:v1', 'public.ecr.aws/x/y']) assert.ok(repositoryNameProblem(bad), bad);
  });
});

describe('django-container push arguments', () => {
  it('parses every option', () => {
    const parsed = parsePushArgs(['proj', '-r', 'myapp/web', '--tag', 'v1', '-t', 'v2', '--latest', '--profile', 'dev', '--region=eu-west-1',
      '--platform', 'linux/arm64', '--create', '--immutable', '--scan-on-push', '--build-arg', 'A=1', '--build-arg', 'FROM_ENV',
      '--network', 'host', '-f', 'docker/Dockerfile', '--target', 'final', '--docker', '/usr/bin/docker', '--isolated-docker-config', '--json', '-q'],
    { FROM_ENV: 'env-value' });
    assert.deepEqual(parsed.options, {
      contextDir: 'proj', repository: 'myapp/web', tags: ['v1', 'v2'], includeLatest: true, profile: 'dev', region: 'eu-west-1',
      platform: 'linux/arm64', create: { imageTagMutability: 'IMMUTABLE', scanOnPush: true }, buildArgs: { A: '1', FROM_ENV: 'env-value' },
      network: 'host', dockerfile: 'docker/Dockerfile', target: 'final', dockerPath: '/usr/bin/docker', isolatedDockerConfig: true,
    });
    assert.equal(parsed.json, true);
    assert.equal(parsed.quiet, true);
    assert.deepEqual(parsePushArgs(['-r', 'web', '--no-build', '--image', 'local:1', '--create']).options,
      { contextDir: '.', repository: 'web', build: false, image: 'local:1', create: true });
  });

  it('refuses incomplete or contradictory arguments', () => {
    assert.throws(() => parsePushArgs([]), /--repository NAME is required/);
    assert.throws(() => parsePushArgs(['-r']), /needs a value/);
    assert.throws(() => parsePushArgs(['-r', 'web', '--bogus']), /unknown option --bogus/);
    assert.throws(() => parsePushArgs(['-r', 'web', 'a', 'b']), /only one DIR/);
    assert.throws(() => parsePushArgs(['-r', 'web', '--immutable']), /only apply with --create/);
    assert.throws(() => parsePushArgs(['-r', 'web', '--build-arg', 'NOT_SET_ANYWHERE'], {}), /not set in the environment/);
    assert.equal(parsePushArgs(['--help']).help, true);
  });

  it('documents one exit code per failure family', () => {
    assert.equal(exitCodeFor({ kind: 'invalid-input', message: '', nextStep: '' }), 2);
    assert.equal(exitCodeFor({ kind: 'daemon-down', message: '', nextStep: '' }), 3);
    assert.equal(exitCodeFor({ kind: 'sso-expired', message: '', nextStep: '' }), 4);
    assert.equal(exitCodeFor({ kind: 'access-denied', message: '', nextStep: '' }), 5);
    assert.equal(exitCodeFor({ kind: 'repository-missing', message: '', nextStep: '' }), 6);
    assert.equal(exitCodeFor({ kind: 'immutable-tag', message: '', nextStep: '' }), 7);
    assert.equal(exitCodeFor({ kind: 'build-failed', message: '', nextStep: '' }), 8);
    assert.equal(exitCodeFor({ kind: 'token-expired', message: '', nextStep: '' }), 9);
    assert.equal(exitCodeFor({ kind: 'cancelled', message: '', nextStep: '' }), 130);
    assert.equal(exitCodeFor({ kind: 'unknown', message: '', nextStep: '' }), 1);
    for (const code of ['0 ', '2 ', '3 ', '4 ', '5 ', '6 ', '7 ', '8 ', '9 ', '130 ']) assert.ok(PUSH_USAGE.includes(`  ${code}`), code);
    const text = formatError({ kind: 'sso-expired', message: 'SSO expired.', nextStep: 'Sign in.', command: ['aws', 'sso', 'login', '--profile', 'dev'] });
    assert.equal(text, 'error: SSO expired.\n  next: Sign in.\n  run:  aws sso login --profile dev\n');
  });
});
