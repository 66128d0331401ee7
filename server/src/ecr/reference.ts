/**
 * Amazon ECR image references: `{account}.dkr.ecr.{region}.amazonaws.com[.cn]/{repo}[:tag][@sha256:…]`
 * (plus FIPS/dual-stack hosts and `public.ecr.aws/{alias}/{repo}`), parsed and validated per
 * notes ecr.md §3 without any network. Also recognises template placeholders such as
 * `your_ecr_repository_url/app:latest` or `<aws_account_id>.dkr.ecr.<region>.amazonaws.com/app`.
 */
import { awsRegion, type AwsPartition } from '../data/aws-regions';

export type EcrReferenceField = 'host' | 'account' | 'region' | 'repository' | 'tag' | 'digest';

export interface EcrReferenceProblem {
  field: EcrReferenceField;
  message: string;
  /** Offsets into the reference string (end exclusive), for underlining the exact part. */
  start: number;
  end: number;
  /** The part is a template placeholder rather than a typo. */
  placeholder?: boolean;
}

export interface EcrImageReference {
  raw: string;
  kind: 'private' | 'public';
  host: string;
  /** As written (kept as a string: leading zeros matter). */
  account: string | null;
  region: string | null;
  partition: AwsPartition | null;
  fips: boolean;
  dualStack: boolean;
  /** ECR Public registry alias (`public.ecr.aws/{alias}/…`). */
  registryAlias: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  errors: EcrReferenceProblem[];
  /** Some part is a template placeholder (your-aws-account-id, <region>, your_ecr_repository_url…). */
  isPlaceholder: boolean;
  /**
   * The account is one the AWS docs use in examples (123456789012, 111122223333). Not an error here:
   * local ECR stand-ins use it too; the lint rule reports it separately.
   */
  exampleAccount: boolean;
}

