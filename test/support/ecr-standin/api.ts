/** The ECR API (awsJson1.1) of the stand-in: SigV4 first, then validation, then the operation. */
import * as crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StandInKey, verifySigV4 } from './sigv4';
import { ImageRecord, RepositoryRecord, StandInState, TagMutability } from './state';

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const NAME_PATTERN = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const OLD_NAME_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const REGISTRY_ID = /^[0-9]{12}$/;
const DIGEST = /^[0-9a-z-+.]+:[0-9a-fA-F]{32,}$/;
const MUTABILITIES: TagMutability[] = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'];

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) { super(message); }
}

export interface Fault { operation: string; code: string; status: number; times: number; message?: string }

export interface ApiContext {
  state: StandInState;
  keys: Map<string, StandInKey>;
  tokenTtlMs: () => number;
  /** `127.0.0.1:PORT` of the registry proxy, when one runs. */
  registryHost?: string;
  faults: Fault[];
  latencyMs: () => number;
  calls: Record<string, number>;
}

type Json = Record<string, unknown>;

const invalid = (message: string) => new ApiError('InvalidParameterException', message);
const seconds = (ms: number) => ms / 1000;

function registryHostOf(ctx: ApiContext): string {
  return ctx.registryHost ?? `${ctx.state.accountId}.dkr.ecr.${ctx.state.region}.amazonaws.com`;
}

function repositoryArn(ctx: ApiContext, name: string): string {
  return `arn:aws:ecr:${ctx.state.region}:${ctx.state.accountId}:repository/${name}`;
}

function validateRepositoryName(value: unknown, field = 'repositoryName'): string {
  if (typeof value !== 'string') throw invalid(`Invalid parameter at '${field}' failed to satisfy constraint: 'must not be null'`);
  if (value.length < 2) throw invalid(`Invalid parameter at '${field}' failed to satisfy constraint: 'must have length greater than or equal to 2'`);
  if (value.length > 256) throw invalid(`Invalid parameter at '${field}' failed to satisfy constraint: 'must have length less than or equal to 256'`);
  if (!NAME_PATTERN.test(value)) throw invalid(`Invalid parameter at '${field}' failed to satisfy constraint: 'must satisfy regular expression '${OLD_NAME_PATTERN}''`);
  return value;
}

function validateRegistryId(body: Json): void {
  if (body.registryId !== undefined && (typeof body.registryId !== 'string' || !REGISTRY_ID.test(body.registryId))) {
    throw invalid("Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''");
  }
}

function repositoryNotFound(ctx: ApiContext, name: string): ApiError {
  return new ApiError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${ctx.state.accountId}'`);
}

function getRepository(ctx: ApiContext, body: Json): RepositoryRecord {
  validateRegistryId(body);
  const name = validateRepositoryName(body.repositoryName);
  const repo = ctx.state.repositories.get(name);
  if (!repo) throw repositoryNotFound(ctx, name);
  return repo;
}

/** The single image a scan call names by `imageId` (required), or ImageNotFoundException as ECR answers. */
function requiredImage(ctx: ApiContext, repo: RepositoryRecord, body: Json) {
  const id = body.imageId as ImageId | undefined;
  if (!id || typeof id !== 'object') throw invalid("Invalid parameter at 'imageId' failed to satisfy constraint: 'must not be null'");
  validateImageIds([id], true);
  const image = ctx.state.findImage(repo, id);
  if (!image) {
    throw new ApiError('ImageNotFoundException', `The image with imageId ${describeId(id)} does not exist within the repository with name '${repo.name}' in the registry with id '${ctx.state.accountId}'`);
  }
  return { id, image };
}

