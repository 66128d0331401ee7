/**
 * A local Amazon ECR for tests (spec: shared notes ecr.md §9). Start one per test file:
 *
 *   const ecr = await startEcrStandIn({ registry: true });
 *   const client = new ECRClient({ endpoint: ecr.endpoint, region: ecr.region,
 *     credentials: { accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey } });
 *   ...
 *   await ecr.stop();
 *
 * The product reaches it only through standard SDK configuration: `ecr.env()` gives the variables
 * (AWS_ENDPOINT_URL_ECR, keys, region, AWS_EC2_METADATA_DISABLED) for a child process.
 *
 * Retries: the SDK retries 5xx, throttling codes (LimitExceededException included) and clock-skew codes
 * (InvalidSignatureException among them) up to maxAttempts (default 3). Injected faults and signature
 * errors are therefore seen several times unless the client uses maxAttempts: 1; `calls` counts them.
 * Registry tokens expire on the stand-in clock (`clock.advance`); request signatures are checked against
 * the real clock, so advancing it never breaks SigV4.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiContext, Fault, handleApiRequest } from './api';
import { RegistryRequestInfo, RunningRegistry, registryBinaryAvailable, startRegistry } from './registry';
import type { StandInKey } from './sigv4';
import { ExclusionFilter, ImageRecord, ScanFinding, StandInClock, StandInState, TagMutability } from './state';

export type { ScanFinding } from './state';

export { registryBinaryAvailable } from './registry';
export type { StandInKey } from './sigv4';
export type { RegistryRequestInfo } from './registry';

export interface EcrStandInOptions {
  accountId?: string;
  region?: string;
  /** Access keys the API accepts. Default: one key, from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set. */
  keys?: Record<string, StandInKey>;
  /** Lifetime of registry tokens from GetAuthorizationToken (default 12 h). */
  tokenTtlMs?: number;
  /** Also run the registry front proxy and a real docker-registry (needs /usr/bin/docker-registry). */
  registry?: boolean;
  /** Base of the injectable clock (default Date.now). */
  now?: () => number;
}

