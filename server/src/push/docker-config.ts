/**
 * The user's docker client config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): whether a host
 * already logs in through the ECR credential helper (then we skip `docker login`), whether the configured
 * credential store can work at all (e.g. `desktop` left over on Linux), and an isolated config for one push.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DockerClientConfig {
  dir: string;
  credsStore?: string;
  credHelpers: Record<string, string>;
  currentContext?: string;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit || env.DOCKER_CONFIG || path.join(env.HOME || env.USERPROFILE || os.homedir(), '.docker');
}

export function readDockerConfig(dir: string): DockerClientConfig {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  } catch {
    /* no config (or unreadable): docker uses its defaults */
  }
  return {
    dir,
    credsStore: typeof raw.credsStore === 'string' && raw.credsStore ? raw.credsStore : undefined,
    credHelpers: typeof raw.credHelpers === 'object' && raw.credHelpers !== null ? raw.credHelpers as Record<string, string> : {},
    currentContext: typeof raw.currentContext === 'string' ? raw.currentContext : undefined,
  };
}

/** The credential helper docker uses for a host: credHelpers[host], else credsStore. */
export function helperForHost(config: DockerClientConfig, host: string): string | undefined {
  return config.credHelpers[host] ?? config.credsStore;
}

export function usesEcrLoginHelper(config: DockerClientConfig, host: string): boolean {
  return helperForHost(config, host) === 'ecr-login';
}

/** Finds `docker-credential-<name>` on PATH. */
export function credentialHelperOnPath(name: string, env: NodeJS.ProcessEnv): boolean {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, `docker-credential-${name}${ext}`), fs.constants.X_OK);
        return true;
      } catch { /* keep looking */ }
    }
  }
  return false;
}

/** The helper that would be used for `host` but cannot run here, if any. */
export function brokenHelperFor(config: DockerClientConfig, host: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const helper = host ? helperForHost(config, host) : config.credsStore;
  if (!helper) return undefined;
  return credentialHelperOnPath(helper, env) ? undefined : helper;
}

/**
 * A fresh DOCKER_CONFIG with no credential store. Keeps what decides the engine and the builder: the current
 * docker context and the contexts (contexts/), the buildx builders (buildx/instances, buildx/current) and the
 * per-user CLI plugins such as buildx itself (cli-plugins/, linked, not copied).
 */
export function makeIsolatedDockerConfig(from: DockerClientConfig): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-docker-config-'));
  const config: Record<string, unknown> = { auths: {} };
  if (from.currentContext) config.currentContext = from.currentContext;
  fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  const contexts = path.join(from.dir, 'contexts');
  if (fs.existsSync(contexts)) fs.cpSync(contexts, path.join(dir, 'contexts'), { recursive: true });
  for (const part of ['instances', 'current']) {
    const source = path.join(from.dir, 'buildx', part);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(dir, 'buildx', part), { recursive: true });
  }
  const plugins = path.join(from.dir, 'cli-plugins');
  if (fs.existsSync(plugins)) fs.symlinkSync(plugins, path.join(dir, 'cli-plugins'), 'junction');
  return dir;
}
