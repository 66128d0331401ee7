/**
 * A docker without BuildKit (the plain client here: docker 28 with no buildx plugin, so the legacy builder):
 * `generate --builder auto` must notice and write the classic variant, which builds with that client, runs as
 * the non-root user and answers HTTP from Django; push with that client builds it with the classic builder, and
 * refuses a BuildKit-only Dockerfile before building, naming the next step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as docker from '../support/docker';
import { baseImage, exampleDir, loadTestbed, tempCopy, type Testbed } from '../support/testbed';
import { EcrStandIn, startEcrStandIn } from '../support/ecr-standin';
import { cliPath, runPushCli } from '../support/push-cli';

const KEY = 'AKIDE2ECLASSIC001';
const SECRET = 'e2e-classic-secret';

describe('a docker without BuildKit: classic Dockerfile variant', () => {
  let bed: Testbed;
  let ecr: EcrStandIn;
  let work: string;
  let site: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  const pushEnv = (): NodeJS.ProcessEnv => {
    const home = path.join(work, 'home');
    return {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: path.join(work, 'docker-config'),
    };
  };

  before(async () => {
    bed = loadTestbed();
    ecr = await startEcrStandIn({ registry: true, keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-classic-'));
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });
    fs.mkdirSync(path.join(work, 'docker-config'));
    site = tempCopy(exampleDir('mysite'), 'dct-classic-site-');
    cleanups.push(() => fs.rmSync(site, { recursive: true, force: true }));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await ecr?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('the plain client really has no BuildKit (the situation this feature handles)', async () => {
    const buildx = spawnSync(bed.dockerPlainClient, ['buildx', 'version'], { encoding: 'utf8' });
    assert.notEqual(buildx.status, 0);
  });

  it('generate --builder auto with the plain client picks the classic variant, says why, and it builds, runs non-root and serves', async () => {
    const env = { ...process.env };
    delete env.DOCKER_BUILDKIT;
    const generated = spawnSync(process.execPath,
      [cliPath(), 'generate', site, '--base-image', baseImage(bed, '3.11'), '--builder', 'auto', '--docker', bed.dockerPlainClient, '--yes'],
      { encoding: 'utf8', env });
    assert.equal(generated.status, 0, generated.stderr);
    assert.match(generated.stderr, new RegExp(`Classic-builder variant: ${bed.dockerPlainClient} \\(client [\\d.]+\\) has no buildx plugin`));
    const dockerfile = fs.readFileSync(path.join(site, 'Dockerfile'), 'utf8');
    assert.doesNotMatch(dockerfile, /--mount/);

    const tag = docker.uniqueName('classic-gen');
    cleanups.push(() => docker.removeImage(tag));
    const built = await docker.build({ context: site, tag, buildkit: false, buildArgs: { PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost } });
    assert.equal(built.code, 0, built.output.slice(-4000));
    assert.match(built.output, /^Step \d+\/\d+ : /m, 'built by the classic builder');

    const port = await docker.freePort();
    const container = await docker.runDetached({ image: tag, name: docker.uniqueName('classic-run'), env: { PORT: String(port), DJANGO_SECRET_KEY: 'e2e-classic-runtime' } });
    cleanups.push(() => docker.removeContainer(container));
    const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
    assert.equal(home.status, 200, home.body.slice(0, 500));
    const pid1 = await docker.exec(container, ['python', '-c', "import os; print(os.stat('/proc/1').st_uid)"]);
    assert.equal(Number(pid1.stdout.trim()), 10001, pid1.output);
  });

  it('push with the plain client builds the classic Dockerfile with the classic builder', async () => {
    const run = await runPushCli(ecr, [site, '--repository', 'classic/web', '--tag', 'v1', '--create', '--network', 'host',
      '--build-arg', `PIP_INDEX_URL=${bed.indexUrl}`, '--build-arg', `PIP_TRUSTED_HOST=${bed.trustedHost}`, '--docker', bed.dockerPlainClient], pushEnv());
    cleanups.push(() => docker.removeImage(`${ecr.registryHost}/classic/web:v1`), () => docker.removeImage('dct-local/classic/web:v1'));
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assert.match(run.stderr, /Building linux\/amd64 image .*\(classic builder\)/);
  });

  it('push with the plain client refuses a BuildKit-only Dockerfile before building, naming the next step', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'buildkit-only-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${baseImage(bed, '3.11')}\nRUN --mount=type=cache,target=/root/.cache/pip true\n`);
    const registryBefore = ecr.registryRequests().length;
    const run = await runPushCli(ecr, [dir, '--repository', 'classic/refused', '--tag', 'v1', '--create', '--docker', bed.dockerPlainClient], pushEnv());
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /needs BuildKit \(line 2: RUN --mount\)/);
    assert.match(run.stderr, /--builder classic/);
    assert.match(run.stderr, /buildx/);
    assert.doesNotMatch(run.stderr, /Building|Created repository/);
    assert.equal(ecr.registryRequests().length, registryBefore, 'nothing reached the registry');
  });
});
