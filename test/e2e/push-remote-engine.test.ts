/**
 * Push through a docker context to another engine: a second real dockerd on its own unix socket
 * (scripts/testbed/second-dockerd.sh), reached through a context created in a temporary DOCKER_CONFIG.
 * The generated examples/mysite image must be built by that engine and pushed from it to the ECR stand-in:
 * present there by digest, absent from the main engine, its manifest in the registry. The context comes from
 * --context (even with DOCKER_HOST naming the main engine) and once from DOCKER_CONTEXT. A missing context or
 * builder stops the push before anything runs, with the next step. (No buildx plugin can be installed offline
 * here, so --builder is checked against what exists: the engine's own builder, named after the context.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as docker from '../support/docker';
import { baseImage, exampleDir, loadTestbed, secondDockerHost, tempCopy, type Testbed } from '../support/testbed';
import { startEcrStandIn, type EcrStandIn } from '../support/ecr-standin';
import { cliPath, passwordLeaks, runPushCli } from '../support/push-cli';

const KEY = 'AKIDE2EREMOTE001';
const SECRET = 'e2e-remote-secret';
const REPOSITORY = 'remote/web';

describe('django-container push to a second engine through a docker context', () => {
  let bed: Testbed;
  let ecr: EcrStandIn;
  let work: string;
  let site: string;
  let dockerConfig: string;
  let secondHost: string;
  const context = `remote-${crypto.randomBytes(3).toString('hex')}`;
  const secondImages: string[] = [];

  /** docker against the second engine (the BuildKit-capable client, its own DOCKER_HOST, no context). */
  const onSecond = (args: string[]) => docker.docker(args, { buildkit: true, env: { DOCKER_HOST: secondHost, DOCKER_CONFIG: dockerConfig } });
  const onMain = (args: string[]) => docker.docker(args, { buildkit: true });

  before(async () => {
    bed = loadTestbed();
    secondHost = secondDockerHost(bed);
    ecr = await startEcrStandIn({ registry: true, keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-remote-e2e-'));
    dockerConfig = path.join(work, 'docker-config');
    fs.mkdirSync(dockerConfig);
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });
    const created = await docker.docker(['context', 'create', context, '--docker', `host=${secondHost}`], { buildkit: true, env: { DOCKER_CONFIG: dockerConfig } });
    assert.equal(created.code, 0, created.output);
    site = tempCopy(exampleDir('mysite'), 'dct-remote-e2e-site-');
    const generated = spawnSync(process.execPath, [cliPath(), 'generate', site, '--base-image', baseImage(bed, '3.11'), '--yes'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
  });
  after(async () => {
    for (const image of secondImages) await onSecond(['rmi', '-f', image]);
    await ecr?.stop();
    if (site) fs.rmSync(site, { recursive: true, force: true });
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const home = path.join(work, 'home');
    return {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: dockerConfig, ...extra,
    };
  }

  const pushArgs = (tag: string, extra: string[] = []) => [site, '--repository', REPOSITORY, '--tag', tag, '--create', '--network', 'host',
    '--build-arg', `PIP_INDEX_URL=${bed.indexUrl}`, '--build-arg', `PIP_TRUSTED_HOST=${bed.trustedHost}`, '--docker', bed.dockerBuildkitClient, ...extra];

  /** Pushes, then proves the image is on the second engine by digest, not on the main one, and in the registry. */
  async function pushAndCheck(tag: string, extra: string[], env: NodeJS.ProcessEnv, engineLine: RegExp): Promise<void> {
    const uri = `${ecr.registryHost}/${REPOSITORY}`;
    secondImages.push(`${uri}:${tag}`, `dct-local/${REPOSITORY}:${tag}`);
    const run = await runPushCli(ecr, pushArgs(tag, extra), env);
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assert.deepEqual(passwordLeaks(ecr, run), [], 'no registry password on a command line or in the output');
    assert.match(run.stderr, engineLine);
    const digest = run.stdout.trim().split('\n')[1]?.split('@')[1] ?? '';
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);

    const there = await onSecond(['image', 'inspect', '--format', '{{.Id}} {{json .RepoDigests}}', `${uri}@${digest}`]);
    assert.equal(there.code, 0, `the pushed image is on the second engine by digest: ${there.output}`);
    const [imageId, repoDigests] = there.stdout.trim().split(' ');
    assert.ok((JSON.parse(repoDigests) as string[]).includes(`${uri}@${digest}`), repoDigests);
    for (const ref of [`${uri}@${digest}`, `${uri}:${tag}`, `dct-local/${REPOSITORY}:${tag}`, imageId]) {
      const main = await onMain(['image', 'inspect', '--format', '{{.Id}}', ref]);
      assert.notEqual(main.code, 0, `${ref} must not be on the main engine (${main.stdout.trim()})`);
    }
    assert.ok(ecr.images(REPOSITORY).some((image) => image.digest === digest && image.tags.has(tag)), 'the manifest reached the registry');
  }

  it('--context: builds and pushes on the second engine, even with DOCKER_HOST naming the main one', async () => {
    await pushAndCheck('ctx-flag', ['--context', context], cliEnv({ DOCKER_HOST: 'unix:///var/run/docker.sock' }),
      new RegExp(`==> Docker engine: docker context '${context}' \\(${secondHost.replace(/\//g, '\\/')}, as asked\\), the engine's own builder`));
  });

  it('DOCKER_CONTEXT: the same, from the environment', async () => {
    await pushAndCheck('ctx-env', [], cliEnv({ DOCKER_CONTEXT: context }), new RegExp(`docker context '${context}' \\(${secondHost.replace(/\//g, '\\/')}, from DOCKER_CONTEXT\\)`));
  });

  it('--builder: the engine\'s own builder (named after the context) builds; another name stops before anything runs', async () => {
    await pushAndCheck('ctx-builder', ['--context', context, '--builder', context], cliEnv(), new RegExp(`docker context '${context}'`));

    const requests = ecr.registryRequests().length;
    const refused = await runPushCli(ecr, pushArgs('never', ['--context', context, '--builder', 'dct-no-such-builder']), cliEnv());
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /error: The builder 'dct-no-such-builder' needs the docker buildx plugin/);
    assert.match(refused.stderr, new RegExp(`next: .*docker buildx create --name dct-no-such-builder.*--builder ${context}`));
    assert.doesNotMatch(refused.stderr, /==> Building/);
    assert.equal(ecr.registryRequests().length, requests, 'nothing reached the registry');
  });

  it('a context that does not exist stops the push with the next step, from --context and from DOCKER_CONTEXT', async () => {
    const flag = await runPushCli(ecr, pushArgs('never', ['--context', 'dct-absent']), cliEnv());
    assert.equal(flag.code, 2, flag.stderr);
    assert.match(flag.stderr, /error: There is no docker context 'dct-absent' \(as asked\)/);
    assert.match(flag.stderr, /next: List the contexts with `docker context ls`; create it with `docker context create dct-absent --docker host=/);
    const env = await runPushCli(ecr, pushArgs('never'), cliEnv({ DOCKER_CONTEXT: 'dct-absent' }));
    assert.equal(env.code, 2, env.stderr);
    assert.match(env.stderr, /There is no docker context 'dct-absent' \(from DOCKER_CONTEXT\).*\n.*or unset DOCKER_CONTEXT/);
    assert.ok(!ecr.images(REPOSITORY).some((image) => image.tags.has('never')));
  });
});
