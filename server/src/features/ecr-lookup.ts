/** The cached ECR image a reference in the Dockerfile names (hovers and hints), never calling AWS. */
import type { EcrImageSummary } from '../ecr/catalog';
import type { EcrImageReference } from '../ecr/reference';
import type { FeatureContext } from './context';

/** Found only when the catalog lists the repository in the reference's account and region. */
export function cachedImage(context: FeatureContext, ref: EcrImageReference): EcrImageSummary | undefined {
  if (!context.ecr || ref.kind !== 'private' || !ref.repository) return undefined;
  if (context.ecr.region && ref.region && context.ecr.region !== ref.region) return undefined;
  const repository = context.ecr.findRepository(ref.repository);
  if (!repository || (repository.registryId && ref.account && repository.registryId !== ref.account)) return undefined;
  return context.ecr.findImage(ref.repository, ref.digest ?? ref.tag ?? 'latest');
}
