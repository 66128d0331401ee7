/**
 * The smoke test before a push: the image must be built for the requested platform, start on loopback with a
 * throwaway SECRET_KEY and ALLOWED_HOSTS, become healthy or answer HTTP, and pass `manage.py check --deploy`.
 * A broken image (the seed post's copies site-packages only, so gunicorn is not on PATH) is caught here,
 * before a single layer leaves the machine. The secret travels in an --env-file (0600, in a private temp dir,
 * removed at once), never on a command line or in a log; the container is always removed.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { cancelled, type EcrError } from '../ecr/errors';
import { formatIssue, parseDeployCheck, seriousIssues } from './deploy-check';
import { dockerUnavailable } from './docker-output';
import { runDocker, type DockerRunResult } from './docker-runner';
import type { PushEvent, PushPlan } from './types';
import { freeLoopbackPort } from '../util/ports';

export interface SmokeContext {
  /** The environment docker runs with (DOCKER_CONFIG, DOCKER_HOST, ...). */
  env: NodeJS.ProcessEnv;
  /** The push's scrub list: the throwaway secret is added to it. */
  secrets: string[];
  signal?: AbortSignal;
  emit: (event: PushEvent) => void;
  /** How long the server may take to answer (default 60 s). */
  startTimeoutMs?: number;
}

const START_TIMEOUT_MS = 60_000;
const CHECK_TIMEOUT_MS = 120_000;
const POLL_MS = 500;
const LOG_LINES = 30;
const ALLOWED_HOSTS = '127.0.0.1,localhost';
const SKIP_HINT = 'To push without this check: --no-smoke-test (VS Code: the djangoContainer.push.smokeTest setting).';

export interface ImagePlatform { os: string; architecture: string; variant?: string }

/** The image's platform as text when it is not the requested one (`linux/arm64` for `linux/amd64`), else undefined. */
export function platformMismatch(requested: string, image: ImagePlatform): string | undefined {
  const [os, arch, variant] = requested.split('/');
  // arm64 images often carry variant v8 while users write linux/arm64: only 32-bit arm variants differ in practice.
  const sameVariant = !variant || !image.variant || arch === 'arm64' || variant === image.variant;
  if (image.os === os && image.architecture === arch && sameVariant) return undefined;
  return [image.os, image.architecture, image.variant].filter(Boolean).join('/');
}

/** A random key Django accepts without security.W009 (>= 50 characters, many distinct ones). */
export function throwawaySecret(): string {
  return randomBytes(48).toString('base64url');
}

/** Writes `values` as a docker --env-file, readable by its owner only, in a fresh private folder. */
export function writeEnvFile(values: Record<string, string>, parent = os.tmpdir()): { file: string; remove: () => void } {
  const lines = Object.entries(values).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new Error(`${name} must be a single line`);
    return `${name}=${value}\n`;
  });
  const dir = fs.mkdtempSync(path.join(parent, 'dct-smoke-'));
  const file = path.join(dir, 'env');
  fs.writeFileSync(file, lines.join(''), { mode: 0o600 });
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}


