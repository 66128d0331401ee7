/**
 * Where a Python app server listens, from its command line, its environment (PORT, GUNICORN_CMD_ARGS, UVICORN_HOST…)
 * and its config file in the workspace: shared by the bind-reachability and EXPOSE-agreement rules.
 */
import { optionValues, hasOption, positionalArgs, type ProcessServer, type OptionValue } from '../../dockerfile/app-server';
import { envAt, expandVariables, hasVariable, resolvePath, workdirAt } from '../../dockerfile/commands';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import type { WorkspaceModel } from '../../project/workspace';

export interface ListenAddress {
  /** Host as written/resolved ("" for all interfaces with a bare `:8000`), null for a unix socket or fd. */
  host: string | null;
  /** Port as a string (may still hold `$VAR` when unknown), null when not a TCP address. */
  port: string | null;
  /** The option that set it (for edits), when it came from the command line. */
  source?: OptionValue;
}

export type Listening =
  /** Configured somewhere we cannot read (config file, env var): say nothing. */
  | { kind: 'unknown' }
  /** The server's built-in default address applies. */
  | { kind: 'default'; address: ListenAddress; option: string }
  | { kind: 'explicit'; addresses: ListenAddress[] };

const DEFAULTS: Readonly<Record<string, { host: string; port: string; option: string }>> = {
  gunicorn: { host: '127.0.0.1', port: '8000', option: '--bind' },
  hypercorn: { host: '127.0.0.1', port: '8000', option: '--bind' },
  uvicorn: { host: '127.0.0.1', port: '8000', option: '--host' },
  daphne: { host: '127.0.0.1', port: '8000', option: '--bind' },
  granian: { host: '127.0.0.1', port: '8000', option: '--host' },
  runserver: { host: '127.0.0.1', port: '8000', option: 'addrport' },
};

/** uWSGI options that open a listening socket (HTTP or its own protocol), and those that load a config file. */
const UWSGI_SOCKET_OPTIONS = ['--http-socket', '--http', '--https', '--https-socket', '--http11-socket', '--socket', '-s', '--uwsgi-socket', '--shared-socket'];
const UWSGI_CONFIG_OPTIONS = ['--ini', '--yaml', '--yml', '--json', '--xml', '--include'];

