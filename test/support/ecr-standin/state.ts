/** The stand-in's data: repositories, images (recorded from real pushes), issued registry tokens, clock. */
import * as crypto from 'node:crypto';

export type TagMutability = 'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';

export interface ExclusionFilter { filterType: 'WILDCARD'; filter: string }

export interface ScanFinding {
  name: string;
  description?: string;
  uri?: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'UNDEFINED';
  attributes?: Array<{ key: string; value?: string }>;
}

export interface ScanRecord {
  startedAt: number;
  findings: ScanFinding[];
  /** Started by StartImageScan (limited to one per image per 24 h), not by a push. */
  onDemand?: boolean;
}

export interface ImageRecord {
  digest: string;
  manifest: string;
  mediaType: string;
  artifactMediaType?: string;
  sizeInBytes: number;
  pushedAt: number;
  tags: Set<string>;
  /** Basic scan, started on push when the repository has scanOnPush. */
  scan?: ScanRecord;
}

export interface RepositoryRecord {
  name: string;
  createdAt: number;
  mutability: TagMutability;
  exclusionFilters?: ExclusionFilter[];
  scanOnPush: boolean;
  encryption: { encryptionType: string; kmsKey?: string };
  tags: Array<{ Key: string; Value: string }>;
  images: Map<string, ImageRecord>;
}

/** A clock that tests can move forward (token expiry, session expiry, pushedAt). */
export class StandInClock {
  private offset = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number { return this.base() + this.offset; }
  advance(ms: number): void { this.offset += ms; }
}

function wildcardToRegExp(filter: string): RegExp {
  return new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** True when a tag in this repository may not be moved once it exists. */
export function tagIsImmutable(repo: RepositoryRecord, tag: string): boolean {
  const matchesExclusion = (repo.exclusionFilters ?? []).some((f) => wildcardToRegExp(f.filter).test(tag));
  switch (repo.mutability) {
    case 'IMMUTABLE': return true;
    case 'IMMUTABLE_WITH_EXCLUSION': return !matchesExclusion;
    case 'MUTABLE_WITH_EXCLUSION': return matchesExclusion;
    default: return false;
  }
}

export class StandInState {
  readonly repositories = new Map<string, RepositoryRecord>();
  /** Registry password -> expiry (ms, stand-in clock). */
  readonly registryTokens = new Map<string, number>();
  readonly secret = crypto.randomBytes(32);
  /** Findings a scan of `<repo>|<tag or digest>` will report (seeded by tests). */
  readonly seededFindings = new Map<string, ScanFinding[]>();
  /** How long a scan stays IN_PROGRESS (stand-in clock). */
  scanDelayMs = 0;

  constructor(readonly accountId: string, readonly region: string, readonly clock: StandInClock) {}

  findImage(repo: RepositoryRecord, id: { imageTag?: string; imageDigest?: string }): ImageRecord | undefined {
    if (id.imageDigest) {
      const image = repo.images.get(id.imageDigest);
      if (image && id.imageTag && !image.tags.has(id.imageTag)) return undefined;
      return image;
    }
    if (id.imageTag) for (const image of repo.images.values()) if (image.tags.has(id.imageTag)) return image;
    return undefined;
  }

  /** Findings seeded for any tag of the image or its digest. */
  seededFindingsFor(repoName: string, image: ImageRecord): ScanFinding[] {
    for (const ref of [...image.tags, image.digest]) {
      const seeded = this.seededFindings.get(`${repoName}|${ref}`);
      if (seeded) return seeded;
    }
    return [];
  }

  /** Records a manifest as pushed: a tag moves to the new digest, the old image stays untagged. */
  recordManifest(repoName: string, reference: string, manifest: Buffer, contentType: string): ImageRecord | undefined {
    const repo = this.repositories.get(repoName);
    if (!repo) return undefined;
    const digest = `sha256:${crypto.createHash('sha256').update(manifest).digest('hex')}`;
    const text = manifest.toString('utf8');
    let parsed: { mediaType?: string; config?: { mediaType?: string }; layers?: Array<{ size?: number }>; manifests?: Array<{ size?: number }> } = {};
    try { parsed = JSON.parse(text); } catch { /* recorded as-is */ }
    const mediaType = contentType || parsed.mediaType || 'application/vnd.docker.distribution.manifest.v2+json';
    const size = parsed.layers ? parsed.layers.reduce((n, l) => n + (l.size ?? 0), 0)
      : Math.max(0, ...(parsed.manifests ?? []).map((m) => m.size ?? 0));
    const image = repo.images.get(digest) ?? {
      digest, manifest: text, mediaType, artifactMediaType: parsed.config?.mediaType, sizeInBytes: size,
      pushedAt: this.clock.now(), tags: new Set<string>(),
    };
    if (!repo.images.has(digest) && repo.scanOnPush) {
      image.scan = { startedAt: this.clock.now(), findings: this.seededFindings.get(`${repoName}|${reference}`) ?? this.seededFindings.get(`${repoName}|${digest}`) ?? [] };
    }
    repo.images.set(digest, image);
    if (!reference.startsWith('sha256:')) {
      for (const other of repo.images.values()) if (other !== image) other.tags.delete(reference);
      image.tags.add(reference);
    }
    return image;
  }

  issueRegistryPassword(ttlMs: number): { password: string; expiresAt: number } {
    // Random bytes first: unique within bcrypt's 72-byte window, like ecr.md §9 asks. Then padding to ECR's size.
    const nonce = crypto.randomBytes(48).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ payload: crypto.randomBytes(900).toString('base64'), version: '2', type: 'DATA_KEY' })).toString('base64url');
    const password = `${nonce}${payload}`.slice(0, 2000);
    const expiresAt = this.clock.now() + ttlMs;
    this.registryTokens.set(password, expiresAt);
    return { password, expiresAt };
  }
}
