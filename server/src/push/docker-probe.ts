/** What the local docker can do: versions, daemon architecture, and which builder a build will use. */
import { runDocker } from './docker-runner';
import { dockerUnavailable } from './docker-output';
import type { EcrError } from '../ecr/errors';
import type { BuilderKind, DockerInfo } from './types';

interface VersionJson {
  Client?: { Version?: string };
  Server?: { Version?: string; Arch?: string; Os?: string } | null;
}

function major(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? 0);
}

export async function probeDocker(dockerPath: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<DockerInfo | EcrError> {
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
    return {
      kind: 'daemon-down', cause: 'daemon-unreachable', detail: version.stderr.trim().split('\n').pop(),
      message: 'The Docker daemon is not running or not reachable.',
      nextStep: 'Start Docker and try again.',
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
  };
}

/** A warning when the image would be built for another architecture than the daemon's and docker cannot cross-build. */
export function platformWarning(info: DockerInfo, platform: string): string | undefined {
  const target = platform.split('/')[1];
  if (!target || !info.serverArch || target === info.serverArch) return undefined;
  if (info.builder === 'buildx') {
    return `Building ${platform} on a ${info.serverOs}/${info.serverArch} Docker engine uses emulation (QEMU) and can be slow.`;
  }
  return `This Docker engine is ${info.serverOs}/${info.serverArch} and has no buildx, so it cannot cross-build ${platform}: `
    + `the image may come out as ${info.serverArch} and fail to start on ${platform} hosts (e.g. "exec format error" on Fargate). `
    + 'Install docker buildx (with QEMU binfmt), or build on a matching machine or in CI.';
}
