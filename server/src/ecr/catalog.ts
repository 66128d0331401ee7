/**
 * A cached listing of the user's ECR repositories and images for completions, hovers and hints.
 * Readers never wait for AWS: they get the last snapshot at once, and a stale or empty snapshot starts
 * one background refresh (DescribeRepositories, then DescribeImages per repository). Failures keep the
 * previous snapshot and are remembered for the next refresh window, so a broken profile is not retried
 * on every keystroke.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';

export interface EcrRepositorySummary {
  name: string;
  /** As ECR returns it (never with a tag); use it verbatim to build image references. */
  uri: string;
  registryId: string;
}

export interface EcrImageSummary {
  repositoryName: string;
  digest: string;
  tags: string[];
  sizeBytes?: number;
  pushedAt?: Date;
  scanStatus?: string;
}

/** The two ECR calls the catalog needs; the SDK implementation is ecrListingFromClient. */
export interface EcrListingSource {
  listRepositories(): Promise<EcrRepositorySummary[]>;
  listImages(repositoryName: string): Promise<EcrImageSummary[]>;
}

export interface EcrCatalogOptions {
  /** The region the listing comes from (a reference in another region is a different repository). */
  region?: string;
  /** How long a snapshot counts as fresh (default 5 minutes). */
  ttlMs?: number;
  /** Images are listed for at most this many repositories (the most recent ones ECR returns first). */
  maxRepositories?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** Called after each refresh that changed the snapshot (e.g. to refresh inlay hints). */
  onUpdate?: () => void;
}

export interface EcrSnapshot {
  repositories: readonly EcrRepositorySummary[];
  /** Images by repository name (repositories whose images were not listed yet are absent). */
  images: ReadonlyMap<string, readonly EcrImageSummary[]>;
  /** When the snapshot was taken (epoch ms), or undefined before the first successful refresh. */
  loadedAt?: number;
  /** The last refresh's failure, if it failed. */
  error?: string;
}

export class EcrCatalog {
  private snapshotValue: EcrSnapshot = { repositories: [], images: new Map() };
  private inFlight: Promise<void> | null = null;
  private lastAttempt = -Infinity;
  private readonly ttlMs: number;
  private readonly maxRepositories: number;
  private readonly now: () => number;
  readonly region: string | undefined;

  constructor(
    private readonly source: EcrListingSource,
    private readonly options: EcrCatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxRepositories = options.maxRepositories ?? 50;
    this.now = options.now ?? Date.now;
    this.region = options.region;
  }

  /** The cached snapshot, at once. Starts a background refresh when it is stale. */
  snapshot(): EcrSnapshot {
    if (this.now() - this.lastAttempt >= this.ttlMs) void this.refresh();
    return this.snapshotValue;
  }

  /** The cached image of a repository with this tag or digest. */
  findImage(repositoryName: string, tagOrDigest: string): EcrImageSummary | undefined {
    const images = this.snapshot().images.get(repositoryName) ?? [];
    return images.find((image) => image.digest === tagOrDigest || image.tags.includes(tagOrDigest));
  }

  findRepository(repositoryName: string): EcrRepositorySummary | undefined {
    return this.snapshot().repositories.find((repository) => repository.name === repositoryName);
  }

  /** Refreshes now (one refresh at a time); resolves when done. Never rejects. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.lastAttempt = this.now();
    this.inFlight = this.load()
      .then((next) => {
        this.snapshotValue = next;
        this.options.onUpdate?.();
      })
      .catch((error: unknown) => {
        const message = describe(error);
        this.options.log?.(`ECR listing failed: ${message}`);
        this.snapshotValue = { ...this.snapshotValue, error: message };
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async load(): Promise<EcrSnapshot> {
    const repositories = await this.source.listRepositories();
    const images = new Map<string, EcrImageSummary[]>();
    for (const repository of repositories.slice(0, this.maxRepositories)) {
      try {
        images.set(repository.name, await this.source.listImages(repository.name));
      } catch (error) {
        this.options.log?.(`ECR images of ${repository.name}: ${describe(error)}`);
      }
    }
    return { repositories, images, loadedAt: this.now() };
  }
}

/** The SDK-backed listing: DescribeRepositories and DescribeImages, following nextToken. */
export function ecrListingFromClient(client: ECRClient, options: { maxPages?: number } = {}): EcrListingSource {
  const maxPages = options.maxPages ?? 10;
  // Required here, not imported: the language server loads the SDK only once ECR is actually used.
  const { DescribeImagesCommand, DescribeRepositoriesCommand } = require('@aws-sdk/client-ecr') as typeof import('@aws-sdk/client-ecr');
  return {
    async listRepositories() {
      const result: EcrRepositorySummary[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const response = await client.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken }));
        for (const repository of response.repositories ?? []) {
          if (!repository.repositoryName || !repository.repositoryUri) continue;
          result.push({ name: repository.repositoryName, uri: repository.repositoryUri, registryId: repository.registryId ?? '' });
        }
        nextToken = response.nextToken;
        if (!nextToken) break;
      }
      return result;
    },
    async listImages(repositoryName) {
      const result: EcrImageSummary[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const response = await client.send(new DescribeImagesCommand({ repositoryName, maxResults: 1000, nextToken }));
        for (const image of response.imageDetails ?? []) {
          if (!image.imageDigest) continue;
          result.push({
            repositoryName,
            digest: image.imageDigest,
            tags: image.imageTags ?? [],
            sizeBytes: image.imageSizeInBytes,
            pushedAt: image.imagePushedAt,
            scanStatus: image.imageScanStatus?.status,
          });
        }
        nextToken = response.nextToken;
        if (!nextToken) break;
      }
      // Newest first: completions and "last push" hints want the latest image on top.
      return result.sort((a, b) => (b.pushedAt?.getTime() ?? 0) - (a.pushedAt?.getTime() ?? 0));
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
