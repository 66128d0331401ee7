/**
 * Runs the docker CLI: argv arrays (no shell), secrets only on stdin, output line by line with known
 * secrets scrubbed, and cancellation that kills the whole process group (docker may start helpers).
 */
import { spawn } from 'node:child_process';
import type { DockerEngine } from './docker-engine';

export interface DockerRun {
  docker: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, then stdin is closed (e.g. the registry password for --password-stdin). */
  stdin?: string;
  signal?: AbortSignal;
  /** Each output line (stdout and stderr), already scrubbed. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Strings that must never appear in output we hand on. */
  secrets?: string[];
}

export interface DockerRunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The spawn failed (e.g. ENOENT: docker missing). */
  spawnError?: NodeJS.ErrnoException;
  cancelled: boolean;
}

const KILL_GRACE_MS = 2000;

/**
 * The environment that sends a docker command to `engine`. The only place that decides it: the push plan's
 * environment is made here once, so the probe, login, build, tag, push, inspect and the smoke test's run all
 * reach the same daemon, and the credentials docker login stores are the ones that build and push read.
 * A named context goes in DOCKER_CONTEXT with DOCKER_HOST removed (DOCKER_HOST would beat it); 'default' is
 * the context docker builds from DOCKER_HOST, so DOCKER_HOST stays. The builder is pinned with BUILDX_BUILDER.
 */
export function dockerEngineEnv(env: NodeJS.ProcessEnv, engine: Pick<DockerEngine, 'context' | 'builder'>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, DOCKER_CONTEXT: engine.context };
  if (engine.context !== 'default') delete out.DOCKER_HOST;
  if (engine.builder) out.BUILDX_BUILDER = engine.builder.name;
  else delete out.BUILDX_BUILDER;
  return out;
}

export function scrub(text: string, secrets: string[] | undefined): string {
  let out = text;
  for (const secret of secrets ?? []) if (secret) out = out.split(secret).join('***');
  return out;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    // No process groups on Windows: taskkill /T ends the tree.
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

export function runDocker(run: DockerRun): Promise<DockerRunResult> {
  return new Promise((resolve) => {
    if (run.signal?.aborted) {
      resolve({ code: 130, stdout: '', stderr: '', cancelled: true });
      return;
    }
    const child = spawn(run.docker, run.args, {
      env: run.env ?? process.env,
      cwd: run.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so cancel can kill docker and anything it started (credential helpers, buildx).
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
    const feed = (stream: 'stdout' | 'stderr', chunk: Buffer) => {
      const text = scrub(chunk.toString('utf8'), run.secrets);
      if (stream === 'stdout') stdout += text; else stderr += text;
      pending[stream] += text;
      const lines = pending[stream].split(/\r?\n|\r/);
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) run.onLine?.(line, stream);
    };
    child.stdout.on('data', (d: Buffer) => feed('stdout', d));
    child.stderr.on('data', (d: Buffer) => feed('stderr', d));
    child.stdin.on('error', () => { /* docker exited before reading stdin; reported via exit code */ });
    if (run.stdin !== undefined) child.stdin.end(run.stdin);
    else child.stdin.end();

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      cancelled = true;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => { if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL'); }, KILL_GRACE_MS);
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => { spawnError = error; });
    child.on('close', (code, signal) => {
      run.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      // Make sure nothing of the group outlives a cancelled run.
      if (cancelled && child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      for (const stream of ['stdout', 'stderr'] as const) if (pending[stream].trim()) run.onLine?.(pending[stream], stream);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, spawnError, cancelled });
    });
  });
}
