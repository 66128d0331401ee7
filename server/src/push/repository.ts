/** The repository side of a push: find it (or create it when asked) and catch immutable-tag collisions early. */
import {
  CreateRepositoryCommand, DescribeImagesCommand, DescribeRepositoriesCommand, type ECRClient, type Repository,
} from '@aws-sdk/client-ecr';
import { fromAwsError, type AwsErrorContext, type EcrError } from '../ecr/errors';
import type { CreateRepositoryChoice } from './types';

export type RepositoryLookup = { ok: true; repository: Repository; created: boolean } | { ok: false; error: EcrError };

export async function findOrCreateRepository(
  client: ECRClient, name: string, create: CreateRepositoryChoice | false, ctx: AwsErrorContext, signal?: AbortSignal,
): Promise<RepositoryLookup> {
  try {
    const found = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), { abortSignal: signal });
    const repository = found.repositories?.[0];
    if (repository) return { ok: true, repository, created: false };
  } catch (error) {
    const classified = fromAwsError(error, { ...ctx, operation: 'DescribeRepositories' });
    if (classified.kind !== 'repository-missing') return { ok: false, error: classified };
  }
  if (!create) {
    return {
      ok: false,
      error: {
        kind: 'repository-missing', cause: 'RepositoryNotFoundException', repository: name, region: ctx.region, profile: ctx.profile,
        message: `The ECR repository '${name}' does not exist in ${ctx.region ?? 'this region'}.`,
        nextStep: 'Create it (ECR does not create repositories on push): run again with --create, or choose "Create repository".',
      },
    };
  }
  return createRepository(client, name, create, ctx, signal);
}

export async function createRepository(
  client: ECRClient, name: string, choice: CreateRepositoryChoice, ctx: AwsErrorContext, signal?: AbortSignal,
): Promise<RepositoryLookup> {
  try {
    const created = await client.send(new CreateRepositoryCommand({
      repositoryName: name,
      imageTagMutability: choice.imageTagMutability ?? 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: choice.scanOnPush ?? false },
    }), { abortSignal: signal });
    if (!created.repository) throw new Error('CreateRepository returned no repository');
    return { ok: true, repository: created.repository, created: true };
  } catch (error) {
    const classified = fromAwsError(error, { ...ctx, operation: 'CreateRepository' });
    if (classified.kind === 'repository-exists') return findOrCreateRepository(client, name, false, ctx, signal);
    return { ok: false, error: classified };
  }
}

function wildcard(filter: string): RegExp {
  return new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Whether ECR will refuse to move `tag` once it exists, from the repository's mutability settings. */
export function tagIsImmutable(repository: Repository, tag: string): boolean {
  const excluded = (repository.imageTagMutabilityExclusionFilters ?? []).some((f) => f.filter !== undefined && wildcard(f.filter).test(tag));
  switch (repository.imageTagMutability) {
    case 'IMMUTABLE': return true;
    case 'IMMUTABLE_WITH_EXCLUSION': return !excluded;
    case 'MUTABLE_WITH_EXCLUSION': return excluded;
    default: return false;
  }
}

/** The first tag that is immutable here and already taken, as an error; undefined when all tags can be pushed. */
export async function immutableTagCollision(
  client: ECRClient, repository: Repository, tags: string[], ctx: AwsErrorContext, signal?: AbortSignal,
): Promise<EcrError | undefined> {
  for (const tag of tags) {
    if (!tagIsImmutable(repository, tag)) continue;
    try {
      const found = await client.send(new DescribeImagesCommand({ repositoryName: repository.repositoryName, imageIds: [{ imageTag: tag }] }), { abortSignal: signal });
      const digest = found.imageDetails?.[0]?.imageDigest;
      return {
        kind: 'immutable-tag', cause: 'ImageTagAlreadyExists', repository: repository.repositoryName, tag, region: ctx.region, profile: ctx.profile,
        message: `The tag '${tag}' already exists in '${repository.repositoryName}'${digest ? ` (${digest})` : ''} and the repository's tags are immutable.`,
        nextStep: 'Push with a new tag (for example the current git commit), or delete the existing image first.',
      };
    } catch (error) {
      const classified = fromAwsError(error, { ...ctx, tag, operation: 'DescribeImages' });
      if (classified.kind === 'image-missing') continue;
      return classified;
    }
  }
  return undefined;
}