export function isLoopback(host: string | null): boolean {
  if (host === null) return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** Splits `host:port`, `[::]:8000`, `:8000`, `8000`, `host` (port omitted -> defaultPort). */
export function parseAddress(value: string, defaultPort: string): ListenAddress {
  if (/^(unix:|fd:\/\/)/.test(value)) return { host: null, port: null };
  const ipv6 = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  if (ipv6) return { host: `[${ipv6[1]}]`, port: ipv6[2] || defaultPort };
  if (/^\d+$/.test(value) || /^\$\{?\w+\}?$/.test(value)) return { host: '', port: value };
  const colon = value.lastIndexOf(':');
  if (colon < 0) return { host: value, port: defaultPort };
  return { host: value.slice(0, colon), port: value.slice(colon + 1) || defaultPort };
}

/** Where the server listens, as far as the Dockerfile and the workspace say. */
export function listeningOf(model: DockerfileModel, stage: Stage, server: ProcessServer, workspace: WorkspaceModel | null): Listening {
  const env = envAt(model, stage);
  const known = new Map([...env].map(([name, entry]) => [name, entry.value]));
  const expand = (address: ListenAddress): ListenAddress => ({ ...address, port: address.port === null ? null : expandVariables(address.port, known) });
  if (server.kind === 'uwsgi') return uwsgiListening(server, env, expand);
  const defaults = DEFAULTS[server.kind];
  if (!defaults) return { kind: 'unknown' };
  switch (server.kind) {
    case 'gunicorn':
    case 'hypercorn': {
      const binds = optionValues(server, ['-b', '--bind']);
      if (binds.length > 0) return { kind: 'explicit', addresses: binds.map((b) => expand({ ...parseAddress(b.value, '8000'), source: b })) };
      if (server.kind === 'gunicorn') {
        const cmdArgs = env.get('GUNICORN_CMD_ARGS')?.value ?? '';
        const fromEnv = /(?:^|\s)(?:-b|--bind)[=\s]+(\S+)/.exec(cmdArgs);
        if (fromEnv) return { kind: 'explicit', addresses: [expand(parseAddress(fromEnv[1], '8000'))] };
        if (/(?:^|\s)(-c|--config)[=\s]/.test(cmdArgs) || hasVariable(cmdArgs)) return { kind: 'unknown' };
        // gunicorn binds 0.0.0.0:$PORT when PORT is set and nothing else says.
        if (env.has('PORT')) return { kind: 'explicit', addresses: [{ host: '0.0.0.0', port: env.get('PORT')!.value }] };
      }
      const config = optionValues(server, ['-c', '--config'])[0]?.value ?? (server.kind === 'gunicorn' ? 'gunicorn.conf.py' : undefined);
      if (config) {
        const explicitConfig = hasOption(server, ['-c', '--config']);
        const text = configText(model, stage, config, workspace);
        // A config we cannot read may bind anywhere; a literal `bind = "host:port"` (or a list of them) is read,
        // any other mention of bind (computed, from env) is trusted.
        if (text === undefined) {
          if (explicitConfig) return { kind: 'unknown' };
        } else if (/\bbind\b/.test(text)) {
          const literal = /^bind\s*=\s*(\[[^\]\n]*\]|"[^"\n]*"|'[^'\n]*')\s*(#.*)?$/m.exec(text);
          const values = literal ? [...literal[1].matchAll(/["']([^"']+)["']/g)].map((m) => m[1]) : [];
          if (values.length === 0 || literal![1].startsWith('[') !== /^\[\s*(["'][^"']*["']\s*,?\s*)*\]$/.test(literal![1])) return { kind: 'unknown' };
          return { kind: 'explicit', addresses: values.map((value) => expand(parseAddress(value, '8000'))) };
        }
      }
      return defaultOf(defaults);
    }
    case 'uvicorn':
    case 'granian': {
      if (hasOption(server, ['--uds', '--fd'])) return { kind: 'explicit', addresses: [{ host: null, port: null }] };
      const prefix = server.kind === 'uvicorn' ? 'UVICORN' : 'GRANIAN';
      const host = optionValues(server, ['--host'])[0];
      const port = optionValues(server, ['--port'])[0]?.value ?? env.get(`${prefix}_PORT`)?.value ?? '8000';
      if (host) return { kind: 'explicit', addresses: [expand({ host: host.value, port, source: host })] };
      if (env.has(`${prefix}_HOST`)) return { kind: 'explicit', addresses: [expand({ host: env.get(`${prefix}_HOST`)!.value, port })] };
      return { kind: 'default', address: expand({ host: defaults.host, port }), option: defaults.option };
    }
    case 'daphne': {
      if (hasOption(server, ['-u', '--unix-socket', '--fd', '-e', '--endpoint'])) return { kind: 'unknown' };
      const host = optionValues(server, ['-b', '--bind'])[0];
      const port = optionValues(server, ['-p', '--port'])[0]?.value ?? '8000';
      if (host) return { kind: 'explicit', addresses: [expand({ host: host.value, port, source: host })] };
      return { kind: 'default', address: expand({ host: defaults.host, port }), option: '--bind' };
    }
    case 'runserver': {
      const addrport = positionalArgs(server)[0];
      if (!addrport) return defaultOf(defaults);
      return { kind: 'explicit', addresses: [expand({ ...parseAddress(addrport.value, '8000'), host: parseAddress(addrport.value, '8000').host || '127.0.0.1' })] };
    }
    default:
      return { kind: 'unknown' };
  }
}

/** uWSGI listens only where a socket option (or its UWSGI_<OPTION> variable) says; it has no default address. */
function uwsgiListening(server: ProcessServer, env: ReturnType<typeof envAt>, expand: (a: ListenAddress) => ListenAddress): Listening {
  // A config file (`uwsgi app.ini`, --ini…) may hold the sockets: say nothing then.
  if (positionalArgs(server).length > 0 || hasOption(server, UWSGI_CONFIG_OPTIONS)) return { kind: 'unknown' };
  // `--https :8443,cert,key`: the address is before the first comma.
  const address = (value: string): ListenAddress => parseAddress(value.split(',')[0], '8000');
  const sockets = optionValues(server, UWSGI_SOCKET_OPTIONS);
  if (sockets.length > 0) return { kind: 'explicit', addresses: sockets.map((s) => expand({ ...address(s.value), source: s })) };
  const fromEnv = UWSGI_SOCKET_OPTIONS.filter((o) => o.startsWith('--'))
    .map((o) => env.get(`UWSGI_${o.slice(2).toUpperCase().replace(/-/g, '_')}`)?.value)
    .filter((v): v is string => v !== undefined);
  return fromEnv.length > 0 ? { kind: 'explicit', addresses: fromEnv.map((v) => expand(address(v))) } : { kind: 'unknown' };
}

function defaultOf(defaults: { host: string; port: string; option: string }): Listening {
  return { kind: 'default', address: { host: defaults.host, port: defaults.port }, option: defaults.option };
}

/** A gunicorn config file from the workspace, by its path in the image mapped back to the context (best effort). */
function configText(model: DockerfileModel, stage: Stage, config: string, workspace: WorkspaceModel | null): string | undefined {
  if (!workspace || config.startsWith('python:')) return undefined;
  const inImage = resolvePath(workdirAt(model, stage), config);
  const candidates = [config.replace(/^\.\//, ''), inImage.slice(1)];
  const parts = inImage.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) candidates.push(parts.slice(i).join('/'));
  for (const candidate of candidates) {
    const text = workspace.readFile(candidate);
    if (text !== undefined) return text;
  }
  return undefined;
}
