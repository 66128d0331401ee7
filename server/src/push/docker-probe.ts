/** What the local docker can do: versions, daemon architecture, and which builder a build will use. */
import { runDocker } from './docker-runner';
import { dockerUnavailable } from './docker-output';
import type { DockerEngine } from './docker-engine';
import type { EcrError } from '../ecr/errors';
import type { BuilderKind, DockerInfo } from './types';

interface VersionJson {
  Client?: { Version?: string };
  Server?: { Version?: string; Arch?: string; Os?: string } | null;
}

function major(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? 0);
}

/** `env` must already point at the engine (see probeDockerEngine); `engine` names it in the daemon-down error. */
export async function probeDocker(dockerPath: string, env: NodeJS.ProcessEnv, signal?: AbortSignal, engine?: DockerEngine): Promise<DockerInfo | EcrError> {
  const version = await runDocker({ docker: dockerPath, args: ['version', '--format', '{{json .}}'], env, signal });
  const unavailable = dockerUnavailable(version, dockerPath);
  if (unavailable) return unavailable;
  let parsed: VersionJson = {};
  try {
    parsed = JSON.parse(version.stdout.trim().split('\n').pop() ?? '{}');
  } catch { /* handled below */ }
  if (!parsed.Client) {
    // Whatever ran is not a docker CLI (a docker CLI prints its client part even without a daemon).
    return {
      kind: 'docker-missing', cause: 'not-docker', detail: (version.stderr || version.stdout).trim().split('\n').pop() || undefined,
      message: `${dockerPath} does not answer like the docker CLI ("${dockerPath} version" printed no docker version).`,
      nextStep: 'Point to the docker executable (CLI: --docker PATH; VS Code: the djangoContainer.dockerPath setting).',
    };
  }
  if (version.code !== 0 || !parsed.Server) {
    const remote = engine && engine.source !== 'default' ? engine : undefined;
    return {
      kind: 'daemon-down', cause: 'daemon-unreachable', detail: version.stderr.trim().split('\n').pop(),
      message: remote
        ? `The Docker engine of the docker context '${remote.context}' (${remote.endpoint}) is not running or not reachable.`
        : 'The Docker daemon is not running or not reachable.',
      nextStep: remote ? 'Start that engine (or check the connection to it) and try again, or push with another docker context.' : 'Start Docker and try again.',
    };
  }
  const clientVersion = parsed.Client?.Version ?? '';
  const buildx = await runDocker({ docker: dockerPath, args: ['buildx', 'version'], env, signal });
  // Without buildx, a docker CLI older than 23 still runs BuildKit builds itself when DOCKER_BUILDKIT=1;
  // newer CLIs need the buildx plugin and otherwise fall back to the legacy builder.
  const builder: BuilderKind = buildx.code === 0 ? 'buildx' : major(clientVersion) > 0 && major(clientVersion) < 23 ? 'buildkit' : 'legacy';
  return {
    path: dockerPath,
    clientVersion,
    serverVersion: parsed.Server.Version ?? '',
    serverArch: parsed.Server.Arch ?? '',
    serverOs: parsed.Server.Os ?? '',
    builder,
    engine,
  };
}

/**
 * A warning when the image would be built for another architecture than the builder's own and docker cannot
 * cross-build. The native architecture is the push engine's (its daemon), or the buildx builder node's first
 * platform when a builder such as a remote one builds elsewhere.
 */
export function platformWarning(info: DockerInfo, platform: string): string | undefined {
  const target = platform.split('/')[1];
  const node = info.engine?.builder?.platforms[0];
  const native = node ? { os: node.split('/')[0], arch: node.split('/')[1] ?? '' } : { os: info.serverOs, arch: info.serverArch };
  if (!target || !native.arch || target === native.arch) return undefined;
  if (info.builder === 'buildx') {
    const where = node ? `the builder '${info.engine!.builder!.name}' (${native.os}/${native.arch})` : `a ${native.os}/${native.arch} Docker engine`;
    return `Building ${platform} on ${where} uses emulation (QEMU) and can be slow.`;
  }
  return `This Docker engine is ${native.os}/${native.arch} and has no buildx, so it cannot cross-build ${platform}: `
    + `the image may come out as ${native.arch} and fail to start on ${platform} hosts (e.g. "exec format error" on Fargate). `
    + 'Install docker buildx (with QEMU binfmt), or build on a matching machine or in CI.';
}
