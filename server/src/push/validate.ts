/** Checks on what the user typed, before anything runs (ecr.md §3.3/§3.4). */

const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
/** Docker's limit for the whole reference name including the registry host. */
export const NAME_TOTAL_LENGTH_MAX = 255;

export function repositoryNameProblem(name: string): string | undefined {
  if (!name) return 'The repository name is empty.';
  if (/^[^/]*\.amazonaws\.com(\.cn)?\/|^\d{12}\.dkr[.-]|^public\.ecr\.aws\/|^[^/]*\.on\.aws\//.test(name) || name.includes(':') || name.includes('@')) {
    return `'${name}' looks like an image URI; give only the repository name (e.g. 'myapp/web').`;
  }
  if (name.length < 2 || name.length > 256) return `The repository name must be 2 to 256 characters long (got ${name.length}).`;
  if (name !== name.toLowerCase()) return `The repository name '${name}' must be lowercase.`;
  if (!REPOSITORY.test(name)) {
    return `'${name}' is not a valid repository name: use lowercase letters, digits and . _ - separators, with / between path parts (no leading, trailing or double /).`;
  }
  return undefined;
}

export function imageTagProblem(tag: string): string | undefined {
  if (!tag) return 'A tag is empty.';
  if (tag.length > 128) return `The tag '${tag.slice(0, 20)}…' is longer than 128 characters.`;
  if (!TAG.test(tag)) {
    return `'${tag}' is not a valid docker tag: start with a letter, digit or _, then use only letters, digits, _ . - (max 128).`;
  }
  return undefined;
}

export function platformProblem(platform: string): string | undefined {
  if (!PLATFORM.test(platform)) return `'${platform}' is not a platform like linux/amd64 or linux/arm64.`;
  return undefined;
}

/** `os/arch` -> arch in GOARCH form. */
export function platformArch(platform: string): string {
  return platform.split('/')[1] ?? '';
}
