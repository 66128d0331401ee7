/**
 * The push engine against the ECR stand-in's API and a recording docker shim: what runs, in which order,
 * with which argv, stdin and environment; and what fails before anything runs.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EcrStandIn, startEcrStandIn } from '../../support/ecr-standin';
import { createDockerShim, DockerShim, ShimCall } from '../../support/ecr-standin/docker-shim';
import { planPush, runPush, TokenCache } from '../../../server/src/push';
import type { PushEvent, PushOptions, PushPlan } from '../../../server/src/push/types';

const KEY = 'AKIDPUSHENGINE01';

/** Alive = exists and is not a zombie waiting for its (re)parent to reap it. */
function processAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
const SECRET = 'push-engine-secret';

describe('push engine (stand-in API + docker shim)', () => {
  let ecr: EcrStandIn;
  let shim: DockerShim;
  let work: string;
  let context: string;
  let dockerConfig: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    ecr = await startEcrStandIn({ keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-push-engine-'));
    context = path.join(work, 'app');
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY app /app\n');
    fs.writeFileSync(path.join(context, 'app'), 'x');
    // The SDK reads credentials and the endpoint from the process environment: standard configuration only.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_ECR: ecr.endpoint, AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(work, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'aws-credentials'),
    });
    delete process.env.AWS_PROFILE;
  });
  after(async () => {
    await ecr.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  beforeEach(() => {
    shim?.remove();
    shim = createDockerShim();
    dockerConfig = fs.mkdtempSync(path.join(work, 'docker-config-'));
    env = { ...process.env, DOCKER_CONFIG: dockerConfig };
  });

  const options = (extra: Partial<PushOptions> = {}): PushOptions => ({
    // The shim's images cannot run: the smoke test is tested on real docker (test/e2e/push-smoke-test.test.ts).
    contextDir: context, repository: 'engine/app', tags: ['v1'], dockerPath: shim.path, env, smokeTest: false, ...extra,
  });
  const plan = async (extra: Partial<PushOptions> = {}): Promise<PushPlan> => {
    const planned = await planPush(options(extra));
    assert.ok(planned.ok, `plan failed: ${JSON.stringify(!planned.ok && planned.error)}`);
    return planned.plan;
  };
  const commands = (calls: ShimCall[]) => calls.map((c) => c.argv[0] === 'buildx' ? `buildx ${c.argv[1]}` : c.argv[0]);

  describe('planPush: checks before anything runs', () => {
    it('rejects bad tags, names and platforms without calling docker', async () => {
      for (const [extra, expected] of [
        [{ tags: ['-bad'] }, /^Tag '-bad': A tag is 1-128 letters/],
        [{ tags: ['a'.repeat(129)] }, /^Tag 'a{40}…': A tag is 1-128/],
        [{ repository: 'MyApp' }, /must be lowercase/],
        [{ repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web' }, /looks like an image URI/],
        [{ repository: 'web//api' }, /not a valid repository name/],
        [{ platform: 'amd64' }, /not a platform/],
        [{ buildArgs: { 'BAD-NAME': 'x' } }, /not a valid build argument name/],
      ] as const) {
        const planned = await planPush(options(extra as Partial<PushOptions>));
        assert.equal(planned.ok, false);
        if (!planned.ok) {
          assert.equal(planned.error.kind, 'invalid-input');
          assert.match(planned.error.message, expected);
        }
      }
      assert.equal(shim.calls().length, 0);
    });

    it('reports a missing Dockerfile and a missing region', async () => {
      const noDockerfile = await planPush(options({ dockerfile: 'Nope.Dockerfile' }));
      assert.ok(!noDockerfile.ok && noDockerfile.error.kind === 'invalid-input' && /No Dockerfile/.test(noDockerfile.error.message));
      const { AWS_REGION: _drop, ...noRegion } = env;
      const planned = await planPush(options({ env: noRegion }));
      assert.ok(!planned.ok);
      if (!planned.ok) assert.equal(planned.error.kind, 'region-missing');
    });

    it('takes the region from the option, then AWS_REGION, then the profile', async () => {
      fs.writeFileSync(path.join(work, 'aws-config'), '[profile dev]\nregion = eu-west-1\n');
      const { AWS_REGION: _drop, ...noRegion } = env;
      assert.equal((await plan({ env: noRegion, profile: 'dev' })).connection.region, 'eu-west-1');
      assert.equal((await plan({ profile: 'dev' })).connection.region, 'us-east-1');
      assert.equal((await plan({ profile: 'dev', region: 'ap-south-1' })).connection.region, 'ap-south-1');
    });

    it('reports docker missing', async () => {
      const planned = await planPush(options({ dockerPath: path.join(work, 'no-docker-here') }));
      assert.ok(!planned.ok);
      if (!planned.ok) {
        assert.equal(planned.error.kind, 'docker-missing');
        assert.match(planned.error.nextStep, /Install Docker|docker path/);
      }
    });

    it('warns when the engine architecture differs and docker cannot cross-build', async () => {
      const legacy = await plan({ env: { ...env, SHIM_ARCH: 'arm64' } });
      assert.equal(legacy.platform, 'linux/amd64');
      assert.equal(legacy.docker.builder, 'legacy');
      assert.match(legacy.warnings.join('\n'), /cannot cross-build linux\/amd64/);
      const buildx = await plan({ env: { ...env, SHIM_ARCH: 'arm64', SHIM_BUILDX: '1' } });
      assert.equal(buildx.docker.builder, 'buildx');
      assert.match(buildx.warnings.join('\n'), /emulation/);
      const same = await plan();
      assert.deepEqual(same.warnings, []);
      const old = await plan({ env: { ...env, SHIM_CLIENT_VERSION: '20.10.24' } });
      assert.equal(old.docker.builder, 'buildkit');
    });

    it('stops a BuildKit-only Dockerfile before a classic-builder build', async () => {
      const dockerfile = path.join(context, 'BuildKit.Dockerfile');
      fs.writeFileSync(dockerfile, 'FROM scratch\nRUN --mount=type=cache,target=/root/.cache true\nCOPY --link app /app\n');
      const legacy = await planPush(options({ dockerfile }));
      assert.ok(!legacy.ok);
      if (!legacy.ok) {
        assert.equal(legacy.error.kind, 'invalid-input');
        assert.match(legacy.error.message, /needs BuildKit \(line 2: RUN --mount; line 3: COPY --link\)/);
        assert.match(legacy.error.nextStep, /--builder classic/);
      }
      assert.ok((await planPush(options({ dockerfile, env: { ...env, SHIM_BUILDX: '1' } }))).ok);
      assert.ok((await planPush(options({ dockerfile, env: { ...env, SHIM_CLIENT_VERSION: '20.10.24' } }))).ok);
      assert.ok((await planPush(options({ dockerfile, build: false }))).ok, 'no build, no builder needed');
    });

    it('explains a credsStore whose helper is missing, and offers an isolated docker config', async () => {
      fs.writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ credsStore: 'desktop', currentContext: 'default' }));
      const planned = await planPush(options());
      assert.ok(!planned.ok);
      if (!planned.ok) {
        assert.equal(planned.error.kind, 'creds-store-broken');
        assert.match(planned.error.message, /"credsStore": "desktop".*docker-credential-desktop is not installed/);
        assert.match(planned.error.nextStep, /isolated docker config/);
      }
      const isolated = await plan({ isolatedDockerConfig: true });
      assert.notEqual(isolated.dockerConfigDir, dockerConfig);
      const written = JSON.parse(fs.readFileSync(path.join(isolated.dockerConfigDir!, 'config.json'), 'utf8'));
      assert.equal(written.credsStore, undefined);
      assert.equal(written.currentContext, 'default');
      fs.rmSync(isolated.dockerConfigDir!, { recursive: true, force: true });
    });

    it('an isolated docker config keeps the contexts, the buildx builders and the per-user CLI plugins', async () => {
      for (const dir of ['contexts/meta/abc', 'buildx/instances', 'cli-plugins']) fs.mkdirSync(path.join(dockerConfig, dir), { recursive: true });
      fs.writeFileSync(path.join(dockerConfig, 'contexts/meta/abc/meta.json'), '{"Name":"remote"}');
      fs.writeFileSync(path.join(dockerConfig, 'buildx/instances/fleet'), '{"Name":"fleet"}');
      fs.writeFileSync(path.join(dockerConfig, 'buildx/current'), '{"Key":"x","Name":"fleet"}');
      fs.writeFileSync(path.join(dockerConfig, 'cli-plugins/docker-buildx'), '#!/bin/sh\n', { mode: 0o755 });
      const isolated = (await plan({ isolatedDockerConfig: true })).dockerConfigDir!;
      try {
        assert.equal(fs.readFileSync(path.join(isolated, 'contexts/meta/abc/meta.json'), 'utf8'), '{"Name":"remote"}');
        assert.equal(fs.readFileSync(path.join(isolated, 'buildx/instances/fleet'), 'utf8'), '{"Name":"fleet"}');
        assert.ok(fs.existsSync(path.join(isolated, 'buildx/current')));
        assert.equal(fs.realpathSync(path.join(isolated, 'cli-plugins')), fs.realpathSync(path.join(dockerConfig, 'cli-plugins')), 'plugins linked, not copied');
      } finally {
        fs.rmSync(isolated, { recursive: true, force: true });
      }
      assert.ok(fs.existsSync(path.join(dockerConfig, 'cli-plugins/docker-buildx')), 'removing the isolated config leaves the user\'s plugins');
    });
  });

  describe('runPush', () => {
    it('builds for linux/amd64, logs in through stdin only, tags, pushes and verifies', async () => {
      ecr.createRepository('engine/app');
      const digest = ecr.seedImage('engine/app', ['v1']);
      const events: PushEvent[] = [];
      const p = await plan({
        env: { ...env, SHIM_DIGEST: digest }, network: 'host',
        buildArgs: { PIP_INDEX_URL: 'http://user:index-token@127.0.0.1:3141/simple/' },
      });
      const result = await runPush(p, { onEvent: (e) => events.push(e), tokens: new TokenCache() });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
      assert.equal(result.digest, digest);
      assert.equal(result.digestUri, `123456789012.dkr.ecr.us-east-1.amazonaws.com/engine/app@${digest}`);
      const calls = shim.calls();
      assert.deepEqual(commands(calls), ['context', 'version', 'buildx version', 'build', 'login', 'tag', 'push']);
      const build = calls[3];
      assert.deepEqual(build.argv.slice(0, 3), ['build', '--platform', 'linux/amd64']);
      assert.ok(build.argv.includes('--network') && build.argv[build.argv.indexOf('--network') + 1] === 'host');
      assert.ok(build.argv.includes('PIP_INDEX_URL'), 'build arg passed by name');
      assert.ok(!build.argv.join(' ').includes('index-token'), 'build arg value never on the command line');
      assert.equal(build.env.PIP_INDEX_URL, 'http://user:index-token@127.0.0.1:3141/simple/');
      assert.equal(build.env.DOCKER_BUILDKIT, '0');
      const login = calls[4];
      const password = ecr.issuedPasswords().at(-1)!;
      assert.deepEqual(login.argv, ['login', '--username', 'AWS', '--password-stdin', '123456789012.dkr.ecr.us-east-1.amazonaws.com']);
      assert.equal(login.stdin.trim(), password);
      assert.equal(login.env.DOCKER_CONFIG, dockerConfig);
      for (const call of calls) assert.ok(!call.argv.join(' ').includes(password.slice(0, 40)));
      assert.ok(!JSON.stringify(events).includes(password.slice(0, 40)), 'no event carries the password');
      assert.ok(events.some((e) => e.type === 'output' && e.line === 'Looking in indexes: http://user:***@127.0.0.1:3141/simple/'));
      assert.ok(!JSON.stringify(events).includes('index-token'), 'a build arg URL password is scrubbed from the output');
      assert.deepEqual(calls[5].argv, ['tag', 'dct-local/engine/app:v1', '123456789012.dkr.ecr.us-east-1.amazonaws.com/engine/app:v1']);
      const phases = events.filter((e) => e.type === 'phase').map((e) => e.type === 'phase' && e.phase);
      assert.deepEqual([...new Set(phases)], ['repository', 'check-tags', 'build', 'smoke-test', 'login', 'tag', 'push', 'verify']);
      assert.ok(events.some((e) => e.type === 'layer' && e.status === 'Pushed'));
      assert.equal(events.at(-1)?.type, 'done');
    });

    it('sends every docker command to the chosen context, and pins the builder buildx resolved', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      const builders = JSON.stringify({ fleet: { driver: 'remote', endpoint: 'tcp://127.0.0.1:1234', platforms: 'linux/arm64*, linux/amd64' } });
      const events: PushEvent[] = [];
      const p = await plan({
        dockerContext: 'remote', dockerBuilder: 'fleet', network: 'host', platform: 'linux/arm64',
        env: { ...env, DOCKER_HOST: 'unix:///var/run/docker.sock', SHIM_BUILDX: '1', SHIM_DIGEST: digest, SHIM_CONTEXTS: JSON.stringify({ remote: 'ssh://deploy@build-1' }), SHIM_BUILDERS: builders },
      });
      assert.deepEqual(p.warnings, [], 'the builder is native arm64: no emulation warning from the amd64 daemon');
      const result = await runPush(p, { onEvent: (e) => events.push(e), tokens: new TokenCache() });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
      const calls = shim.calls();
      assert.deepEqual(commands(calls), ['context', 'version', 'buildx version', 'buildx inspect', 'buildx build', 'login', 'tag', 'push']);
      for (const call of calls.slice(1)) {
        assert.equal(call.env.DOCKER_CONTEXT, 'remote', `${call.argv.join(' ')} goes to the context`);
        assert.equal(call.env.DOCKER_HOST, undefined, `${call.argv.join(' ')} cannot reach DOCKER_HOST`);
      }
      const build = calls.find((c) => c.argv[1] === 'build')!;
      assert.equal(build.env.BUILDX_BUILDER, 'fleet');
      assert.ok(build.argv.join(' ').includes('--allow network.host'), 'host network entitlement for a non-docker driver');
      const engineEvent = events.find((e) => e.type === 'engine');
      assert.ok(engineEvent?.type === 'engine');
      assert.equal(engineEvent.description, "docker context 'remote' (ssh://deploy@build-1, as asked), buildx builder 'fleet' (remote driver at tcp://127.0.0.1:1234)");
      assert.equal(result.engine?.builder?.name, 'fleet');
    });

    it('refuses an unknown buildx builder before anything is built', async () => {
      const planned = await planPush(options({ dockerBuilder: 'ghost', env: { ...env, SHIM_BUILDX: '1' } }));
      assert.ok(!planned.ok);
      assert.equal(planned.error.cause, 'docker-builder-missing');
      assert.match(planned.error.nextStep, /docker buildx ls.*docker buildx create --name ghost/);
      assert.ok(!commands(shim.calls()).includes('buildx build'));
    });

    it('uses buildx with --load and --provenance=false when available', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      const result = await runPush(await plan({ env: { ...env, SHIM_BUILDX: '1', SHIM_DIGEST: digest } }), { tokens: new TokenCache() });
      assert.ok(result.ok);
      const build = shim.calls().find((c) => c.argv[0] === 'buildx' && c.argv[1] === 'build')!;
      assert.deepEqual(build.argv.slice(0, 6), ['buildx', 'build', '--load', '--provenance=false', '--progress', 'plain']);
      assert.ok(build.argv.includes('linux/amd64'));
    });

    it('pushes an existing local image with build: false', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      const result = await runPush(await plan({ build: false, image: 'my-local:dev', env: { ...env, SHIM_DIGEST: digest } }), { tokens: new TokenCache() });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
      const calls = shim.calls();
      assert.deepEqual(commands(calls), ['context', 'version', 'buildx version', 'image', 'login', 'tag', 'push']);
      assert.deepEqual(calls[3].argv, ['image', 'inspect', '--format', '{{.Id}}', 'my-local:dev']);
      assert.equal(calls[5].argv[1], 'my-local:dev');
    });

    it('caches the registry token and the login across pushes', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      const tokens = new TokenCache();
      const before = ecr.calls.GetAuthorizationToken ?? 0;
      assert.ok((await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest } }), { tokens })).ok);
      assert.ok((await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest } }), { tokens })).ok);
      assert.equal((ecr.calls.GetAuthorizationToken ?? 0) - before, 1);
      assert.equal(commands(shim.calls()).filter((c) => c === 'login').length, 1);
      // Past half of the token's life the cache asks for a new one, as the ECR credential helper does.
      let now = Date.now();
      const aging = new TokenCache(() => now);
      assert.ok((await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest } }), { tokens: aging })).ok);
      now += 7 * 3600_000;
      assert.ok((await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest } }), { tokens: aging })).ok);
      assert.equal((ecr.calls.GetAuthorizationToken ?? 0) - before, 3);
    });

    it('logs in again once and retries when the token expires during the push', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      const flag = path.join(shim.dir, 'expired-once');
      const events: PushEvent[] = [];
      const before = ecr.calls.GetAuthorizationToken ?? 0;
      const result = await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest, SHIM_PUSH_EXPIRE_ONCE: flag } }), { tokens: new TokenCache(), onEvent: (e) => events.push(e) });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
      assert.deepEqual(commands(shim.calls()).slice(-5), ['login', 'tag', 'push', 'login', 'push']);
      assert.equal((ecr.calls.GetAuthorizationToken ?? 0) - before, 2);
      assert.ok(events.some((e) => e.type === 'warning' && /expired.*Logging in again/.test(e.message)));
    });

    it('skips docker login when the docker config maps the host to the ECR credential helper', async () => {
      const digest = ecr.images('engine/app')[0].digest;
      fs.writeFileSync(path.join(shim.dir, 'docker-credential-ecr-login'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ credHelpers: { '123456789012.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' } }));
      const result = await runPush(await plan({ env: { ...env, SHIM_DIGEST: digest, PATH: `${shim.dir}${path.delimiter}${env.PATH}` } }), { tokens: new TokenCache() });
      assert.ok(result.ok && result.loginSkipped);
      assert.ok(!commands(shim.calls()).includes('login'));
    });

    it('stops before building when the repository is missing, and creates it when asked', async () => {
      const missing = await runPush(await plan({ repository: 'engine/absent' }), { tokens: new TokenCache() });
      assert.ok(!missing.ok);
      if (!missing.ok) {
        assert.equal(missing.error.kind, 'repository-missing');
        assert.match(missing.error.nextStep, /--create/);
      }
      assert.deepEqual(commands(shim.calls()), ['context', 'version', 'buildx version']);
      const created = await runPush(await plan({ repository: 'engine/created', create: { imageTagMutability: 'IMMUTABLE', scanOnPush: true } }), { tokens: new TokenCache() });
      // The shim's push reports a digest the stand-in never saw, so verification must fail: proof that it checks.
      assert.ok(!created.ok);
      if (!created.ok) assert.equal(created.error.kind, 'verify-failed');
      assert.equal(ecr.state.repositories.get('engine/created')?.mutability, 'IMMUTABLE');
      assert.equal(ecr.state.repositories.get('engine/created')?.scanOnPush, true);
    });

    it('catches an existing immutable tag before building', async () => {
      ecr.createRepository('engine/frozen', { mutability: 'IMMUTABLE' });
      ecr.seedImage('engine/frozen', ['v1']);
      const result = await runPush(await plan({ repository: 'engine/frozen', tags: ['v2', 'v1'] }), { tokens: new TokenCache() });
      assert.ok(!result.ok);
      if (!result.ok) {
        assert.equal(result.error.kind, 'immutable-tag');
        assert.equal(result.error.tag, 'v1');
      }
      assert.ok(!commands(shim.calls()).includes('build'));
    });

    it('names the failing build step', async () => {
      const result = await runPush(await plan({ env: { ...env, SHIM_BUILD_FAIL: '1' } }), { tokens: new TokenCache() });
      assert.ok(!result.ok);
      if (!result.ok) {
        assert.equal(result.error.kind, 'build-failed');
        assert.equal(result.error.failingStep, 'RUN pip install -r requirements.txt');
        assert.match(result.error.detail ?? '', /returned a non-zero code/);
      }
    });

    it('reports access denied with the IAM action', async () => {
      ecr.addKey('AKIDNOPUSH01', { secret: 'nopush', denyActions: ['GetAuthorizationToken'] });
      process.env.AWS_ACCESS_KEY_ID = 'AKIDNOPUSH01';
      process.env.AWS_SECRET_ACCESS_KEY = 'nopush';
      try {
        const result = await runPush(await plan(), { tokens: new TokenCache() });
        assert.ok(!result.ok);
        if (!result.ok) {
          assert.equal(result.error.kind, 'access-denied');
          assert.equal(result.error.action, 'ecr:GetAuthorizationToken');
        }
      } finally {
        process.env.AWS_ACCESS_KEY_ID = KEY;
        process.env.AWS_SECRET_ACCESS_KEY = SECRET;
      }
    });

    it('cancels a running build and kills its whole process tree', async () => {
      const controller = new AbortController();
      const running = runPush(await plan({ env: { ...env, SHIM_BUILD_SLEEP: '30' } }), {
        tokens: new TokenCache(), signal: controller.signal,
        onEvent: (e) => { if (e.type === 'output' && e.phase === 'build' && /Step 2/.test(e.line)) setTimeout(() => controller.abort(), 200); },
      });
      const result = await running;
      assert.ok(!result.ok);
      if (!result.ok) assert.equal(result.error.kind, 'cancelled');
      const calls = shim.calls();
      const pids = [calls.find((c) => c.argv[0] === 'build')!.pid, calls.find((c) => c.argv[0] === '(child)')!.pid];
      await new Promise((r) => setTimeout(r, 300));
      for (const pid of pids) assert.equal(processAlive(pid), false, `process ${pid} still running`);
    });
  });
});
