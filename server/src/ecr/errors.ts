/**
 * Errors are values: a kind to switch on, a message saying what happened and a next step saying what to
 * do. Every front end (VS Code, CLI, tests) renders these; the words are written once, here.
 * AWS SDK errors are classified by `err.name` (the service's error code), never by message text; the
 * only text we read is what a service puts inside a message on purpose (the IAM action of AccessDenied).
 */

export type EcrErrorKind =
  | 'invalid-input'
  | 'docker-missing'
  | 'daemon-down'
  | 'region-missing'
  | 'credentials-missing'
  | 'credentials-invalid'
  | 'credentials-expired'
  | 'sso-expired'
  | 'access-denied'
  | 'repository-missing'
  | 'repository-exists'
  | 'image-missing'
  | 'immutable-tag'
  | 'token-expired'
  | 'registry-auth'
  | 'creds-store-broken'
  | 'build-failed'
  | 'smoke-test-failed'
  | 'push-failed'
  | 'verify-failed'
  | 'throttled'
  | 'service-error'
  | 'network'
  | 'cancelled'
  | 'unknown';

export interface EcrError {
  kind: EcrErrorKind;
  /** What happened, in one or two sentences. */
  message: string;
  /** What the user can do about it. */
  nextStep: string;
  /** The IAM action that was denied (access-denied). */
  action?: string;
  /** A command line that fixes it, for a button or a terminal (e.g. `aws sso login --profile dev`). */
  command?: string[];
  profile?: string;
  region?: string;
  repository?: string;
  tag?: string;
  /** The failing build step (build-failed). */
  failingStep?: string;
  /** The underlying service or docker text, for the output channel. Never contains a secret. */
  detail?: string;
  /** The error name we classified (SDK error name or docker message code). */
  cause?: string;
}

export function isEcrError(value: unknown): value is EcrError {
  return typeof value === 'object' && value !== null && typeof (value as EcrError).kind === 'string'
    && typeof (value as EcrError).message === 'string' && typeof (value as EcrError).nextStep === 'string';
}

export interface AwsErrorContext {
  profile?: string;
  region?: string;
  repository?: string;
  tag?: string;
  /** The operation being called, to name the IAM action when the service does not. */
  operation?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE',
  'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

function profileLabel(profile?: string): string {
  return profile ? `profile '${profile}'` : 'the default credentials';
}

/** The `ecr:Action` named in an AccessDenied message, or `ecr:<operation>` when the text has none. */
export function deniedAction(message: string | undefined, operation?: string): string | undefined {
  const match = /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message ?? '');
  if (match) return match[1];
  return operation ? `ecr:${operation}` : undefined;
}