function maxResultsOf(body: Json, max: number): number | undefined {
  if (body.maxResults === undefined) return undefined;
  const n = body.maxResults;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw invalid(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'must be less than or equal to ${max} and greater than or equal to 1'`);
  }
  return n;
}

/** Opaque, tamper-evident page tokens bound to the operation and the listed resource. */
function paginate<T>(ctx: ApiContext, items: T[], body: Json, scope: string, defaultPage: number, maxPage: number): { page: T[]; nextToken?: string } {
  const pageSize = maxResultsOf(body, maxPage) ?? defaultPage;
  let offset = 0;
  if (body.nextToken !== undefined) {
    const token = body.nextToken;
    const bad = invalid("Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'");
    if (typeof token !== 'string') throw bad;
    const [payload, mac] = token.split('.');
    const expected = crypto.createHmac('sha256', ctx.state.secret).update(payload ?? '').digest('base64url');
    if (!payload || !mac || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) throw bad;
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s: string; o: number };
    if (decoded.s !== scope) throw bad;
    offset = decoded.o;
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  if (next >= items.length) return { page };
  const payload = Buffer.from(JSON.stringify({ s: scope, o: next, n: crypto.randomBytes(6).toString('hex') })).toString('base64url');
  const mac = crypto.createHmac('sha256', ctx.state.secret).update(payload).digest('base64url');
  return { page, nextToken: `${payload}.${mac}` };
}

function repositoryShape(ctx: ApiContext, repo: RepositoryRecord): Json {
  return {
    repositoryArn: repositoryArn(ctx, repo.name),
    registryId: ctx.state.accountId,
    repositoryName: repo.name,
    repositoryUri: `${registryHostOf(ctx)}/${repo.name}`,
    createdAt: seconds(repo.createdAt),
    imageTagMutability: repo.mutability,
    ...(repo.exclusionFilters ? { imageTagMutabilityExclusionFilters: repo.exclusionFilters } : {}),
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
    encryptionConfiguration: repo.encryption,
  };
}

function imageDetail(ctx: ApiContext, repo: RepositoryRecord, image: ImageRecord): Json {
  return {
    registryId: ctx.state.accountId,
    repositoryName: repo.name,
    imageDigest: image.digest,
    ...(image.tags.size ? { imageTags: [...image.tags] } : {}),
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: seconds(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    ...(image.artifactMediaType ? { artifactMediaType: image.artifactMediaType } : {}),
    imageStatus: 'ACTIVE',
  };
}

interface ImageId { imageTag?: string; imageDigest?: string }

function validateImageIds(value: unknown, required: boolean): ImageId[] | undefined {
  if (value === undefined) {
    if (required) throw invalid("Invalid parameter at 'imageIds' failed to satisfy constraint: 'must not be null'");
    return undefined;
  }
  if (!Array.isArray(value) || value.length < 1 || value.length > 100) {
    throw invalid("Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length less than or equal to 100 and greater than or equal to 1'");
  }
  return value.map((id: ImageId) => {
    if (typeof id !== 'object' || id === null) throw invalid("Invalid parameter at 'imageIds' failed to satisfy constraint: 'must be an object'");
    if (id.imageTag !== undefined && (typeof id.imageTag !== 'string' || id.imageTag.length < 1 || id.imageTag.length > 300)) {
      throw invalid("Invalid parameter at 'imageTag' failed to satisfy constraint: 'must have length less than or equal to 300 and greater than or equal to 1'");
    }
    if (id.imageDigest !== undefined && (typeof id.imageDigest !== 'string' || !DIGEST.test(id.imageDigest))) {
      throw invalid(`Invalid parameter at 'imageDigest' failed to satisfy constraint: 'Invalid digest format'`);
    }
    return id;
  });
}

function describeId(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

function tagStatusOf(body: Json): 'TAGGED' | 'UNTAGGED' | 'ANY' {
  const filter = body.filter as { tagStatus?: unknown } | undefined;
  const status = filter?.tagStatus ?? 'ANY';
  if (status !== 'TAGGED' && status !== 'UNTAGGED' && status !== 'ANY') {
    throw invalid("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'");
  }
  return status;
}

function imagesByStatus(repo: RepositoryRecord, status: 'TAGGED' | 'UNTAGGED' | 'ANY'): ImageRecord[] {
  return [...repo.images.values()]
    .filter((i) => status === 'ANY' || (status === 'TAGGED') === (i.tags.size > 0))
    .sort((a, b) => a.pushedAt - b.pushedAt);
}

export interface RegistryBackend {
  deleteManifest(repo: string, digest: string): Promise<void>;
}

type Operation = (ctx: ApiContext, body: Json, registry?: RegistryBackend) => Json | Promise<Json>;

const OPERATIONS: Record<string, Operation> = {
  GetAuthorizationToken(ctx, body) {
    if (body.registryIds !== undefined) {
      const ids = body.registryIds;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10 || !ids.every((id) => typeof id === 'string' && REGISTRY_ID.test(id))) {
        throw invalid("Invalid parameter at 'registryIds' failed to satisfy constraint: 'Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]'");
      }
    }
    const { password, expiresAt } = ctx.state.issueRegistryPassword(ctx.tokenTtlMs());
    const proxyEndpoint = ctx.registryHost ? `http://${ctx.registryHost}` : `https://${registryHostOf(ctx)}`;
    return {
      authorizationData: [{
        authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        expiresAt: seconds(expiresAt),
        proxyEndpoint,
      }],
    };
  },

  CreateRepository(ctx, body) {
    validateRegistryId(body);
    const name = validateRepositoryName(body.repositoryName);
    const mutability = (body.imageTagMutability ?? 'MUTABLE') as TagMutability;
    if (!MUTABILITIES.includes(mutability)) {
      throw invalid(`Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${MUTABILITIES.join(', ')}]'`);
    }
    const filters = body.imageTagMutabilityExclusionFilters as Array<{ filterType?: string; filter?: string }> | undefined;
    const withExclusion = mutability.endsWith('_WITH_EXCLUSION');
    if (withExclusion && (!Array.isArray(filters) || filters.length < 1 || filters.length > 5)) {
      throw invalid(`Invalid parameter: imageTagMutabilityExclusionFilters must contain 1 to 5 filters when imageTagMutability is ${mutability}`);
    }
    if (!withExclusion && filters !== undefined) {
      throw invalid(`Invalid parameter: imageTagMutabilityExclusionFilters can only be specified with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION`);
    }
    for (const f of filters ?? []) {
      if (f.filterType !== 'WILDCARD' || typeof f.filter !== 'string' || !/^[0-9a-zA-Z._*-]{1,128}$/.test(f.filter)) {
        throw invalid("Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: 'filter must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$' and filterType must be WILDCARD'");
      }
    }
    const encryption = (body.encryptionConfiguration ?? { encryptionType: 'AES256' }) as { encryptionType?: string; kmsKey?: string };
    if (!['AES256', 'KMS', 'KMS_DSSE'].includes(encryption.encryptionType ?? '')) {
      throw invalid("Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS, KMS_DSSE]'");
    }
    if (encryption.kmsKey !== undefined && encryption.encryptionType === 'AES256') {
      throw invalid('Invalid parameter: kmsKey can only be specified with encryptionType KMS or KMS_DSSE');
    }
    const tags = (body.tags ?? []) as Array<{ Key?: unknown; Value?: unknown }>;
    if (!Array.isArray(tags)) throw new ApiError('InvalidTagParameterException', 'Tags must be a list');
    if (tags.length > 50) throw new ApiError('TooManyTagsException', 'A repository may have at most 50 tags.');
    for (const t of tags) {
      if (typeof t.Key !== 'string' || t.Key.length < 1 || t.Key.length > 128 || typeof t.Value !== 'string' || t.Value.length > 256) {
        throw new ApiError('InvalidTagParameterException', 'Tag keys must be 1-128 characters and tag values at most 256 characters.');
      }
    }
    if (ctx.state.repositories.has(name)) {
      throw new ApiError('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${ctx.state.accountId}'`);
    }
    const scan = body.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    const repo: RepositoryRecord = {
      name, createdAt: ctx.state.clock.now(), mutability,
      exclusionFilters: withExclusion ? filters!.map((f) => ({ filterType: 'WILDCARD', filter: f.filter! })) : undefined,
      scanOnPush: scan?.scanOnPush === true,
      encryption: encryption.encryptionType === 'AES256' ? { encryptionType: 'AES256' }
        : { encryptionType: encryption.encryptionType!, kmsKey: encryption.kmsKey ?? `arn:aws:kms:${ctx.state.region}:${ctx.state.accountId}:key/aws/ecr` },
      tags: tags as Array<{ Key: string; Value: string }>,
      images: new Map(),
    };
    ctx.state.repositories.set(name, repo);
    return { repository: repositoryShape(ctx, repo) };
  },

  DescribeRepositories(ctx, body) {
    validateRegistryId(body);
    const names = body.repositoryNames;
    if (names !== undefined) {
      if (body.nextToken !== undefined || body.maxResults !== undefined) {
        throw invalid('Invalid parameter: nextToken and maxResults cannot be provided when repositoryNames is provided');
      }
      if (!Array.isArray(names) || names.length < 1 || names.length > 100) {
        throw invalid("Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'Member must have length less than or equal to 100 and greater than or equal to 1'");
      }
      const repos = names.map((n) => {
        const name = validateRepositoryName(n, 'repositoryNames');
        const repo = ctx.state.repositories.get(name);
        if (!repo) throw repositoryNotFound(ctx, name);
        return repo;
      });
      return { repositories: repos.map((r) => repositoryShape(ctx, r)) };
    }
    const all = [...ctx.state.repositories.values()].sort((a, b) => a.createdAt - b.createdAt);
    const { page, nextToken } = paginate(ctx, all, body, 'DescribeRepositories', 100, 1000);
    return { repositories: page.map((r) => repositoryShape(ctx, r)), ...(nextToken ? { nextToken } : {}) };
  },

  async DeleteRepository(ctx, body, registry) {
    const repo = getRepository(ctx, body);
    if (repo.images.size > 0 && body.force !== true) {
      throw new ApiError('RepositoryNotEmptyException', `The repository with name '${repo.name}' in registry with id '${ctx.state.accountId}' cannot be deleted because it still contains images`);
    }
    for (const digest of repo.images.keys()) await registry?.deleteManifest(repo.name, digest);
    ctx.state.repositories.delete(repo.name);
    return { repository: repositoryShape(ctx, repo) };
  },

  ListImages(ctx, body) {
    const repo = getRepository(ctx, body);
    const status = tagStatusOf(body);
    const ids: ImageId[] = [];
    for (const image of imagesByStatus(repo, status)) {
      if (image.tags.size === 0) ids.push({ imageDigest: image.digest });
      else for (const tag of image.tags) ids.push({ imageDigest: image.digest, imageTag: tag });
    }
    const { page, nextToken } = paginate(ctx, ids, body, `ListImages:${repo.name}`, 100, 1000);
    return { imageIds: page, ...(nextToken ? { nextToken } : {}) };
  },

  DescribeImages(ctx, body) {
    const repo = getRepository(ctx, body);
    const ids = validateImageIds(body.imageIds, false);
    if (ids) {
      if (body.nextToken !== undefined || body.maxResults !== undefined) {
        throw invalid('Invalid parameter: nextToken and maxResults cannot be provided when imageIds is provided');
      }
      const found = ids.map((id) => {
        const image = ctx.state.findImage(repo, id);
        if (!image) {
          throw new ApiError('ImageNotFoundException', `The image with imageId ${describeId(id)} does not exist within the repository with name '${repo.name}' in the registry with id '${ctx.state.accountId}'`);
        }
        return image;
      });
      return { imageDetails: [...new Set(found)].map((i) => imageDetail(ctx, repo, i)) };
    }
    const images = imagesByStatus(repo, tagStatusOf(body));
    const { page, nextToken } = paginate(ctx, images, body, `DescribeImages:${repo.name}`, 100, 1000);
    return { imageDetails: page.map((i) => imageDetail(ctx, repo, i)), ...(nextToken ? { nextToken } : {}) };
  },

  BatchGetImage(ctx, body) {
    const repo = getRepository(ctx, body);
    const ids = validateImageIds(body.imageIds, true)!;
    const accepted = body.acceptedMediaTypes as string[] | undefined;
    const images: Json[] = [];
    const failures: Json[] = [];
    for (const id of ids) {
      if (!id.imageDigest && !id.imageTag) {
        failures.push({ imageId: id, failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' });
        continue;
      }
      const image = ctx.state.findImage(repo, id);
      if (!image) {
        const digestOnly = id.imageDigest ? ctx.state.findImage(repo, { imageDigest: id.imageDigest }) : undefined;
        failures.push(digestOnly
          ? { imageId: id, failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid request parameters: given tag does not map to the given digest' }
          : { imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
        continue;
      }
      if (accepted && !accepted.includes(image.mediaType)) {
        failures.push({ imageId: id, failureCode: 'UnsupportedImageType', failureReason: 'The image media type is not in acceptedMediaTypes' });
        continue;
      }
      images.push({
        registryId: ctx.state.accountId, repositoryName: repo.name,
        imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageManifest: image.manifest, imageManifestMediaType: image.mediaType,
      });
    }
    return { images, failures };
  },

  DescribeImageScanFindings(ctx, body) {
    const repo = getRepository(ctx, body);
    const { id, image } = requiredImage(ctx, repo, body);
    if (!image.scan) {
      throw new ApiError('ScanNotFoundException', `Image scan does not exist for the image with '${describeId(id)}' in the repository with name '${repo.name}' in the registry with id '${ctx.state.accountId}'`);
    }
    const completedAt = image.scan.startedAt + ctx.state.scanDelayMs;
    const imageId = { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) };
    const base = { registryId: ctx.state.accountId, repositoryName: repo.name, imageId };
    if (ctx.state.clock.now() < completedAt) {
      return { ...base, imageScanStatus: { status: 'IN_PROGRESS', description: 'The scan is in progress.' } };
    }
    const counts: Record<string, number> = {};
    for (const finding of image.scan.findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
    const { page, nextToken } = paginate(ctx, image.scan.findings, body, `DescribeImageScanFindings:${repo.name}:${image.digest}`, 100, 1000);
    return {
      ...base,
      imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
      imageScanFindings: {
        imageScanCompletedAt: seconds(completedAt),
        vulnerabilitySourceUpdatedAt: seconds(completedAt),
        findingSeverityCounts: counts,
        findings: page,
      },
      ...(nextToken ? { nextToken } : {}),
    };
  },

  PutImageScanningConfiguration(ctx, body) {
    const repo = getRepository(ctx, body);
    const scan = body.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
    if (!scan || typeof scan !== 'object') throw invalid("Invalid parameter at 'imageScanningConfiguration' failed to satisfy constraint: 'must not be null'");
    repo.scanOnPush = scan.scanOnPush === true;
    return { registryId: ctx.state.accountId, repositoryName: repo.name, imageScanningConfiguration: { scanOnPush: repo.scanOnPush } };
  },

  StartImageScan(ctx, body) {
    const repo = getRepository(ctx, body);
    const { id, image } = requiredImage(ctx, repo, body);
    // ECR allows one on-demand basic scan per image per 24 hours.
    if (image.scan && image.scan.onDemand && ctx.state.clock.now() - image.scan.startedAt < 24 * 60 * 60 * 1000) {
      throw new ApiError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.');
    }
    image.scan = { startedAt: ctx.state.clock.now(), findings: ctx.state.seededFindingsFor(repo.name, image), onDemand: true };
    return {
      registryId: ctx.state.accountId, repositoryName: repo.name,
      imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageScanStatus: { status: 'IN_PROGRESS', description: 'The scan is in progress.' },
    };
  },

  async BatchDeleteImage(ctx, body, registry) {
    const repo = getRepository(ctx, body);
    const ids = validateImageIds(body.imageIds, true)!;
    const deleted: Json[] = [];
    const failures: Json[] = [];
    for (const id of ids) {
      const image = ctx.state.findImage(repo, id);
      if (!image) {
        failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
        continue;
      }
      if (id.imageTag && !id.imageDigest) {
        image.tags.delete(id.imageTag);
        deleted.push({ imageDigest: image.digest, imageTag: id.imageTag });
        if (image.tags.size > 0) continue;
      }
      for (const tag of image.tags) deleted.push({ imageDigest: image.digest, imageTag: tag });
      if (id.imageDigest) deleted.push({ imageDigest: image.digest });
      repo.images.delete(image.digest);
      await registry?.deleteManifest(repo.name, image.digest);
    }
    return { imageIds: deleted, failures };
  },
};

function send(res: ServerResponse, status: number, body: Json, errorCode?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': crypto.randomUUID(),
    ...(errorCode ? { 'x-amzn-ErrorType': errorCode } : {}),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError): void {
  send(res, error.status, { __type: error.code, message: error.message }, error.code);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function handleApiRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, registry?: RegistryBackend): Promise<void> {
  const body = await readBody(req);
  const latency = ctx.latencyMs();
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
    return sendError(res, new ApiError('UnknownOperationException', `Only POST / is served (got ${req.method} ${req.url})`));
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  ctx.calls[operation || '(none)'] = (ctx.calls[operation || '(none)'] ?? 0) + 1;
  const auth = verifySigV4({
    method: 'POST', path: '/', headers: req.headers, body, keys: ctx.keys, region: ctx.state.region, service: 'ecr',
    now: ctx.state.clock.now(), operation, accountId: ctx.state.accountId,
    resourceArn: operation === 'GetAuthorizationToken' || !operation ? '*' : repositoryArn(ctx, String(tryJson(body)?.repositoryName ?? '*')),
  });
  if ('code' in auth) return sendError(res, new ApiError(auth.code, auth.message));
  const handler = OPERATIONS[operation];
  if (!handler) return sendError(res, new ApiError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`));
  const contentType = String(req.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/x-amz-json-1.1')) {
    return sendError(res, new ApiError('SerializationException', `Unexpected content type ${contentType}`));
  }
  const fault = ctx.faults.find((f) => f.operation === operation || f.operation === '*');
  if (fault) {
    if (--fault.times <= 0) ctx.faults.splice(ctx.faults.indexOf(fault), 1);
    return sendError(res, new ApiError(fault.code, fault.message ?? `Injected ${fault.code}`, fault.status));
  }
  const parsed = tryJson(body);
  if (!parsed) return sendError(res, new ApiError('SerializationException', 'Start of structure or map found where not expected.'));
  try {
    send(res, 200, await handler(ctx, parsed, registry));
  } catch (error) {
    if (error instanceof ApiError) return sendError(res, error);
    sendError(res, new ApiError('ServerException', `Stand-in failure: ${(error as Error).message}`, 500));
  }
}

function tryJson(body: Buffer): Json | undefined {
  try {
    const value = JSON.parse(body.length ? body.toString('utf8') : '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
