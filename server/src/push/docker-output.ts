/**
 * Reading docker's output. Docker reports registry errors only as text (`<code in words>: <message>`,
 * from the registry's JSON error code), so here — and only here — we match on text.
 */
import type { EcrError } from '../ecr/errors';
import { deniedAction } from '../ecr/errors';
import type { DockerRunResult } from './docker-runner';

export interface PushLine {
  kind: 'layer' | 'digest';
  layer?: string;
  status?: string;
  tag?: string;
  digest?: string;
  size?: number;
}

const LAYER_STATUS = /^([0-9a-f]{12,64}): (Preparing|Waiting|Pushing|Pushed|Layer already exists|Mounted from .+|Retrying in .+|Pushing .*)$/;
const DIGEST_LINE = /^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)/;

export function parsePushLine(line: string): PushLine | undefined {
  const trimmed = line.trim();
  const digest = DIGEST_LINE.exec(trimmed);
  if (digest) return { kind: 'digest', tag: digest[1], digest: digest[2], size: Number(digest[3]) };
  const layer = LAYER_STATUS.exec(trimmed);
  if (layer) return { kind: 'layer', layer: layer[1], status: layer[2] };
  return undefined;
}

function lastMeaningfulLine(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** Failures every docker command can have: docker not installed, daemon not running. */
export function dockerUnavailable(result: DockerRunResult, dockerPath: string): EcrError | undefined {
  if (result.spawnError) {
    if (result.spawnError.code === 'ENOENT') {
      return {
        kind: 'docker-missing', cause: 'ENOENT',
        message: `The docker command was not found (${dockerPath}).`,
        nextStep: 'Install Docker, or point to the docker executable (CLI: --docker PATH; VS Code: the djangoContainer.dockerPath setting).',
      };
    }
    return { kind: 'docker-missing', cause: result.spawnError.code, message: `Could not run ${dockerPath}: ${result.spawnError.message}`, nextStep: 'Check the docker path (CLI: --docker PATH; VS Code: the djangoContainer.dockerPath setting).' };
  }
  const output = `${result.stderr}\n${result.stdout}`;
  const daemonDown = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running|docker daemon is not running/i;
  if (daemonDown.test(output)) {
    // The line that says why (socket path), not the client JSON `docker version` prints after it.
    const reason = output.split(/\r?\n/).map((line) => line.trim()).find((line) => daemonDown.test(line));
    return {
      kind: 'daemon-down', cause: 'daemon-unreachable', detail: reason ?? lastMeaningfulLine(output),
      message: 'The Docker daemon is not running or not reachable.',
      nextStep: 'Start Docker (Docker Desktop, or `sudo systemctl start docker`) and try again.',
    };
  }
  return undefined;
}

/** Classifies a failed `docker push` or `docker login`. */
export function classifyRegistryFailure(result: DockerRunResult, ctx: { dockerPath: string; repository: string; tag?: string; host: string }): EcrError {
  const unavailable = dockerUnavailable(result, ctx.dockerPath);
  if (unavailable) return unavailable;
  const output = `${result.stderr}\n${result.stdout}`;
  const detail = lastMeaningfulLine(result.stderr) || lastMeaningfulLine(output);
  const base = { repository: ctx.repository, tag: ctx.tag, detail };
  if (/authorization token has expired/i.test(output)) {
    return { ...base, kind: 'token-expired', cause: 'DENIED', message: 'The ECR registry token has expired.', nextStep: 'Log in again (the push does this once by itself) and retry.' };
  }
  if (/name unknown/i.test(output)) {
    return { ...base, kind: 'repository-missing', cause: 'NAME_UNKNOWN', message: `The repository '${ctx.repository}' does not exist in the registry.`, nextStep: 'Create the repository (ECR does not create repositories on push), e.g. with --create.' };
  }
  if (/tag invalid/i.test(output)) {
    return { ...base, kind: 'immutable-tag', cause: 'TAG_INVALID', message: `The tag '${ctx.tag ?? '?'}' already exists in the immutable repository '${ctx.repository}'.`, nextStep: 'Push with a new tag (for example the current git commit).' };
  }
  if (/denied: .*not authorized to perform/i.test(output)) {
    const action = deniedAction(output);
    return { ...base, kind: 'access-denied', action, cause: 'DENIED', message: `Access denied by the registry: not allowed to perform ${action ?? 'the push'}.`, nextStep: `Ask your AWS administrator to allow ${action ?? 'ECR push actions'} on repository '${ctx.repository}'.` };
  }
  // "The stub received bad data": Windows wincred cannot hold ECR's ~2,000-character password.
  if (/error (storing|getting|saving) credentials|docker-credential-\S+.*(not found|executable file)|credential helper|stub received bad data/i.test(output)) {
    return {
      ...base, kind: 'creds-store-broken', cause: 'credential-helper',
      message: 'Docker could not use its configured credential store (credsStore or credHelpers in the docker config).',
      nextStep: 'Fix or remove the credsStore entry in your docker config.json, or push with an isolated docker config (the push offers this).',
    };
  }
  if (/no basic auth credentials|unauthorized|authentication required|401 Unauthorized/i.test(output)) {
    return { ...base, kind: 'registry-auth', cause: 'UNAUTHORIZED', message: `The registry ${ctx.host} did not accept the credentials.`, nextStep: 'Log in again; if it persists, check that the docker config is not shadowing the login with a stale entry.' };
  }
  if (/connection refused|no such host|i\/o timeout|TLS handshake timeout|connection reset|EOF$/im.test(output)) {
    return { ...base, kind: 'network', cause: 'registry-unreachable', message: `Could not reach the registry ${ctx.host}.`, nextStep: 'Check your network connection and proxy, then try again.' };
  }
  return { ...base, kind: 'push-failed', cause: 'docker', message: `docker failed: ${detail || `exit code ${result.code}`}`, nextStep: 'See the output for details and try again.' };
}