function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; code?: unknown; Code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string') return e.code;
    if (typeof e.Code === 'string') return e.Code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'Error';
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies an error thrown by @aws-sdk/client-ecr or a credential provider. */
export function fromAwsError(err: unknown, ctx: AwsErrorContext = {}): EcrError {
  if (isEcrError(err)) return err;
  const name = errorName(err);
  const text = errorMessage(err);
  const base = { profile: ctx.profile, region: ctx.region, repository: ctx.repository, tag: ctx.tag, detail: text, cause: name };
  const who = profileLabel(ctx.profile);
  switch (name) {
    case 'CredentialsProviderError':
    case 'TokenProviderError':
      // The SDK puts the SSO hint in the message of these two classes; that is the documented way to tell them apart.
      if (/aws sso login|SSO session|SSO Token/i.test(text)) {
        return {
          ...base, kind: 'sso-expired',
          message: `The AWS SSO session for ${who} has expired or was never started.`,
          nextStep: `Sign in again with: aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ''}`,
          command: ['aws', 'sso', 'login', ...(ctx.profile ? ['--profile', ctx.profile] : [])],
        };
      }
      return {
        ...base, kind: 'credentials-missing',
        message: `No AWS credentials could be loaded for ${who}.`,
        nextStep: 'Choose a profile that exists in ~/.aws/config or ~/.aws/credentials, set AWS_PROFILE, or configure one with "aws configure".',
      };
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
      return {
        ...base, kind: 'credentials-expired',
        message: `The AWS session credentials of ${who} have expired.`,
        nextStep: 'Refresh the credentials (for SSO: aws sso login; for assumed roles: get a new session) and try again.',
        command: ctx.profile ? ['aws', 'sso', 'login', '--profile', ctx.profile] : undefined,
      };
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      return {
        ...base, kind: 'credentials-invalid',
        message: `AWS does not recognize the access key of ${who}${ctx.region ? ` in ${ctx.region}` : ''}.`,
        nextStep: `Check the access key in your AWS profile. If ${ctx.region ?? 'the region'} is an opt-in region, make sure it is enabled for the account.`,
      };
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignatureException':
    case 'MissingAuthenticationTokenException':
      return {
        ...base, kind: 'credentials-invalid',
        message: `AWS rejected the request signature made with ${who}.`,
        nextStep: 'Check the secret access key of the profile, the region, and that the system clock is correct.',
      };
    case 'AccessDeniedException':
    case 'AccessDenied': {
      const action = deniedAction(text, ctx.operation);
      return {
        ...base, kind: 'access-denied', action,
        message: `Access denied: ${who} is not allowed to perform ${action ?? 'this ECR action'}.`,
        nextStep: `Ask your AWS administrator to allow ${action ?? 'the ECR action'} for this identity${ctx.repository ? ` on repository '${ctx.repository}'` : ''}, or use another profile.`,
      };
    }
    case 'RepositoryNotFoundException':
      return {
        ...base, kind: 'repository-missing',
        message: `The ECR repository '${ctx.repository ?? '?'}' does not exist${ctx.region ? ` in ${ctx.region}` : ''}.`,
        nextStep: 'Create the repository (ECR does not create repositories on push), or pick an existing one.',
      };
    case 'RepositoryAlreadyExistsException':
      return {
        ...base, kind: 'repository-exists',
        message: `The ECR repository '${ctx.repository ?? '?'}' already exists.`,
        nextStep: 'Use the existing repository.',
      };
    case 'ImageNotFoundException':
      return {
        ...base, kind: 'image-missing',
        message: `The image ${ctx.tag ? `tagged '${ctx.tag}' ` : ''}was not found in '${ctx.repository ?? '?'}'.`,
        nextStep: 'Push the image first, or check the tag.',
      };
    case 'InvalidParameterException':
    case 'InvalidTagParameterException':
    case 'TooManyTagsException':
    case 'ValidationException':
      return { ...base, kind: 'invalid-input', message: `ECR rejected the request: ${text}`, nextStep: 'Correct the value and try again.' };
    case 'LimitExceededException':
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return { ...base, kind: 'throttled', message: 'ECR is throttling requests or a limit was reached.', nextStep: 'Wait a moment and try again.' };
    case 'ServerException':
      return { ...base, kind: 'service-error', message: 'Amazon ECR reported an internal error.', nextStep: 'Try again in a moment.' };
    case 'TimeoutError':
      return { ...base, kind: 'network', message: 'The request to Amazon ECR timed out.', nextStep: 'Check your network connection, proxy and the ECR endpoint, then try again.' };
    default:
      break;
  }
  if (/Region is missing|Missing Region/i.test(text)) return regionMissing(ctx.profile);
  const code = networkCode(err);
  if (code) {
    return {
      ...base, kind: 'network',
      message: `Could not reach Amazon ECR (${code}).`,
      nextStep: 'Check your network connection, proxy settings and the ECR endpoint, then try again.',
    };
  }
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return { ...base, kind: 'service-error', message: `Amazon ECR answered with HTTP ${status}.`, nextStep: 'Try again in a moment.' };
  }
  return { ...base, kind: 'unknown', message: `Amazon ECR call failed: ${name}: ${text}`, nextStep: 'See the details in the output and try again.' };
}

export function regionMissing(profile?: string): EcrError {
  return {
    kind: 'region-missing', profile,
    message: `No AWS region is set${profile ? ` (profile '${profile}' has none)` : ''}.`,
    nextStep: 'Choose a region (the region setting or --region), set AWS_REGION, or add `region =` to the profile in ~/.aws/config.',
  };
}

export function invalidInput(message: string, nextStep = 'Correct the value and try again.'): EcrError {
  return { kind: 'invalid-input', message, nextStep };
}

export function cancelled(): EcrError {
  return { kind: 'cancelled', message: 'The push was cancelled.', nextStep: 'Start it again when ready.' };
}
