/**
 * The smoke test before a push, on the real stack (real dockerd, the ECR stand-in's API and registry, the CLI):
 * the seed post's Dockerfile builds but cannot start (gunicorn is not on PATH), so its push stops at the smoke
 * test and not one request for that repository reaches the registry; the generated Dockerfile of
 * examples/mysite starts, answers and passes check --deploy, and is pushed (with a deploy-check error it is
 * stopped); --no-smoke-test pushes the seed
 * image anyway. The throwaway SECRET_KEY is read from the running container and must appear on no command
 * line and in no output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as docker from '../support/docker';
import { seedDockerfile } from '../support/django-image';
import { EcrStandIn, startEcrStandIn } from '../support/ecr-standin';
import { cliPath, commandLines, passwordLeaks, runPushCli, type CliRun } from '../support/push-cli';
import { baseImage, exampleDir, loadTestbed, tempCopy, type Testbed } from '../support/testbed';

const KEY = 'AKIDE2ESMOKE0001';
const SECRET = 'e2e-smoke-secret';

interface WatchedRun extends CliRun {
  /** The SECRET_KEY the smoke-test container really got (read from it while it ran), if it ran long enough. */
  throwawaySecret?: string;
  /** Every command line seen on the machine during the run. */
  seen: string[];
}

describe('smoke test before push (real docker, ECR stand-in)', () => {
  let bed: Testbed;
  let ecr: EcrStandIn;
  let work: string;
  let seedDir: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  before(async () => {
    bed = loadTestbed();
    ecr = await startEcrStandIn({ registry: true, keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-smoke-e2e-'));
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });
    // The seed post's Dockerfile in a copy of the example project, its FROM pointed at the local base image.
    seedDir = tempCopy(exampleDir('mysite'), 'dct-smoke-seed-');
    fs.writeFileSync(path.join(seedDir, 'Dockerfile'), seedDockerfile(8000));
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await ecr?.stop();
    for (const dir of [work, seedDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => {
    const home = path.join(work, 'home');
    return {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: fs.mkdtempSync(path.join(work, 'docker-config-')),
    };
  };

  const buildArgs = () => ['--network', 'host', '--docker', bed.dockerBuildkitClient, '--build-arg', `PYTHON_IMAGE=${baseImage(bed, '3.11')}`,
    '--build-arg', `PIP_INDEX_URL=${bed.indexUrl}`, '--build-arg', `PIP_TRUSTED_HOST=${bed.trustedHost}`];

  /** The smoke-test containers of a repository (named dct-smoke-<repository>-<random>). */
  const smokeContainers = async (repository: string): Promise<string[]> => {
    const listed = await docker.docker(['ps', '--all', '--filter', `name=dct-smoke-${repository.replace(/\//g, '-')}-`, '--format', '{{.Names}}']);
    return listed.stdout.split('\n').filter(Boolean);
  };

  /** Pushes while recording every command line and, from the running smoke-test container, its SECRET_KEY. */
  async function watchedPush(repository: string, args: string[]): Promise<WatchedRun> {
    const seen = new Set<string>();
    let throwawaySecret: string | undefined;
    let running = true;
    const sample = setInterval(() => { for (const { cmdline } of commandLines()) seen.add(cmdline); }, 20);
    const capture = (async () => {
      while (running && !throwawaySecret) {
        for (const name of await smokeContainers(repository)) {
          const envs = await docker.docker(['container', 'inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', name]);
          throwawaySecret = /^DJANGO_SECRET_KEY=(.+)$/m.exec(envs.stdout)?.[1] ?? throwawaySecret;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const run = await runPushCli(ecr, [...args, '--repository', repository], env());
      return { ...run, throwawaySecret, seen: [...seen] };
    } finally {
      running = false;
      clearInterval(sample);
      await capture;
    }
  }

  /** The secret on no command line and in no output; no docker client was ever handed a SECRET_KEY value. */
  function assertSecretKept(run: WatchedRun): void {
    assert.deepEqual(passwordLeaks(ecr, run), [], 'a registry password leaked');
    const dockerCommands = run.seen.filter((cmd) => /(^|\/)docker /.test(cmd));
    assert.deepEqual(dockerCommands.filter((cmd) => /SECRET_KEY/.test(cmd)), [], 'a docker command line names SECRET_KEY');
    if (run.throwawaySecret) {
      assert.deepEqual(run.seen.filter((cmd) => cmd.includes(run.throwawaySecret!)), [], 'the throwaway secret was on a command line');
      assert.ok(!run.stdout.includes(run.throwawaySecret) && !run.stderr.includes(run.throwawaySecret), 'the throwaway secret was printed');
    }
  }

  it("stops the seed post's image (gunicorn not on PATH) before anything reaches the registry", async () => {
    const repository = 'smoke/seed';
    const run = await watchedPush(repository, [seedDir, '--tag', 'broken-1', '--create', ...buildArgs()]);
    cleanups.push(() => docker.removeImage(`dct-local/${repository}:broken-1`));
    assert.equal(run.code, 10, run.stderr.slice(-4000));
    assert.match(run.stderr, /==> Smoke-testing dct-local\/smoke\/seed:broken-1/);
    assert.match(run.stderr, /error: The smoke test of dct-local\/smoke\/seed:broken-1 failed: the container did not start\. Nothing was pushed\./);
    assert.match(run.stderr, /container output \(last lines\):\n(.*\n)*.*exec: "gunicorn": executable file not found in \$PATH/);
    assert.match(run.stderr, /next: .*CMD\/ENTRYPOINT.*--no-smoke-test/);
    assert.doesNotMatch(run.stderr, /==> (Logging in to|Tagging|Pushing)/);
    assert.deepEqual(ecr.registryRequests().filter((r) => r.repository === repository), [], 'no blob, upload or manifest request for the repository');
    assert.equal(ecr.state.repositories.has(repository), false, '--create made nothing for an image that failed');
    assert.deepEqual(await smokeContainers(repository), [], 'the smoke-test container is removed');
    assert.ok(run.seen.some((cmd) => /(^|\/)docker run --detach --name dct-smoke-smoke-seed-[0-9a-f]+ --network host --env-file \S+ /.test(cmd)),
      'the container ran on the host network with an env file');
    assertSecretKept(run);
  });

  /** A copy of examples/mysite with its generated Dockerfile (FROM the local base image). */
  function generatedSite(): string {
    const dir = tempCopy(exampleDir('mysite'), 'dct-smoke-site-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const generated = spawnSync(process.execPath, [cliPath(), 'generate', dir, '--base-image', baseImage(bed, '3.11'), '--yes'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    return dir;
  }

  it('passes the generated Dockerfile of examples/mysite (HTTP answer, check --deploy warnings) and pushes it', async () => {
    const dir = generatedSite();
    const repository = 'smoke/site';
    const run = await watchedPush(repository, [dir, '--tag', 'ok-1', '--create', ...buildArgs()]);
    cleanups.push(() => docker.removeImage(`dct-local/${repository}:ok-1`), () => docker.removeImage(`${ecr.registryHost}/${repository}:ok-1`));
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assert.match(run.stderr, /==> Started: (it answered HTTP \d{3} on 127\.0\.0\.1:\d+|its HEALTHCHECK reports it healthy) after [\d.]+ s; running manage\.py check --deploy/);
    // Production settings of the example leave HSTS and SSL redirect to the load balancer: warnings, not errors.
    assert.match(run.stderr, /warning: manage\.py check --deploy: \d+ warnings \(.*security\.W004.*\); details in the output/);
    assert.match(run.stderr, /==> Smoke test passed: .*; manage\.py check --deploy: \d+ warnings/);
    assert.ok(run.stderr.indexOf('Smoke test passed') < run.stderr.indexOf('==> Pushing'), 'smoke test before the push');
    assert.equal(ecr.images(repository).length, 1);
    assert.deepEqual(await smokeContainers(repository), [], 'the smoke-test container is removed');
    assert.ok(run.throwawaySecret && run.throwawaySecret.length >= 50, 'the container got a throwaway DJANGO_SECRET_KEY (read while it ran)');
    assertSecretKept(run);
  });

  it('stops an image that serves but fails manage.py check --deploy with an error, and names the check', async () => {
    const dir = generatedSite();
    fs.appendFileSync(path.join(dir, 'config', 'settings', 'production.py'), "CSRF_FAILURE_VIEW = 'nonexistent.view'\n");
    const repository = 'smoke/check';
    const run = await watchedPush(repository, [dir, '--tag', 'check-1', '--create', ...buildArgs()]);
    cleanups.push(() => docker.removeImage(`dct-local/${repository}:check-1`));
    assert.equal(run.code, 10, run.stderr.slice(-4000));
    assert.match(run.stderr, /==> Started: /, 'the server itself came up');
    assert.match(run.stderr, /error: The smoke test of dct-local\/smoke\/check:check-1 failed: manage\.py check --deploy found 1 error \(security\.E102\)\. Nothing was pushed\./);
    assert.match(run.stderr, /container output \(last lines\):\n {4}security\.E102: The CSRF failure view 'nonexistent\.view' could not be imported\./);
    assert.deepEqual(ecr.registryRequests().filter((r) => r.repository === repository), []);
    assert.deepEqual(await smokeContainers(repository), [], 'the smoke-test container is removed');
    assertSecretKept(run);
  });

  it('--no-smoke-test skips it: the broken seed image is pushed', async () => {
    const repository = 'smoke/unchecked';
    const run = await watchedPush(repository, [seedDir, '--tag', 'unchecked-1', '--create', '--no-smoke-test', ...buildArgs()]);
    cleanups.push(() => docker.removeImage(`dct-local/${repository}:unchecked-1`), () => docker.removeImage(`${ecr.registryHost}/${repository}:unchecked-1`));
    assert.equal(run.code, 0, run.stderr.slice(-4000));
    assert.match(run.stderr, /==> Smoke test skipped \(turned off with --no-smoke-test/);
    assert.doesNotMatch(run.stderr, /Smoke-testing/);
    assert.deepEqual(await smokeContainers(repository), [], 'no smoke-test container was started');
    assert.equal(ecr.images(repository).length, 1);
    assert.ok(ecr.registryRequests().some((r) => r.repository === repository && r.kind === 'manifest' && r.method === 'PUT' && r.status === 201));
  });
});
