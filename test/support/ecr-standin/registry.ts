/**
 * The registry side of the stand-in: a front proxy on 127.0.0.1 that owns authentication (Basic with the
 * passwords GetAuthorizationToken issued), answers ECR's registry errors (NAME_UNKNOWN, TAG_INVALID,
 * DENIED) and records pushed manifests, in front of a real Debian `docker-registry` on another loopback port.
 * The upstream registry runs without auth: only the proxy talks to it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { StandInState, tagIsImmutable } from './state';
import { freeLoopbackPort } from '../../../server/src/util/ports';

export const DEFAULT_REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface RegistryRequestInfo {
  method: string;
  path: string;
  repository?: string;
  /** 'ping' | 'blob' | 'upload' | 'manifest' | 'tags' | 'other' */
  kind: string;
}

export interface RegistryRecord extends RegistryRequestInfo { status: number }

/** Answer the next `times` matching requests with `status` (after auth; 0 = drop the connection), e.g. a reset upload PATCH. */
export interface RegistryFault { method?: string; kind?: string; status: number; times: number }

export interface RunningRegistry {
  host: string;
  upstreamPort: number;
  rootDir: string;
  requests: RegistryRecord[];
  onRequest?: (info: RegistryRequestInfo) => void | Promise<void>;
  latencyMs: number;
  faults: RegistryFault[];
  deleteManifest(repo: string, digest: string): Promise<void>;
  stop(): Promise<void>;
}

export function registryBinaryAvailable(binary = process.env.DCT_DOCKER_REGISTRY ?? DEFAULT_REGISTRY_BINARY): boolean {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const freePort = freeLoopbackPort;

async function waitForUpstream(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/v2/' }, (res) => { res.resume(); resolve(res.statusCode === 200); });
      req.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not answer on 127.0.0.1:${port}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

function registryError(res: http.ServerResponse, status: number, code: string, message: string, extraHeaders: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Docker-Distribution-Api-Version': 'registry/2.0',
    ...extraHeaders,
  });
  res.end(body);
}

function classify(urlPath: string): { repository?: string; kind: string; reference?: string } {
  if (urlPath === '/v2/' || urlPath === '/v2') return { kind: 'ping' };
  const m = /^\/v2\/(.+?)\/(blobs\/uploads|blobs|manifests|tags)\/?(.*)$/.exec(urlPath);
  if (!m) return { kind: 'other' };
  const kind = m[2] === 'blobs/uploads' ? 'upload' : m[2] === 'blobs' ? 'blob' : m[2] === 'manifests' ? 'manifest' : 'tags';
  return { repository: m[1], kind, reference: m[3] ? decodeURIComponent(m[3]) : undefined };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRegistry(state: StandInState, options: { binary?: string } = {}): Promise<RunningRegistry> {
  const binary = options.binary ?? process.env.DCT_DOCKER_REGISTRY ?? DEFAULT_REGISTRY_BINARY;
  if (!registryBinaryAvailable(binary)) throw new Error(`docker-registry not found at ${binary} (run scripts/testbed/up.sh e2e)`);
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-ecr-registry-'));
  const upstreamPort = await freePort();
  const config = [
    'version: 0.1',
    'log: { level: warn }',
    'storage:',
    `  filesystem: { rootdirectory: ${JSON.stringify(path.join(rootDir, 'data'))} }`,
    '  delete: { enabled: true }',
    'http:',
    `  addr: 127.0.0.1:${upstreamPort}`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(rootDir, 'config.yml'), config);
  const logFile = path.join(rootDir, 'registry.log');
  const logFd = fs.openSync(logFile, 'a');
  const child = spawn(binary, ['serve', path.join(rootDir, 'config.yml')], { stdio: ['ignore', logFd, logFd], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: rootDir } });
  fs.closeSync(logFd);
  try {
    await waitForUpstream(upstreamPort, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const challenge = {
    'WWW-Authenticate': `Basic realm="https://${state.accountId}.dkr.ecr.${state.region}.amazonaws.com/",service="ecr.amazonaws.com"`,
  };
  const running: RunningRegistry = {
    host: '',
    upstreamPort,
    rootDir,
    requests: [],
    latencyMs: 0,
    faults: [],
    async deleteManifest(repo, digest) {
      await new Promise<void>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: upstreamPort, method: 'DELETE', path: `/v2/${repo}/manifests/${digest}` }, (res) => { res.resume(); res.on('end', resolve); });
        req.on('error', () => resolve());
        req.end();
      });
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(rootDir, { recursive: true, force: true });
    },
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const urlPath = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    const { repository, kind, reference } = classify(urlPath);
    const info: RegistryRequestInfo = { method, path: urlPath, repository, kind };
    const record = (status: number) => running.requests.push({ ...info, status });
    if (running.onRequest) await running.onRequest(info);
    if (running.latencyMs > 0) await new Promise((r) => setTimeout(r, running.latencyMs));

    const authorization = req.headers.authorization ?? '';
    if (!authorization.startsWith('Basic ')) {
      record(401);
      return registryError(res, 401, 'UNAUTHORIZED', 'authentication required', challenge);
    }
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const expiresAt = state.registryTokens.get(password);
    if (colon < 0 || user !== 'AWS' || expiresAt === undefined) {
      record(401);
      return registryError(res, 401, 'UNAUTHORIZED', 'authentication required', challenge);
    }
    if (state.clock.now() >= expiresAt) {
      record(403);
      return registryError(res, 403, 'DENIED', 'Your authorization token has expired. Reauthenticate and try again.');
    }
    const repo = repository ? state.repositories.get(repository) : undefined;
    if (repository && !repo) {
      record(404);
      return registryError(res, 404, 'NAME_UNKNOWN', `The repository with name '${repository}' does not exist in the registry with id '${state.accountId}'`);
    }

    const fault = running.faults.find((f) => (!f.method || f.method === method) && (!f.kind || f.kind === kind));
    if (fault) {
      if (--fault.times <= 0) running.faults.splice(running.faults.indexOf(fault), 1);
      record(fault.status);
      // Status 0: the connection drops mid-request, as a flaky network or load balancer does.
      if (fault.status === 0) return void req.socket.destroy();
      req.resume();
      return registryError(res, fault.status, 'UNKNOWN', 'injected registry failure');
    }

    const isManifestPut = kind === 'manifest' && method === 'PUT';
    let body: Buffer | undefined;
    if (isManifestPut) {
      body = await readBody(req);
      const tag = reference && !reference.includes(':') ? reference : undefined;
      const existing = tag && repo ? state.findImage(repo, { imageTag: tag }) : undefined;
      if (tag && repo && existing && tagIsImmutable(repo, tag)) {
        record(400);
        return registryError(res, 400, 'TAG_INVALID', `The image tag '${tag}' already exists in the '${repo.name}' repository and cannot be overwritten because the tag is immutable.`);
      }
    }

    const headers = { ...req.headers };
    delete headers.authorization;
    if (body) headers['content-length'] = String(body.length);
    const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method, path: req.url, headers }, (up) => {
      const status = up.statusCode ?? 502;
      record(status);
      if (isManifestPut && status === 201 && body && repository && reference) {
        state.recordManifest(repository, reference, body, String(req.headers['content-type'] ?? ''));
      }
      res.writeHead(status, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (error) => {
      record(502);
      if (!res.headersSent) registryError(res, 502, 'UNAVAILABLE', `upstream registry: ${error.message}`);
      else res.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) registryError(res, 500, 'UNKNOWN', error.message);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return running;
}
