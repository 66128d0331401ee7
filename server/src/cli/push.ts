/**
 * `django-container push`: the push engine for terminals and CI. Progress goes to stderr; the image URI
 * and the digest reference go to stdout (or one JSON object with --json); the exit code says what failed.
 */
import type { EcrError, EcrErrorKind } from '../ecr/errors';
import { push } from '../push';
import { defaultScanChoice, parseScanOption, reportScan, SCAN_USAGE, type ScanChoice } from './push-scan';
import type { PushEvent, PushOptions } from '../push/types';

export const PUSH_USAGE = `Usage: django-container push [DIR] --repository NAME [options]

Build the image of DIR (default: .), push it to Amazon ECR and verify the digest.

Options:
  -r, --repository NAME     ECR repository name (required), e.g. myapp/web
  -t, --tag TAG             Tag to push (repeatable). Default: the git short SHA of DIR
      --latest              Also push the tag 'latest'
      --profile P           AWS profile (default: AWS_PROFILE, then the default credential chain)
      --region R            AWS region (default: AWS_REGION, then the profile's region)
      --platform P          Target platform (default: linux/amd64)
      --create              Create the repository if it does not exist
      --immutable           With --create: make tags immutable
      --scan-on-push        With --create: scan images on push
      --no-build            Push an existing local image instead of building (see --image)
      --image REF           Local image to push with --no-build
  -f, --dockerfile F        Dockerfile, relative to DIR unlike docker build -f (default: DIR/Dockerfile)
      --target STAGE        Build only up to this stage
      --build-arg K=V       Build argument (repeatable); K alone takes the value from the environment
      --network MODE        Network for RUN steps during the build (e.g. host)
      --docker PATH         docker executable (default: docker on PATH)
      --no-smoke-test       Push without running the image first (see 'Smoke test' below)
      --context NAME        docker context that builds and pushes (default: DOCKER_HOST, DOCKER_CONTEXT,
                            then the current context of \`docker context use\`)
      --builder NAME        buildx builder for the build (default: BUILDX_BUILDER, then buildx's current one)
      --isolated-docker-config
                            Use a fresh, temporary docker config for this push (works around a
                            broken credsStore such as "desktop" on Linux)
${SCAN_USAGE}      --json                Print the result as JSON on stdout (with the scan report as "scan")
  -q, --quiet               Print only phases, warnings and errors on stderr (no build/push output)
  -h, --help                Show this help

Smoke test (before anything is pushed): the image must be built for --platform, start on 127.0.0.1
(docker run --network host, PORT set, a throwaway SECRET_KEY/DJANGO_SECRET_KEY and ALLOWED_HOSTS), turn
healthy or answer HTTP within 60 s, and pass 'python manage.py check --deploy' (warnings are reported).

The ECR API endpoint follows standard AWS configuration (AWS_ENDPOINT_URL_ECR, endpoint_url in the profile).

Exit codes:
  0    pushed and verified
  1    unexpected failure
  2    invalid arguments or input (names, tags, files)
  3    docker is missing or the Docker daemon is not running
  4    AWS credentials or region problem (missing, invalid, expired, SSO session expired)
  5    access denied (the IAM action is named)
  6    the repository does not exist (use --create)
  7    an immutable tag already exists in the repository
  8    the image build failed
  9    registry, network or service failure during login, push or verify
  10   the smoke test failed (nothing was pushed; skip it with --no-smoke-test)
  130  cancelled
`;

const EXIT_CODES: Partial<Record<EcrErrorKind, number>> = {
  'invalid-input': 2,
  'docker-missing': 3,
  'daemon-down': 3,
  'region-missing': 4,
  'credentials-missing': 4,
  'credentials-invalid': 4,
  'credentials-expired': 4,
  'sso-expired': 4,
  'access-denied': 5,
  'repository-missing': 6,
  'immutable-tag': 7,
  'build-failed': 8,
  'smoke-test-failed': 10,
  'token-expired': 9,
  'registry-auth': 9,
  'creds-store-broken': 9,
  'push-failed': 9,
  'verify-failed': 9,
  'throttled': 9,
  'service-error': 9,
  'network': 9,
  'image-missing': 9,
  'repository-exists': 9,
  'cancelled': 130,
};

export function exitCodeFor(error: EcrError): number {
  return EXIT_CODES[error.kind] ?? 1;
}

interface ParsedArgs {
  options: PushOptions;
  json: boolean;
  quiet: boolean;
  help: boolean;
  scan: ScanChoice;
}

class UsageError extends Error {}