export interface EcrStandIn {
  /** `http://127.0.0.1:PORT`, for the SDK `endpoint` option or AWS_ENDPOINT_URL_ECR. */
  endpoint: string;
  accountId: string;
  region: string;
  /** The first configured key, for convenience. */
  accessKeyId: string;
  secretAccessKey: string;
  /** `127.0.0.1:PORT` of the registry proxy (repositoryUri host), when `registry: true`. */
  registryHost?: string;
  clock: StandInClock;
  state: StandInState;
  /** API calls per operation (every request that named the operation, failed or not). */
  calls: Record<string, number>;
  /** Registry requests seen by the proxy, with the status it answered. */
  registryRequests(): Array<RegistryRequestInfo & { status: number }>;
  /** Called for every registry request before it is handled (e.g. to advance the clock mid-push). */
  onRegistryRequest(hook: ((info: RegistryRequestInfo) => void | Promise<void>) | undefined): void;
  /** Passwords issued by GetAuthorizationToken (tests use them to look for leaks). */
  issuedPasswords(): string[];
  /** Fail the next `times` calls of `operation` ('*' for any) with an AWS error. */
  failNext(operation: string, code: string, status?: number, times?: number, message?: string): void;
  setLatency(ms: number): void;
  setRegistryLatency(ms: number): void;
  /** Fail the next `times` registry requests matching method/kind ('upload', 'blob', 'manifest', ...) with `status`. */
  failRegistryNext(fault: { method?: string; kind?: string; status?: number; times?: number }): void;
  setTokenTtl(ms: number): void;
  addKey(accessKeyId: string, key: StandInKey): void;
  /** Creates a repository directly (no API call). */
  createRepository(name: string, options?: { mutability?: TagMutability; exclusionFilters?: ExclusionFilter[]; scanOnPush?: boolean }): void;
  /** Findings the scan of an image pushed later as `<repository>:<tagOrDigest>` reports (scanOnPush repositories). */
  seedFindings(repository: string, tagOrDigest: string, findings: ScanFinding[]): void;
  /** How long scans stay IN_PROGRESS after a push (stand-in clock; default 0). */
  setScanDelay(ms: number): void;
  /** Records an image without docker, for API-only tests. Returns its digest. */
  seedImage(repository: string, tags: string[], manifest?: object): string;
  images(repository: string): ImageRecord[];
  /** Environment for a child process that should talk to this stand-in. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startEcrStandIn(options: EcrStandInOptions = {}): Promise<EcrStandIn> {
  const accountId = options.accountId ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const defaultKeyId = process.env.AWS_ACCESS_KEY_ID || 'AKIDSTANDINDEFAULT';
  const keys = new Map<string, StandInKey>(Object.entries(options.keys ?? {
    [defaultKeyId]: { secret: process.env.AWS_SECRET_ACCESS_KEY || 'standin-secret-default' },
  }));
  const [firstKeyId, firstKey] = [...keys.entries()][0] ?? [defaultKeyId, { secret: '' }];
  const clock = new StandInClock(options.now);
  const state = new StandInState(accountId, region, clock);
  let ttl = options.tokenTtlMs ?? 12 * 60 * 60 * 1000;
  let latency = 0;
  const faults: Fault[] = [];
  const calls: Record<string, number> = {};

  let registry: RunningRegistry | undefined;
  if (options.registry) registry = await startRegistry(state);

  const ctx: ApiContext = {
    state, keys, faults, calls,
    tokenTtlMs: () => ttl,
    latencyMs: () => latency,
    registryHost: registry?.host,
  };
  const server = http.createServer((req, res) => {
    handleApiRequest(ctx, req, res, registry).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': 'ServerException' });
      res.end(JSON.stringify({ __type: 'ServerException', message: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const seedManifest = (layers: number) => ({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1000, digest: `sha256:${crypto.randomBytes(32).toString('hex')}` },
    layers: Array.from({ length: layers }, () => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1024, digest: `sha256:${crypto.randomBytes(32).toString('hex')}` })),
  });

  return {
    endpoint, accountId, region, clock, state, calls,
    accessKeyId: firstKeyId,
    secretAccessKey: firstKey.secret,
    registryHost: registry?.host,
    registryRequests: () => registry?.requests ?? [],
    onRegistryRequest(hook) { if (registry) registry.onRequest = hook; },
    issuedPasswords: () => [...state.registryTokens.keys()],
    failNext(operation, code, status = 400, times = 1, message) { faults.push({ operation, code, status, times, message }); },
    setLatency(ms) { latency = ms; },
    setRegistryLatency(ms) { if (registry) registry.latencyMs = ms; },
    setTokenTtl(ms) { ttl = ms; },
    failRegistryNext(fault) { registry?.faults.push({ method: fault.method, kind: fault.kind, status: fault.status ?? 500, times: fault.times ?? 1 }); },
    addKey(id, key) { keys.set(id, key); },
    createRepository(name, o = {}) {
      state.repositories.set(name, {
        name, createdAt: clock.now(), mutability: o.mutability ?? 'MUTABLE', exclusionFilters: o.exclusionFilters,
        scanOnPush: o.scanOnPush ?? false, encryption: { encryptionType: 'AES256' }, tags: [], images: new Map(),
      });
    },
    seedFindings(repository, tagOrDigest, findings) { state.seededFindings.set(`${repository}|${tagOrDigest}`, findings); },
    setScanDelay(ms) { state.scanDelayMs = ms; },
    seedImage(repository, tags, manifest) {
      const body = Buffer.from(JSON.stringify(manifest ?? seedManifest(2)));
      const image = tags.length
        ? tags.map((t) => state.recordManifest(repository, t, body, ''))[0]
        : state.recordManifest(repository, 'sha256:seed', body, '');
      if (!image) throw new Error(`seedImage: repository '${repository}' does not exist`);
      return image.digest;
    },
    images: (repository) => [...(state.repositories.get(repository)?.images.values() ?? [])],
    env: () => ({
      AWS_ENDPOINT_URL_ECR: endpoint,
      AWS_ACCESS_KEY_ID: firstKeyId,
      AWS_SECRET_ACCESS_KEY: firstKey.secret,
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await registry?.stop();
    },
  };
}

export { registryBinaryAvailable as dockerRegistryAvailable };
