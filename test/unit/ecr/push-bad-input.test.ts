/**
 * `django-container push` on bad input, as a process (dist/cli.js; run `npm run build` first): each case
 * must exit with its documented code and a clear message, without a stack trace and without reaching
 * anything but loopback (metadata off, ECR endpoint = a closed loopback port, fake keys, temp HOME).
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../../server/src/util/paths';

const CLI = path.join(packageRoot(), 'dist', 'cli.js');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-push-bad-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));
const home = path.join(temp, 'home');
const project = path.join(temp, 'project');
fs.mkdirSync(home);
fs.mkdirSync(project);
fs.writeFileSync(path.join(project, 'Dockerfile'), 'FROM scratch\nCOPY Dockerfile /\n');

const SAFE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: home,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:9',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'h11-fake-secret-never-printed',
  AWS_REGION: 'us-east-1',
};

function push(args: string[], env: NodeJS.ProcessEnv = SAFE_ENV) {
  const run = spawnSync(process.execPath, [CLI, 'push', ...args], { cwd: temp, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.signal, null, `push ${args.join(' ')} timed out`);
  assert.doesNotMatch(run.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
  assert.doesNotMatch(`${run.stdout}${run.stderr}`, /h11-fake-secret-never-printed/, 'the secret key is never printed');
  return run;
}

describe('django-container push on bad input', () => {
  it('a missing or invalid repository name: exit 2 with the grammar', () => {
    const missing = push([project]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--repository NAME is required/);
    const cases: Array<[string, RegExp]> = [
      ['UPPER', /must be lowercase/],
      ['a..b', /'a\.\.b' is not a valid repository name/],
      ['a'.repeat(300), /2-256 characters/],
      ['123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1', /looks like an image URI/],
    ];
    for (const [name, message] of cases) {
      const run = push([project, '--repository', name, '--tag', 'v1']);
      assert.equal(run.status, 2, name);
      assert.match(run.stderr, message, name);
    }
  });

  it('invalid tags and a --build-arg without a value: exit 2', () => {
    const badTag = push([project, '--repository', 'web', '--tag', 'bad tag']);
    assert.equal(badTag.status, 2);
    assert.match(badTag.stderr, /Tag 'bad tag': A tag is 1-128/);
    const longTag = push([project, '--repository', 'web', '--tag', 'x'.repeat(200)]);
    assert.equal(longTag.status, 2);
    const noValue = push([project, '--repository', 'web', '--build-arg', 'H11_UNSET_ARG']);
    assert.equal(noValue.status, 2);
    assert.match(noValue.stderr, /--build-arg H11_UNSET_ARG: no value given and H11_UNSET_ARG is not set in the environment/);
  });

  it('a platform that is not Linux, or not a platform: exit 2 before anything runs', () => {
    const windows = push([project, '--repository', 'web', '--tag', 'v1', '--platform', 'windows/arm']);
    assert.equal(windows.status, 2, windows.stderr);
    assert.match(windows.stderr, /'windows\/arm' is not a Linux platform/);
    assert.doesNotMatch(windows.stderr, /Looking up repository/, 'nothing ran');
    const junk = push([project, '--repository', 'web', '--tag', 'v1', '--platform', 'foo']);
    assert.equal(junk.status, 2);
    assert.match(junk.stderr, /'foo' is not a platform like linux\/amd64/);
  });

  it('a --dockerfile that is a folder or a FIFO, and an unknown --target: exit 2 before anything runs (no hang)', () => {
    fs.mkdirSync(path.join(project, 'folder'));
    const folder = push([project, '--repository', 'web', '--tag', 'v1', '-f', 'folder']);
    assert.equal(folder.status, 2, folder.stderr);
    assert.match(folder.stderr, /folder is not a regular file/);
    spawnSync('mkfifo', [path.join(project, 'pipe')]);
    const fifo = push([project, '--repository', 'web', '--tag', 'v1', '-f', 'pipe']);
    assert.equal(fifo.status, 2, fifo.stderr);
    assert.match(fifo.stderr, /pipe is not a regular file/);
    fs.writeFileSync(path.join(project, 'Multi.Dockerfile'), 'FROM scratch AS Builder\nFROM scratch AS final\nCOPY --from=builder / /\n');
    const target = push([project, '--repository', 'web', '--tag', 'v1', '-f', 'Multi.Dockerfile', '--target', 'prod']);
    assert.equal(target.status, 2, target.stderr);
    assert.match(target.stderr, /The Dockerfile has no stage named 'prod' \(stages: builder, final\)/);
    assert.doesNotMatch(target.stderr, /Looking up repository/);
  });

  it('no docker: exit 3 naming the path and the --docker option', () => {
    const run = push([project, '--repository', 'web', '--tag', 'v1', '--docker', path.join(temp, 'no-such-docker')]);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /The docker command was not found \(.*no-such-docker\)/);
    assert.match(run.stderr, /--docker PATH/);
  });

  it('a --docker that is not docker: exit 3 saying so, not "daemon not running"', () => {
    const fake = path.join(temp, 'fake-docker');
    fs.writeFileSync(fake, '#!/bin/sh\necho "fake: unknown command $1" >&2\nexit 1\n', { mode: 0o755 });
    const run = push([project, '--repository', 'web', '--tag', 'v1', '--docker', fake]);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /fake-docker does not answer like the docker CLI/);
    assert.match(run.stderr, /detail: fake: unknown command version/);
    assert.doesNotMatch(run.stderr, /daemon/);
  });

  it('a docker whose daemon is unreachable: exit 3 with the socket line as detail, not the client JSON', (t) => {
    const run = push([project, '--repository', 'web', '--tag', 'v1'], { ...SAFE_ENV, DOCKER_HOST: `unix://${path.join(temp, 'no.sock')}` });
    if (/docker command was not found/.test(run.stderr)) return t.skip('no docker CLI here');
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /The Docker daemon is not running or not reachable/);
    assert.match(run.stderr, /detail: Cannot connect to the Docker daemon at unix:\/\/.*no\.sock/);
    assert.doesNotMatch(run.stderr, /"Client"/);
  });

  it('no region anywhere (empty HOME, no AWS_REGION): exit 4 saying how to set one', () => {
    const { AWS_REGION: _region, ...noRegion } = SAFE_ENV;
    const run = push([project, '--repository', 'web', '--tag', 'v1'], noRegion);
    // Without a docker on PATH the plan stops at docker (3) first; both are clear, documented exits.
    if (run.status === 3) return;
    assert.equal(run.status, 4, run.stderr);
    assert.match(run.stderr, /No AWS region is set/);
    assert.match(run.stderr, /--region/);
  });

  it('a malformed region (--region or AWS_REGION): exit 4 naming it and its source, before any network call', () => {
    const flag = push([project, '--repository', 'web', '--tag', 'v1', '--region', 'us-east1']);
    assert.equal(flag.status, 4, flag.stderr);
    assert.match(flag.stderr, /'us-east1' \(from the region setting \/ --region\) is not an AWS region/);
    assert.doesNotMatch(flag.stderr, /Looking up repository/);
    const fromEnv = push([project, '--repository', 'web', '--tag', 'v1'], { ...SAFE_ENV, AWS_REGION: 'US-EAST-1' });
    assert.equal(fromEnv.status, 4, fromEnv.stderr);
    assert.match(fromEnv.stderr, /'US-EAST-1' \(from AWS_REGION\) is not an AWS region/);
  });

  it('an unreachable ECR endpoint: exit 9 with the cause, and no AWS SDK Node-version notice', (t) => {
    const run = push([project, '--repository', 'web', '--tag', 'v1']);
    if (run.status === 3) return t.skip('no usable docker here');
    assert.equal(run.status, 9, run.stderr);
    assert.match(run.stderr, /Could not reach Amazon ECR \(ECONNREFUSED\)/);
    assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
  });
});