export function parsePushArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const options: PushOptions = { contextDir: '.', repository: '' };
  const tags: string[] = [];
  const buildArgs: Record<string, string> = {};
  let json = false;
  let quiet = false;
  let help = false;
  let immutable = false;
  let scanOnPush = false;
  let create = false;
  let dir: string | undefined;
  const scan = defaultScanChoice();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-r': case '--repository': options.repository = value(); break;
      case '-t': case '--tag': tags.push(value()); break;
      case '--latest': options.includeLatest = true; break;
      case '--profile': options.profile = value(); break;
      case '--region': options.region = value(); break;
      case '--platform': options.platform = value(); break;
      case '--create': create = true; break;
      case '--immutable': immutable = true; break;
      case '--scan-on-push': scanOnPush = true; break;
      case '--no-build': options.build = false; break;
      case '--image': options.image = value(); break;
      case '-f': case '--dockerfile': options.dockerfile = value(); break;
      case '--target': options.target = value(); break;
      case '--network': options.network = value(); break;
      case '--docker': options.dockerPath = value(); break;
      case '--context': options.dockerContext = value(); break;
      case '--builder': options.dockerBuilder = value(); break;
      case '--isolated-docker-config': options.isolatedDockerConfig = true; break;
      case '--no-smoke-test': options.smokeTest = false; break;
      case '--build-arg': {
        const pair = value();
        const split = pair.indexOf('=');
        const name = split >= 0 ? pair.slice(0, split) : pair;
        const fromEnv = env[name];
        if (split < 0 && fromEnv === undefined) throw new UsageError(`--build-arg ${name}: no value given and ${name} is not set in the environment`);
        buildArgs[name] = split >= 0 ? pair.slice(split + 1) : fromEnv!;
        break;
      }
      case '--json': json = true; break;
      case '-q': case '--quiet': quiet = true; break;
      case '-h': case '--help': help = true; break;
      default:
        if (parseScanOptionOrUsage(scan, flag, value)) break;
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (dir !== undefined) throw new UsageError(`only one DIR may be given (got '${dir}' and '${arg}')`);
        dir = arg;
    }
  }
  if ((immutable || scanOnPush) && !create) throw new UsageError('--immutable and --scan-on-push only apply with --create');
  if (!help && !options.repository) throw new UsageError('--repository NAME is required');
  options.contextDir = dir ?? '.';
  if (tags.length) options.tags = tags;
  if (Object.keys(buildArgs).length) options.buildArgs = buildArgs;
  if (create) options.create = immutable || scanOnPush ? { imageTagMutability: immutable ? 'IMMUTABLE' : 'MUTABLE', scanOnPush } : true;
  return { options, json, quiet, help, scan };
}

function parseScanOptionOrUsage(scan: ScanChoice, flag: string, value: () => string): boolean {
  try { return parseScanOption(scan, flag, value); } catch (error) { throw new UsageError((error as Error).message); }
}

function renderEvent(event: PushEvent, quiet: boolean, write: (text: string) => void): void {
  switch (event.type) {
    case 'phase': write(`==> ${event.message}\n`); break;
    case 'engine': write(`==> Docker engine: ${event.description}\n`); break;
    case 'warning': write(`warning: ${event.message}\n`); break;
    case 'output': if (!quiet) write(`    ${event.line}\n`); break;
    case 'digest': write(`==> ${event.tag}: ${event.digest}${event.size ? ` (manifest ${event.size} bytes)` : ''}\n`); break;
    case 'done': {
      const r = event.result;
      const size = r.sizeInBytes !== undefined ? `, ${(r.sizeInBytes / 1_048_576).toFixed(1)} MiB` : '';
      write(`==> Pushed and verified ${r.imageUri} (${r.digest}${size}) in ${(r.durationMs / 1000).toFixed(1)} s\n`);
      break;
    }
    default: break; // layers are in the output lines already; errors are printed once by the caller
  }
}

export function formatError(error: EcrError): string {
  const lines = [`error: ${error.message}`, `  next: ${error.nextStep}`];
  if (error.command) lines.push(`  run:  ${error.command.join(' ')}`);
  if (error.failingStep && error.detail) lines.push('  build output (last lines):', ...error.detail.split('\n').map((l) => `    ${l}`));
  else if (error.kind === 'smoke-test-failed' && error.detail) lines.push('  container output (last lines):', ...error.detail.split('\n').map((l) => `    ${l}`));
  else if (error.detail && error.detail !== error.message) lines.push(`  detail: ${error.detail}`);
  return `${lines.join('\n')}\n`;
}

export async function runPush(args: string[]): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parsePushArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`django-container push: ${error.message}\n\n${PUSH_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(PUSH_USAGE);
    return 0;
  }
  // The SDK's "node >=22 after January 2027" notice is not actionable here (this tool targets Node 20) and buries the real output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\n==> Cancelling...\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const write = (text: string) => process.stderr.write(text);
  try {
    const result = await push(parsed.options, { signal: controller.signal, onEvent: (e) => renderEvent(e, parsed.quiet, write) });
    if (!result.ok) {
      write(formatError(result.error));
      if (parsed.json) process.stdout.write(`${JSON.stringify({ ok: false, error: result.error }, null, 2)}\n`);
      return exitCodeFor(result.error);
    }
    const scan = await reportScan(result, parsed.options, parsed.scan, write, controller.signal);
    if (parsed.json) process.stdout.write(`${JSON.stringify(scan ? { ...result, scan } : result, null, 2)}\n`);
    else process.stdout.write(`${result.tags.map((t) => `${result.repositoryUri}:${t}`).join('\n')}\n${result.digestUri}\n`);
    return 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