/** Loose private-registry host: any label in the account/region slots, so typos and placeholders parse too. */
const PRIVATE_HOST =
  /^([^./:@]+)\.dkr([.-])ecr(-fips)?\.([^./:@]+)\.(amazonaws\.com\.cn|amazonaws\.com|amazonaws\.eu|on\.aws|on\.amazonwebservices\.com\.cn|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/i;
const PUBLIC_HOSTS = new Set(['public.ecr.aws', 'ecr-public.aws.com']);

const ACCOUNT = /^\d{12}$/;
/** OCI-compliant repository grammar ECR accepts since 2026-02-25 (allows `__` and runs of `-`). */
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const PUBLIC_ALIAS = /^[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
export const NAME_TOTAL_LENGTH_MAX = 255;

/** Words that only appear in a reference copied from a template or a tutorial. */
const PLACEHOLDER_PART =
  /^<.*>$|^\{.*\}$|^x{4,}$|(?:^|[^a-z])your(?:[^a-z]|$)|account[_-]?id|aws[_-]?account|repository[_-]?url|registry[_-]?url|ecr[_-]?(?:uri|url|registry)|replace[_-]?me|changeme|placeholder|^region$|^aws[_-]region$|^account$|^repo(?:sitory)?[_-]?name$|^(?:image[_-]?)?tag$/i;
/** Account ids the AWS documentation uses in examples. */
const EXAMPLE_ACCOUNTS = new Set(['123456789012', '111122223333', '012345678901', '000000000000']);

/** Why a private ECR repository name is invalid (2-256, lowercase, OCI grammar), or null when valid. */
export function repositoryNameProblem(name: string): string | null {
  if (name !== name.toLowerCase()) return 'Repository names must be lowercase';
  if (name.length < 2 || name.length > 256) return 'Repository names are 2-256 characters long';
  if (!REPOSITORY.test(name)) return `'${name}' is not a valid repository name: lowercase letters and digits separated by . _ __ - or /`;
  return null;
}

/** Why an image tag breaks Docker's grammar (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`), or null when valid. */
export function imageTagProblem(tag: string): string | null {
  return TAG.test(tag) ? null : 'A tag is 1-128 letters, digits, _ . or -, and cannot start with . or -';
}

export function isEcrHost(host: string): boolean {
  const lower = host.toLowerCase();
  return PUBLIC_HOSTS.has(lower) || PRIVATE_HOST.test(lower);
}

export function isPlaceholderText(text: string): boolean {
  return PLACEHOLDER_PART.test(text);
}

/**
 * Parses an image reference that names (or pretends to name) an ECR registry. Returns null for
 * references to other registries and for references still containing `$VARS` (unresolvable here).
 */
export function parseEcrImageReference(ref: string): EcrImageReference | null {
  const raw = ref.trim();
  if (!raw || raw.includes('$')) return null;
  const firstSlash = raw.indexOf('/');
  const host = firstSlash >= 0 ? raw.slice(0, firstSlash) : raw;
  const path = firstSlash >= 0 ? raw.slice(firstSlash + 1) : '';
  const hostMatch = PRIVATE_HOST.exec(host);
  if (hostMatch) return parsePrivate(raw, host, path, hostMatch);
  if (PUBLIC_HOSTS.has(host.toLowerCase())) return parsePublic(raw, host, path);
  const registryLike = /ecr|aws|registry|repo/i;
  if (firstSlash >= 0 && isPlaceholderText(host) && registryLike.test(host)) return parsePlaceholderHost(raw, host, path);
  // `your-ecr-repository-uri:tag`: a whole URI replaced by one placeholder word.
  const name = splitTag(raw);
  if (firstSlash < 0 && isPlaceholderText(name) && registryLike.test(name)) return parsePlaceholderHost(raw, name, raw.slice(name.length), name.length);
  return null;
}

function splitTag(ref: string): string {
  const cut = ref.search(/[:@]/);
  return cut >= 0 ? ref.slice(0, cut) : ref;
}

function emptyReference(raw: string, host: string, kind: 'private' | 'public'): EcrImageReference {
  return {
    raw, kind, host, account: null, region: null, partition: null, fips: false, dualStack: false,
    registryAlias: null, repository: null, tag: null, digest: null, errors: [], isPlaceholder: false, exampleAccount: false,
  };
}

function parsePrivate(raw: string, host: string, path: string, match: RegExpExecArray): EcrImageReference {
  const result = emptyReference(raw, host, 'private');
  const [, account, separator, fips, region, suffix] = match;
  result.account = account;
  result.region = region;
  result.fips = Boolean(fips);
  result.dualStack = separator === '-';
  const accountStart = 0;
  const regionStart = host.indexOf(`.${region}.`, account.length) + 1;
  result.exampleAccount = EXAMPLE_ACCOUNTS.has(account);
  if (isPlaceholderText(account)) {
    problem(result, 'account', `'${account}' is a placeholder, not your AWS account id`, accountStart, account.length, true);
  } else if (!ACCOUNT.test(account)) {
    problem(result, 'account', `AWS account id must be exactly 12 digits, got '${account}'`, accountStart, account.length);
  }
  const known = awsRegion(region.toLowerCase());
  if (isPlaceholderText(region) || /^[a-z]{2}-[a-z]+-x$|^xx/i.test(region)) {
    problem(result, 'region', `'${region}' is a placeholder, not an AWS region`, regionStart, regionStart + region.length, true);
  } else if (!known || region !== region.toLowerCase()) {
    problem(result, 'region', `'${region}' is not an AWS region ECR serves (e.g. us-east-1, eu-west-1)`, regionStart, regionStart + region.length);
  } else {
    result.partition = known.partition;
    const wantsChina = known.partition === 'aws-cn';
    if (wantsChina !== suffix.toLowerCase().endsWith('.cn')) {
      problem(result, 'host', `Region ${region} ${wantsChina ? 'needs' : 'does not use'} the .amazonaws.com.cn domain`, 0, host.length);
    }
  }
  parsePath(result, path, host.length + 1);
  return result;
}

function parsePublic(raw: string, host: string, path: string): EcrImageReference {
  const result = emptyReference(raw, host, 'public');
  const slash = path.indexOf('/');
  const alias = slash >= 0 ? path.slice(0, slash) : path;
  const aliasStart = host.length + 1;
  result.registryAlias = alias || null;
  if (slash < 0) {
    problem(result, 'repository', 'An ECR Public reference needs public.ecr.aws/<alias>/<repository>', 0, raw.length);
    return result;
  }
  if (isPlaceholderText(alias)) problem(result, 'host', `'${alias}' is a placeholder registry alias`, aliasStart, aliasStart + alias.length, true);
  else if (alias.length < 2 || alias.length > 50 || !PUBLIC_ALIAS.test(alias)) {
    problem(result, 'host', `'${alias}' is not a valid ECR Public registry alias`, aliasStart, aliasStart + alias.length);
  }
  parsePath(result, path.slice(slash + 1), aliasStart + slash + 1, 205);
  return result;
}

/** `your_ecr_repository_url/app:latest`: the whole registry is a placeholder. */
function parsePlaceholderHost(raw: string, host: string, path: string, pathOffset = host.length + 1): EcrImageReference {
  const result = emptyReference(raw, host, 'private');
  problem(result, 'host', `'${host}' is a placeholder: put your ECR registry (<account>.dkr.ecr.<region>.amazonaws.com) here`, 0, host.length, true);
  parsePath(result, path, pathOffset, 256, pathOffset === host.length);
  return result;
}

/** `{repo}[:tag][@digest]` starting at `offset` of the raw reference. */
function parsePath(result: EcrImageReference, path: string, offset: number, maxRepositoryLength = 256, repositoryOptional = false): void {
  let rest = path;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const digest = rest.slice(at + 1);
    result.digest = digest;
    if (!DIGEST.test(digest)) {
      problem(result, 'digest', 'A digest must be sha256: followed by 64 lowercase hex characters', offset + at + 1, offset + rest.length);
    }
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    const tag = rest.slice(colon + 1);
    result.tag = tag;
    const tagStart = offset + colon + 1;
    if (isPlaceholderText(tag)) problem(result, 'tag', `'${tag}' is a placeholder tag`, tagStart, tagStart + tag.length, true);
    else if (!TAG.test(tag)) {
      problem(result, 'tag', 'A tag is 1-128 letters, digits, _ . or -, and cannot start with . or -', tagStart, tagStart + tag.length);
    }
    rest = rest.slice(0, colon);
  }
  result.repository = rest || null;
  const end = offset + rest.length;
  if (!rest) {
    if (!repositoryOptional) problem(result, 'repository', 'The reference names no repository', offset, offset);
  } else if (rest.split('/').some(isPlaceholderText)) {
    problem(result, 'repository', `'${rest}' is a placeholder repository name`, offset, end, true);
  } else if (rest !== rest.toLowerCase()) {
    problem(result, 'repository', 'Repository names must be lowercase', offset, end);
  } else if (rest.length < 2 || rest.length > maxRepositoryLength) {
    problem(result, 'repository', `Repository names are 2-${maxRepositoryLength} characters long`, offset, end);
  } else if (!REPOSITORY.test(rest)) {
    problem(result, 'repository', `'${rest}' is not a valid repository name: lowercase letters and digits separated by . _ __ - or /`, offset, end);
  } else if (end > NAME_TOTAL_LENGTH_MAX) {
    problem(result, 'repository', `Registry host plus repository exceed Docker's ${NAME_TOTAL_LENGTH_MAX}-character limit`, offset, end);
  }
}

function problem(
  result: EcrImageReference,
  field: EcrReferenceField,
  message: string,
  start: number,
  end: number,
  placeholder = false,
): void {
  result.errors.push({ field, message, start, end, ...(placeholder ? { placeholder } : {}) });
  if (placeholder) result.isPlaceholder = true;
}

/** The console page of a private repository (for document links), or null if the reference is not valid enough. */
export function ecrConsoleUrl(ref: EcrImageReference): string | null {
  if (ref.kind === 'public') {
    return ref.registryAlias && ref.repository ? `https://gallery.ecr.aws/${ref.registryAlias}/${ref.repository}` : null;
  }
  if (ref.errors.length || !ref.account || !ref.region || !ref.repository) return null;
  const domain = ref.partition === 'aws-cn' ? 'console.amazonaws.cn' : ref.partition === 'aws-us-gov' ? 'console.amazonaws-us-gov.com' : 'console.aws.amazon.com';
  return `https://${ref.region}.${domain}/ecr/repositories/private/${ref.account}/${ref.repository}?region=${ref.region}`;
}
