/**
 * Checks on what the user typed for a push, before anything runs. The name and tag grammars live in
 * ecr/reference.ts (one source for linting and pushing); this adds what only a push needs.
 */
import { imageTagProblem as tagGrammarProblem, isEcrHost, NAME_TOTAL_LENGTH_MAX, repositoryNameProblem as nameGrammarProblem } from '../ecr/reference';

export { NAME_TOTAL_LENGTH_MAX };

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

/** Why `name` cannot be an ECR repository name (including a whole image URI pasted in its place), or undefined. */
export function repositoryNameProblem(name: string): string | undefined {
  if (!name) return 'The repository name is empty.';
  if (isEcrHost(name.split('/')[0]) || name.includes(':') || name.includes('@')) {
    return `'${name}' looks like an image URI; give only the repository name (e.g. 'myapp/web').`;
  }
  return nameGrammarProblem(name) ?? undefined;
}

export function imageTagProblem(tag: string): string | undefined {
  if (!tag) return 'A tag is empty.';
  const problem = tagGrammarProblem(tag);
  return problem ? `Tag '${tag.length > 40 ? `${tag.slice(0, 40)}…` : tag}': ${problem}` : undefined;
}

export function platformProblem(platform: string): string | undefined {
  if (!PLATFORM.test(platform)) return `'${platform}' is not a platform like linux/amd64 or linux/arm64.`;
  // The generated images (python:*-slim, apt-get, gunicorn) are Linux images; a Linux engine cannot build others.
  if (!platform.startsWith('linux/')) return `'${platform}' is not a Linux platform: Django images are Linux images (linux/amd64 or linux/arm64).`;
  return undefined;
}