/** The HTTP status the server answers with, or undefined while nothing answers (refused, reset, no reply). */
function httpStatus(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

class SmokeStop {
  constructor(readonly error: EcrError) {}
}

/** Runs the smoke test of plan.localImage; undefined when it passed (or is turned off), else why it failed. */
export async function smokeTestImage(plan: PushPlan, ctx: SmokeContext): Promise<EcrError | undefined> {
  const phase = (message: string) => ctx.emit({ type: 'phase', phase: 'smoke-test', message });
  if (!plan.smokeTest) {
    phase('Smoke test skipped (turned off with --no-smoke-test or djangoContainer.push.smokeTest)');
    return undefined;
  }
  const image = plan.localImage;
  const name = `dct-smoke-${plan.repository.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${randomBytes(4).toString('hex')}`;
  let started = false;
  const docker = async (args: string[], options: { show?: boolean; signal?: AbortSignal } = {}): Promise<DockerRunResult> => {
    const result = await runDocker({
      docker: plan.docker.path, args, env: ctx.env, secrets: ctx.secrets, signal: options.signal ?? ctx.signal,
      onLine: options.show ? (line) => ctx.emit({ type: 'output', phase: 'smoke-test', line }) : undefined,
    });
    if (ctx.signal?.aborted) throw new SmokeStop(cancelled());
    const unavailable = result.code !== 0 && !result.cancelled ? dockerUnavailable(result, plan.docker.path) : undefined;
    if (unavailable) throw new SmokeStop(unavailable);
    return result;
  };
  const lastLogLines = async (): Promise<string[]> => {
    if (!started) return [];
    const logs = await docker(['logs', '--tail', String(LOG_LINES), name]);
    return `${logs.stdout}\n${logs.stderr}`.split('\n').filter((l) => l.trim());
  };
  const fail = async (cause: string, message: string, nextStep: string, lines: string[] = []): Promise<never> => {
    const detail = [...lines, ...(await lastLogLines())].slice(-LOG_LINES).join('\n');
    throw new SmokeStop({
      kind: 'smoke-test-failed', cause, repository: plan.repository, tag: plan.tags[0],
      message: `The smoke test of ${image} failed: ${message} Nothing was pushed.`,
      nextStep: `${nextStep} ${SKIP_HINT}`, detail: detail || undefined,
    });
  };

  try {
    phase(`Smoke-testing ${image}: platform, start on 127.0.0.1 with a throwaway SECRET_KEY, manage.py check --deploy`);
    const inspected = await docker(['image', 'inspect', '--format',
      '{{.Os}}|{{.Architecture}}|{{.Variant}}|{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Test}}{{end}}', image]);
    if (inspected.code !== 0) await fail('no-image', `docker cannot inspect it (${inspected.stderr.trim().split('\n').pop()}).`, 'Build the image again.');
    const [imageOs, architecture, variant, healthTest] = inspected.stdout.trim().split('|');
    if (!imageOs || !architecture) await fail('no-image', 'docker did not report its platform.', 'Check that the docker path points at a real docker, and build the image again.');
    const other = platformMismatch(plan.platform, { os: imageOs, architecture, variant });
    if (other) {
      await fail('platform', `the image is ${other}, but ${plan.platform} was asked for.`,
        `Build with a docker that can build ${plan.platform} (buildx: docker buildx build --platform ${plan.platform}), or push with --platform ${other} if that is what your hosts run.`);
    }
    if (plan.docker.serverArch && architecture !== plan.docker.serverArch) {
      ctx.emit({ type: 'warning', message: `The smoke test checked the platform only: a ${plan.platform} image cannot be started on this ${plan.docker.serverOs}/${plan.docker.serverArch} Docker engine without emulation.` });
      return undefined;
    }
    const hasHealthcheck = !!healthTest && !healthTest.includes('"NONE"');

    const port = await freeLoopbackPort();
    const secret = throwawaySecret();
    ctx.secrets.push(secret);
    const envFile = writeEnvFile({
      PORT: String(port), SECRET_KEY: secret, DJANGO_SECRET_KEY: secret, ALLOWED_HOSTS, DJANGO_ALLOWED_HOSTS: ALLOWED_HOSTS,
    });
    let run: DockerRunResult;
    try {
      started = true; // from here on a container may exist, even when `docker run` fails to start it
      run = await docker(['run', '--detach', '--name', name, '--network', 'host', '--env-file', envFile.file,
        '--label', 'dev.django-container.smoke-test=true', ...(hasHealthcheck ? ['--health-interval', '2s'] : []), image], { show: true });
    } finally {
      envFile.remove(); // docker read it when it created the container
    }
    if (run.code !== 0) {
      await fail('exited', 'the container did not start.',
        `Fix the start command (CMD/ENTRYPOINT) with the container output below, and try it locally: docker run --rm --network host -e PORT=8000 ${image}.`,
        run.stderr.split('\n').filter((l) => l.trim()));
    }

    const waited = Date.now();
    const deadline = waited + (ctx.startTimeoutMs ?? START_TIMEOUT_MS);
    let ready: string | undefined;
    while (!ready) {
      const state = await docker(['container', 'inspect', '--format', '{{.State.Status}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}', name]);
      const [status, exitCode, health] = state.stdout.trim().split('|');
      if (state.code !== 0 || status === 'exited' || status === 'dead') {
        await fail('exited', `the container exited (code ${exitCode ?? '?'}) before it answered on 127.0.0.1:${port}.`,
          'Read the container output below: the server must keep running with only PORT, SECRET_KEY/DJANGO_SECRET_KEY and ALLOWED_HOSTS set.');
      }
      if (health === 'unhealthy') await fail('unhealthy', 'its HEALTHCHECK reports it unhealthy.', 'Fix the app or the HEALTHCHECK command with the container output below.');
      if (health === 'healthy') ready = 'its HEALTHCHECK reports it healthy';
      const answer = ready ? undefined : await httpStatus(port);
      if (answer !== undefined) ready = `it answered HTTP ${answer} on 127.0.0.1:${port}`;
      if (!ready && Date.now() > deadline) {
        await fail('timeout', `nothing answered on 127.0.0.1:${port} within ${Math.round((deadline - waited) / 1000)} s.`,
          `Make the server listen on 0.0.0.0:$PORT (the smoke test sets PORT=${port}), or give the image a HEALTHCHECK.`);
      }
      if (!ready) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    phase(`Started: ${ready} after ${((Date.now() - waited) / 1000).toFixed(1)} s; running manage.py check --deploy`);

    const checkSummary = await deployCheck(name, docker, fail, ctx);
    phase(`Smoke test passed: ${ready}; manage.py check --deploy: ${checkSummary}`);
    return undefined;
  } catch (error) {
    if (error instanceof SmokeStop) return error.error;
    throw error;
  } finally {
    // Never leave the container behind, not even when the push was cancelled (no signal: this must run).
    if (started) await runDocker({ docker: plan.docker.path, args: ['rm', '--force', name], env: ctx.env, secrets: ctx.secrets });
  }
}

type Docker = (args: string[], options?: { show?: boolean; signal?: AbortSignal }) => Promise<DockerRunResult>;
type Fail = (cause: string, message: string, nextStep: string, lines?: string[]) => Promise<never>;

/** `manage.py check --deploy` in the running container (it has the throwaway settings): warnings reported, errors fail. */
async function deployCheck(name: string, docker: Docker, fail: Fail, ctx: SmokeContext): Promise<string> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), CHECK_TIMEOUT_MS);
  const onAbort = () => timeout.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let result: DockerRunResult;
  try {
    result = await docker(['exec', name, 'python', 'manage.py', 'check', '--deploy'], { show: true, signal: timeout.signal });
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.cancelled) await fail('check-deploy', `manage.py check --deploy did not finish within ${CHECK_TIMEOUT_MS / 1000} s.`, 'Run it in the image to see where it hangs.');
  const lines = output.split('\n').filter((l) => l.trim());
  if (result.code === 126 || result.code === 127 || /can't open file .*manage\.py/.test(output)) {
    ctx.emit({ type: 'warning', message: `manage.py check --deploy could not run in the image (no python or no manage.py in its working directory): ${lines.pop() ?? ''}` });
    return 'skipped';
  }
  const report = parseDeployCheck(output);
  const serious = seriousIssues(report);
  if (result.code !== 0) {
    if (serious.length) {
      await fail('check-deploy', `manage.py check --deploy found ${serious.length} error${serious.length === 1 ? '' : 's'} (${serious.map((i) => i.id).join(', ')}).`,
        'Fix them in the production settings (run: docker run --rm IMAGE python manage.py check --deploy).', serious.map(formatIssue));
    }
    await fail('check-deploy', report.crash ? `manage.py check --deploy could not load the project: ${report.crash}` : `manage.py check --deploy failed (exit ${result.code}).`,
      'Read its output below; settings read from the environment get only PORT, SECRET_KEY/DJANGO_SECRET_KEY and ALLOWED_HOSTS here.', lines.slice(-LOG_LINES));
  }
  const warnings = report.issues.filter((i) => i.level === 'warning');
  if (!warnings.length) return 'no issues';
  ctx.emit({ type: 'warning', message: `manage.py check --deploy: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${warnings.map((i) => i.id).join(', ')}); details in the output.` });
  return `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
}
