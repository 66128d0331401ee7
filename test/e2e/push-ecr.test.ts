/**
 * Push to ECR end to end on the real stack: real dockerd, the ECR stand-in's API (SigV4 checked) and its
 * registry proxy in front of a real Debian docker-registry, the real AWS SDK, and `django-container push`.
 * The example project's generated Dockerfile is built, pushed, its digest confirmed by DescribeImages,
 * pulled back by digest, run, and answers HTTP 200. Meanwhile no process's command line, and no output,
 * ever carries the registry password.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeImagesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import * as docker from '../support/docker';
import { baseImage, exampleDir, loadTestbed, tempCopy, type Testbed } from '../support/testbed';
import { EcrStandIn, startEcrStandIn } from '../support/ecr-standin';
import { cliPath, commandLines, passwordLeaks, runPushCli, type CliRun } from '../support/push-cli';

const KEY = 'AKIDE2EPUSH00001';
const SECRET = 'e2e-push-secret';
const CLI = cliPath;

describe('django-container push on the real stack', () => {
  let bed: Testbed;
  let ecr: EcrStandIn;
  let work: string;
  let dockerConfig: string;
  let sdk: ECRClient;
  const cleanups: Array<() => Promise<void> | void> = [];

  before(async () => {
    bed = loadTestbed();
    ecr = await startEcrStandIn({
      registry: true,
      keys: {
        [KEY]: { secret: SECRET },
        ASIAE2EEXPIRED01: { secret: 'expired-secret', sessionToken: 'old-session', expiresAt: Date.now() - 60_000 },
      },
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-push-e2e-'));
    dockerConfig = path.join(work, 'docker-config');
    fs.mkdirSync(dockerConfig);
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });
    sdk = new ECRClient({ endpoint: ecr.endpoint, region: ecr.region, maxAttempts: 1, credentials: { accessKeyId: KEY, secretAccessKey: SECRET } });
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    sdk?.destroy();
    await ecr?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** The CLI's environment: loopback endpoint, test keys, temp HOME and docker config, no IMDS. */
  function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const home = path.join(work, 'home');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: dockerConfig, ...extra,
    };
    return env;
  }

  /** Runs the CLI while watching every process's command line for any registry password issued so far. */
  function push(args: string[], env: NodeJS.ProcessEnv = cliEnv(), onStderr?: (text: string) => void): Promise<CliRun> {
    return runPushCli(ecr, args, env, onStderr);
  }

  /** A FROM scratch image: nothing in it can serve, so pushes of it that get past the build pass --no-smoke-test. */
  function scratchContext(label: string): string {
    const dir = fs.mkdtempSync(path.join(work, `${label}-`));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload.txt /payload.txt\n');
    fs.writeFileSync(path.join(dir, 'payload.txt'), `${label} ${Date.now()} ${Math.random()}\n`);
    return dir;
  }

  function assertNoPasswordAnywhere(run: CliRun): void {
    assert.deepEqual(passwordLeaks(ecr, run), [], 'a registry password appeared on a command line or in the output');
  }

  it('builds the generated Dockerfile of examples/mysite, pushes, verifies, pulls by digest, runs: HTTP 200', async () => {
    const dir = tempCopy(exampleDir('mysite'), 'dct-push-e2e-site-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const generated = spawnSync(process.execPath, [CLI(), 'generate', dir, '--base-image', baseImage(bed, '3.11'), '--yes'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);

    const run = await push([dir, '--repository', 'mysite/web', '--tag', 'e2e-1', '--create', '--network', 'host',
      '--build-arg', `PIP_INDEX_URL=${bed.indexUrl}`, '--build-arg', `PIP_TRUSTED_HOST=${bed.trustedHost}`, '--docker', bed.dockerBuildkitClient]);
    const uri = `${ecr.registryHost}/mysite/web`;
    cleanups.push(() => docker.removeImage(`${uri}:e2e-1`), () => docker.removeImage('dct-local/mysite/web:e2e-1'));
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assertNoPasswordAnywhere(run);
    assert.match(run.stderr, /==> Created repository/);
    assert.match(run.stderr, /Building linux\/amd64 image .*\(BuildKit\)/);
    const [imageLine, digestLine] = run.stdout.trim().split('\n');
    assert.equal(imageLine, `${uri}:e2e-1`);
    const digest = digestLine.split('@')[1];
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);

    const described = await sdk.send(new DescribeImagesCommand({ repositoryName: 'mysite/web', imageIds: [{ imageTag: 'e2e-1' }] }));
    assert.equal(described.imageDetails?.[0].imageDigest, digest);
    assert.ok((described.imageDetails?.[0].imageSizeInBytes ?? 0) > 1_000_000);

    // Pull back by digest from the registry (the local tags removed first), run it, ask for the home page.
    await docker.removeImage(`${uri}:e2e-1`);
    await docker.removeImage('dct-local/mysite/web:e2e-1');
    const byDigest = `${uri}@${digest}`;
    const pulled = await docker.docker(['pull', byDigest], { env: { DOCKER_CONFIG: dockerConfig } });
    assert.equal(pulled.code, 0, pulled.output);
    cleanups.push(() => docker.removeImage(byDigest));
    const port = await docker.freePort();
    const container = await docker.runDetached({ image: byDigest, name: docker.uniqueName('push-e2e'), env: { PORT: String(port), DJANGO_SECRET_KEY: 'e2e-runtime-secret-push' } });
    cleanups.push(() => docker.removeContainer(container));
    const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
    assert.equal(home.status, 200);
  });

  it('refuses to push to a repository that does not exist, before building', async () => {
    const before = ecr.registryRequests().length;
    const run = await push([scratchContext('missing'), '--repository', 'never/created', '--tag', 'v1']);
    assert.equal(run.code, 6, run.stderr);
    assert.match(run.stderr, /error: The ECR repository 'never\/created' does not exist in us-east-1/);
    assert.match(run.stderr, /--create/);
    assert.doesNotMatch(run.stderr, /Building/);
    assert.equal(ecr.registryRequests().length, before);
  });

  it('reports an immutable tag that already exists before pushing; the registry refuses it too', async () => {
    ecr.createRepository('frozen/app', { mutability: 'IMMUTABLE' });
    const context = scratchContext('frozen');
    const first = await push([context, '--repository', 'frozen/app', '--tag', 'v1', '--no-smoke-test']);
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/frozen/app:v1`), () => docker.removeImage('dct-local/frozen/app:v1'));
    assert.equal(first.code, 0, first.stderr);
    const manifestPuts = () => ecr.registryRequests().filter((r) => r.kind === 'manifest' && r.method === 'PUT').length;
    const putsBefore = manifestPuts();
    const second = await push([context, '--repository', 'frozen/app', '--tag', 'v1', '--no-smoke-test']);
    assert.equal(second.code, 7, second.stderr);
    assert.match(second.stderr, /error: The tag 'v1' already exists in 'frozen\/app' \(sha256:[0-9a-f]{64}\) and the repository's tags are immutable/);
    assert.doesNotMatch(second.stderr, /==> Pushing/);
    assert.equal(manifestPuts(), putsBefore);
    // The stand-in's registry enforces the same rule for pushes that skip our check.
    const direct = await docker.docker(['push', `${ecr.registryHost}/frozen/app:v1`], { env: { DOCKER_CONFIG: dockerConfig } });
    assert.notEqual(direct.code, 0);
    assert.match(direct.output, /tag invalid: The image tag 'v1' already exists in the 'frozen\/app' repository and cannot be overwritten because the tag is immutable/);
  });

  it('logs in again and finishes when the registry token expires in the middle of the push', async () => {
    ecr.createRepository('expiring/app');
    let advanced = false;
    ecr.onRegistryRequest((info) => {
      if (!advanced && info.kind === 'upload' && info.method === 'POST') {
        advanced = true;
        ecr.clock.advance(13 * 3600_000); // every token issued so far is now past its 12 hours
      }
    });
    const tokensBefore = ecr.calls.GetAuthorizationToken ?? 0;
    try {
      const run = await push([scratchContext('expiring'), '--repository', 'expiring/app', '--tag', 'v1', '--no-smoke-test']);
      cleanups.push(() => docker.removeImage(`${ecr.registryHost}/expiring/app:v1`), () => docker.removeImage('dct-local/expiring/app:v1'));
      assert.equal(run.code, 0, run.stderr);
      assert.ok(advanced, 'the clock was advanced during the upload');
      assert.match(run.stderr, /warning: The ECR registry token has expired\. Logging in again and retrying/);
      assert.ok(ecr.registryRequests().some((r) => r.status === 403), 'the registry answered DENIED once');
      assert.equal((ecr.calls.GetAuthorizationToken ?? 0) - tokensBefore, 2);
      assertNoPasswordAnywhere(run);
      const digest = run.stdout.trim().split('\n')[1].split('@')[1];
      assert.equal(ecr.images('expiring/app')[0].digest, digest);
    } finally {
      ecr.onRegistryRequest(undefined);
    }
  });

  it('rides out a connection dropped during a layer upload (docker retries it) and shows the retry', async () => {
    ecr.createRepository('flaky/app');
    ecr.failRegistryNext({ method: 'PATCH', kind: 'upload', status: 0 });
    const run = await push([scratchContext('flaky'), '--repository', 'flaky/app', '--tag', 'v1', '--no-smoke-test']);
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/flaky/app:v1`), () => docker.removeImage('dct-local/flaky/app:v1'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /[0-9a-f]{12}: Retrying in \d+ seconds?/);
    assert.ok(ecr.registryRequests().some((r) => r.repository === 'flaky/app' && r.method === 'PATCH' && r.status === 0), 'the upload connection was dropped once');
    assert.equal(ecr.images('flaky/app')[0].digest, run.stdout.trim().split('\n')[1].split('@')[1]);
  });

  it('gives the right message for a wrong secret and for an expired session', async () => {
    const wrong = await push([scratchContext('wrong'), '--repository', 'mysite/web', '--tag', 'v1'], cliEnv({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }));
    assert.equal(wrong.code, 4, wrong.stderr);
    assert.match(wrong.stderr, /error: AWS rejected the request signature made with the default credentials/);
    assert.match(wrong.stderr, /secret access key/);
    const expired = await push([scratchContext('expired'), '--repository', 'mysite/web', '--tag', 'v1'],
      cliEnv({ AWS_ACCESS_KEY_ID: 'ASIAE2EEXPIRED01', AWS_SECRET_ACCESS_KEY: 'expired-secret', AWS_SESSION_TOKEN: 'old-session' }));
    assert.equal(expired.code, 4, expired.stderr);
    assert.match(expired.stderr, /error: The AWS session credentials of the default credentials have expired/);
  });

  it('explains a broken credsStore and pushes with an isolated docker config', async () => {
    const broken = path.join(work, 'broken-docker-config');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'config.json'), JSON.stringify({ credsStore: 'desktop' }));
    const context = scratchContext('credsstore');
    const refused = await push([context, '--repository', 'mysite/web', '--tag', 'creds-1'], cliEnv({ DOCKER_CONFIG: broken }));
    assert.equal(refused.code, 9, refused.stderr);
    assert.match(refused.stderr, /"credsStore": "desktop", but docker-credential-desktop is not installed/);
    assert.match(refused.stderr, /--isolated-docker-config/);
    const isolated = await push([context, '--repository', 'mysite/web', '--tag', 'creds-1', '--isolated-docker-config', '--no-smoke-test'], cliEnv({ DOCKER_CONFIG: broken }));
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/mysite/web:creds-1`), () => docker.removeImage('dct-local/mysite/web:creds-1'));
    assert.equal(isolated.code, 0, isolated.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(broken, 'config.json'), 'utf8')), { credsStore: 'desktop' }, "the user's config is untouched");
  });

  it('skips docker login when the docker config sends the registry host to the ECR credential helper', async () => {
    // A stand-in docker-credential-ecr-login that answers `get` with a token fetched the way the real helper does.
    const bin = fs.mkdtempSync(path.join(work, 'helper-bin-'));
    const token = await sdk.send(new GetAuthorizationTokenCommand({}));
    const secret = Buffer.from(token.authorizationData![0].authorizationToken!, 'base64').toString('utf8').slice('AWS:'.length);
    fs.writeFileSync(path.join(bin, 'token'), secret, { mode: 0o600 });
    fs.writeFileSync(path.join(bin, 'docker-credential-ecr-login'), [
      '#!/bin/sh', 'read host', '[ "$1" = get ] || exit 1',
      `printf '{"ServerURL":"%s","Username":"AWS","Secret":"%s"}' "$host" "$(cat ${path.join(bin, 'token')})"`, '',
    ].join('\n'), { mode: 0o755 });
    const helperConfig = fs.mkdtempSync(path.join(work, 'helper-config-'));
    fs.writeFileSync(path.join(helperConfig, 'config.json'), JSON.stringify({ credHelpers: { [ecr.registryHost!]: 'ecr-login' } }));
    const run = await push([scratchContext('helper'), '--repository', 'mysite/web', '--tag', 'helper-1', '--latest', '--create', '--no-smoke-test'],
      cliEnv({ DOCKER_CONFIG: helperConfig, PATH: `${bin}${path.delimiter}${process.env.PATH}` }));
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/mysite/web:helper-1`), () => docker.removeImage(`${ecr.registryHost}/mysite/web:latest`),
      () => docker.removeImage('dct-local/mysite/web:helper-1'));
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), [`${ecr.registryHost}/mysite/web:helper-1`, `${ecr.registryHost}/mysite/web:latest`]);
    const both = await sdk.send(new DescribeImagesCommand({ repositoryName: 'mysite/web', imageIds: [{ imageTag: 'latest' }] }));
    assert.deepEqual(both.imageDetails?.[0].imageTags?.sort(), ['helper-1', 'latest']);
    assert.equal(`${ecr.registryHost}/mysite/web@${both.imageDetails?.[0].imageDigest}`, lines[2]);
    assert.match(run.stderr, /Docker uses the ECR credential helper for 127\.0\.0\.1:\d+; no login needed/);
    assert.doesNotMatch(run.stderr, /Logging in to/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(helperConfig, 'config.json'), 'utf8')).auths, undefined, 'nothing was stored in the config');
    assertNoPasswordAnywhere(run);
  });

  it('cancels a running build with Ctrl-C and leaves no docker process behind', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'cancel-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${baseImage(bed, '3.11')}\nRUN sleep 120\n`);
    const repository = `cancel/app-${Date.now()}`;
    ecr.createRepository(repository);
    const env = cliEnv();
    let child: ReturnType<typeof spawn> | undefined;
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      child = spawn(process.execPath, [CLI(), 'push', dir, '--repository', repository, '--tag', 'v1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let sent = false;
      child.stderr!.on('data', (d) => {
        stderr += d;
        if (!sent && /RUN sleep 120/.test(stderr)) {
          sent = true;
          setTimeout(() => child!.kill('SIGINT'), 1000);
        }
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /error: The push was cancelled/);
    await new Promise((r) => setTimeout(r, 500));
    const leftovers = commandLines().filter(({ cmdline }) => cmdline.includes(repository));
    assert.deepEqual(leftovers, [], 'no docker process for this push is still running');
  });
});
