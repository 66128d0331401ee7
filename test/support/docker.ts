/**
 * Small helpers over the real docker CLI for e2e tests (argv arrays, no shell).
 * Loopback only: builds and containers always use `--network host` (dockerd runs with --bridge=none).
 * Values of env vars and build args go through the client's environment (`-e NAME`, `--build-arg NAME`),
 * never onto a command line.
 */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { loadTestbed } from './testbed';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions on messages whichever stream they went to. */
  output: string;
  ms: number;
}

export interface DockerOptions {
  /** true: the BuildKit-capable client with DOCKER_BUILDKIT=1; false (default): the plain client with DOCKER_BUILDKIT=0. */
  buildkit?: boolean;
  /** Extra environment for the docker client (values referenced by `-e NAME` / `--build-arg NAME`). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `docker ARGS` and resolves with the result (never rejects on a non-zero exit). */
export function docker(args: string[], options: DockerOptions = {}): Promise<CommandResult> {
  const bed = loadTestbed();
  const bin = options.buildkit ? bed.dockerBuildkitClient : bed.dockerPlainClient;
  const env = { ...process.env, ...options.env, DOCKER_BUILDKIT: options.buildkit ? '1' : '0' };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (d) => { stdout += d; output += d; });
    child.stderr.on('data', (d) => { stderr += d; output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10 * 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 0), stdout, stderr, output, ms: Date.now() - started });
    });
  });
}

/** Like docker(), but rejects with the command's output when it exits non-zero. */
export async function dockerOk(args: string[], options: DockerOptions = {}): Promise<CommandResult> {
  const result = await docker(args, options);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.code}:\n${result.output.slice(-4000)}`);
  return result;
}

/** A unique image/container name with the `dct-` prefix every test resource must carry. */
export function uniqueName(label: string): string {
  return `dct-${label}-${crypto.randomBytes(4).toString('hex')}`;
}

export interface BuildOptions {
  context: string;
  /** Path of the Dockerfile (default: <context>/Dockerfile). */
  dockerfile?: string;
  tag: string;
  /** Passed as `--build-arg NAME` with the value in the client's environment. */
  buildArgs?: Record<string, string>;
  target?: string;
  buildkit?: boolean;
  noCache?: boolean;
  timeoutMs?: number;
}

/** `docker build --network host`; resolves with the result (check `.code`), so failing builds can be asserted on. */
export function build(options: BuildOptions): Promise<CommandResult> {
  const args = ['build', '--network', 'host', '-t', options.tag];
  if (options.dockerfile) args.push('-f', options.dockerfile);
  if (options.target) args.push('--target', options.target);
  if (options.noCache) args.push('--no-cache');
  if (options.buildkit) args.push('--progress', 'plain');
  for (const name of Object.keys(options.buildArgs ?? {})) args.push('--build-arg', name);
  args.push(options.context);
  return docker(args, { buildkit: options.buildkit, env: options.buildArgs, timeoutMs: options.timeoutMs });
}

export interface RunOptions {
  image: string;
  /** Container name (default: a uniqueName). */
  name?: string;
  /** Passed as `-e NAME` with the value in the client's environment. */
  env?: Record<string, string>;
  /** Extra `docker run` flags placed before the image, e.g. ['--user', '0']. */
  flags?: string[];
  /** Command and args after the image (default: the image's CMD). */
  command?: string[];
}

/** `docker run -d --network host`; resolves with the container name. Rejects if docker cannot create/start it. */
export async function runDetached(options: RunOptions): Promise<string> {
  const name = options.name ?? uniqueName('run');
  const args = ['run', '-d', '--network', 'host', '--name', name];
  for (const key of Object.keys(options.env ?? {})) args.push('-e', key);
  args.push(...(options.flags ?? []), options.image, ...(options.command ?? []));
  const result = await docker(args, { env: options.env });
  if (result.code !== 0) {
    await removeContainer(name);
    throw new Error(`docker run ${options.image} failed (exit ${result.code}):\n${result.output.trim()}`);
  }
  return name;
}

/** `docker run --rm --network host IMAGE COMMAND...` to completion (e.g. to see why an image does not start). */
export function runOnce(options: RunOptions & { timeoutMs?: number }): Promise<CommandResult> {
  const args = ['run', '--rm', '--network', 'host'];
  if (options.name) args.push('--name', options.name);
  for (const key of Object.keys(options.env ?? {})) args.push('-e', key);
  args.push(...(options.flags ?? []), options.image, ...(options.command ?? []));
  return docker(args, { env: options.env, timeoutMs: options.timeoutMs });
}

/** `docker exec CONTAINER ARGV...`. */
export function exec(container: string, argv: string[]): Promise<CommandResult> {
  return docker(['exec', container, ...argv]);
}

/** `docker logs` (stdout and stderr merged). */
export async function logs(container: string): Promise<string> {
  return (await docker(['logs', container])).output;
}

/** The configured user of an image or container (`Config.User`; '' means root). */
export async function inspectUser(imageOrContainer: string): Promise<string> {
  return (await dockerOk(['inspect', '--format', '{{.Config.User}}', imageOrContainer])).stdout.trim();
}

/** The uid a running container's main process has (from `docker exec CONTAINER id -u`). */
export async function runningUid(container: string): Promise<number> {
  return Number((await dockerOk(['exec', container, 'id', '-u'])).stdout.trim());
}

/** True while the container is running. */
export async function isRunning(container: string): Promise<boolean> {
  const result = await docker(['inspect', '--format', '{{.State.Running}}', container]);
  return result.stdout.trim() === 'true';
}

/** `docker stop -t GRACE CONTAINER`; resolves with how long the stop took in ms (SIGTERM handling shows here). */
export async function stop(container: string, graceSeconds = 10): Promise<number> {
  return (await dockerOk(['stop', '-t', String(graceSeconds), container])).ms;
}

/** Force-removes a container; ignores one that does not exist. */
export async function removeContainer(container: string): Promise<void> {
  await docker(['rm', '-f', '-v', container]);
}

/** Force-removes an image tag; ignores one that does not exist. */
export async function removeImage(tag: string): Promise<void> {
  await docker(['rmi', '-f', tag]);
}

export interface HttpResult {
  status: number;
  body: string;
  headers: Headers;
}

/**
 * Polls `url` until it answers (any HTTP status) or `timeoutMs` passes; rejects with the last error.
 * Pass `container` to fail fast, with its logs, when the container exits before answering.
 */
export async function waitForHttp(url: string, timeoutMs = 30_000, container?: string): Promise<HttpResult> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return { status: response.status, body: await response.text(), headers: response.headers };
    } catch (error) {
      last = error;
    }
    if (container && !(await isRunning(container))) {
      throw new Error(`container ${container} exited before ${url} answered:\n${await logs(container)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String((last as Error)?.cause ?? last)}`);
}

export { freeLoopbackPort as freePort } from '../../server/src/util/ports';
