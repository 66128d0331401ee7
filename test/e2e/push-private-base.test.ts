/**
 * The blog's second pattern on the real stack: an app image whose FROM is a pre-built base image in a
 * private ECR repository. The base is pushed to the ECR stand-in first (its registry answers 401 without a
 * token), removed locally, and then `django-container push` of the app must log in before it builds.
 * Also: a denied base pull names the registry, and `--create` leaves no repository behind when the build fails.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import * as docker from '../support/docker';
import { baseImage, loadTestbed, type Testbed } from '../support/testbed';
import { EcrStandIn, startEcrStandIn } from '../support/ecr-standin';
import { passwordLeaks, runPushCli } from '../support/push-cli';

const KEY = 'AKIDE2EBASE00001';
const SECRET = 'e2e-base-secret';

describe('push with a private ECR base image', () => {
  let bed: Testbed;
  let ecr: EcrStandIn;
  let work: string;
  let baseRef: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  const env = (dockerConfig: string): NodeJS.ProcessEnv => {
    const home = path.join(work, 'home');
    return {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: dockerConfig,
    };
  };
  const freshDockerConfig = (label: string): string => fs.mkdtempSync(path.join(work, `docker-config-${label}-`));

  function appContext(label: string, body: string[]): string {
    const dir = fs.mkdtempSync(path.join(work, `${label}-`));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), [`ARG BASE_IMAGE=${baseRef}`, 'FROM ${BASE_IMAGE}', ...body, ''].join('\n'));
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'Dockerfile\n');
    fs.writeFileSync(path.join(dir, 'app.txt'), `${label} ${Date.now()}\n`);
    return dir;
  }

  before(async () => {
    bed = loadTestbed();
    ecr = await startEcrStandIn({ registry: true, keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-private-base-'));
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });

    // The platform team's side: push the base image with its own login, in its own docker config.
    ecr.createRepository('base/python');
    baseRef = `${ecr.registryHost}/base/python:3.11-slim`;
    const sdk = new ECRClient({ endpoint: ecr.endpoint, region: ecr.region, maxAttempts: 1, credentials: { accessKeyId: KEY, secretAccessKey: SECRET } });
    const auth = (await sdk.send(new GetAuthorizationTokenCommand({}))).authorizationData![0];
    sdk.destroy();
    const [user, password] = Buffer.from(auth.authorizationToken!, 'base64').toString('utf8').split(':');
    // What `docker login` writes, without putting the password on a command line.
    const platformConfig = freshDockerConfig('platform');
    fs.writeFileSync(path.join(platformConfig, 'config.json'), JSON.stringify({ auths: { [ecr.registryHost!]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }), { mode: 0o600 });
    await docker.dockerOk(['tag', baseImage(bed, '3.11'), baseRef]);
    await docker.dockerOk(['push', baseRef], { env: { DOCKER_CONFIG: platformConfig } });
    // The app team's machine has never pulled it.
    await docker.removeImage(baseRef);
    cleanups.push(() => docker.removeImage(baseRef));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await ecr?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('the base registry really refuses an anonymous pull (the failure this feature prevents)', async () => {
    const pulled = await docker.docker(['pull', baseRef], { env: { DOCKER_CONFIG: freshDockerConfig('anonymous') } });
    assert.notEqual(pulled.code, 0);
    assert.match(pulled.output, /no basic auth credentials|unauthorized|401/i);
  });

  it('logs in to the base image registry before the build, builds FROM it, and pushes the app', async () => {
    const dir = appContext('app', ['COPY app.txt /srv/app.txt', 'CMD ["python3", "-c", "print(open(\'/srv/app.txt\').read())"]']);
    // The app prints a line and exits: no server for the smoke test to wait for.
    const run = await runPushCli(ecr, [dir, '--repository', 'team/app', '--tag', 'v1', '--create', '--network', 'host', '--docker', bed.dockerBuildkitClient, '--no-smoke-test'],
      env(freshDockerConfig('app')));
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/team/app:v1`), () => docker.removeImage('dct-local/team/app:v1'));
    assert.equal(run.code, 0, run.stderr.slice(-3000));
    assert.deepEqual(passwordLeaks(ecr, run), []);
    const loginAt = run.stderr.indexOf(`Logging in to ${ecr.registryHost} before the build: it holds ${baseRef}`);
    const buildAt = run.stderr.indexOf('Building linux/amd64 image');
    assert.ok(loginAt >= 0 && buildAt > loginAt, run.stderr);
    // The base manifest was served to an authenticated pull, and the app went to the app repository.
    assert.ok(ecr.registryRequests().some((r) => r.repository === 'base/python' && r.kind === 'manifest' && r.status === 200));
    assert.equal(ecr.images('team/app').length, 1);
    const printed = await docker.runOnce({ image: `dct-local/team/app:v1` });
    assert.match(printed.output, /^app \d+/m);
  });

  it('a base image on a registry it cannot log in to: the refusal names the image, the registry and the login to do', async () => {
    // Another registry (a second stand-in: not the push registry, not an ECR host name) refuses anonymous pulls.
    const other = await startEcrStandIn({ registry: true, keys: { AKIDE2EOTHER0001: { secret: 'other' } } });
    cleanups.push(() => other.stop());
    const foreign = `${other.registryHost}/base/python:3.11-slim`;
    const dir = appContext('denied', ['RUN true']);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${foreign}\nRUN true\n`);
    const run = await runPushCli(ecr, [dir, '--repository', 'team/denied', '--tag', 'v1', '--create', '--network', 'host', '--docker', bed.dockerBuildkitClient],
      env(freshDockerConfig('denied')));
    assert.notEqual(run.code, 0);
    const host = other.registryHost!.replace(/[.]/g, '\\.');
    assert.match(run.stderr, new RegExp(`could not pull ${host}/base/python:3\\.11-slim: the registry ${host} refused access`), run.stderr.slice(-2000));
    assert.match(run.stderr, new RegExp(`docker login ${host}`));
    assert.doesNotMatch(run.stderr, /Logging in to .* before the build/);
    assert.doesNotMatch(run.stderr, /failed at: \[internal\] load \.dockerignore/);
    // --create with a failed build: nothing was created.
    assert.equal(ecr.state.repositories.has('team/denied'), false);
  });

  it('--create leaves no repository behind when a RUN step fails, and names that step', async () => {
    const dir = appContext('broken', ['RUN echo about to fail && exit 3']);
    const run = await runPushCli(ecr, [dir, '--repository', 'team/broken', '--tag', 'v1', '--create', '--network', 'host', '--docker', bed.dockerBuildkitClient],
      env(freshDockerConfig('broken')));
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /The image build failed at: \[2\/2\] RUN echo about to fail && exit 3/, run.stderr.slice(-2000));
    assert.match(run.stderr, /will be created once the image has built/);
    assert.equal(ecr.state.repositories.has('team/broken'), false);
  });
});
