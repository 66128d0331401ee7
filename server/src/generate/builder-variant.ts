/**
 * Which Dockerfile variant `generate` writes: BuildKit (RUN --mount caches) or classic (plain layers for the legacy
 * builder). Pure: the caller probes docker at the edge (CLI, VS Code client) and passes what it found, so the
 * generator itself stays deterministic.
 */
import type { BuilderKind } from '../push/types';

export type BuilderRequest = 'auto' | 'buildkit' | 'classic';
export const BUILDER_REQUESTS: readonly BuilderRequest[] = ['auto', 'buildkit', 'classic'];

/** What probing the docker found: its builder, or why it could not be asked. */
export type DockerBuilderProbe =
  | { reachable: true; dockerPath: string; clientVersion: string; builder: BuilderKind }
  | { reachable: false; dockerPath: string; problem: string };

export interface BuilderVariant {
  buildkit: boolean;
  /** One sentence for the user: which variant and why. */
  reason: string;
}

export function parseBuilderRequest(value: string | undefined): BuilderRequest | undefined {
  if (value === undefined || value === '') return undefined;
  return (BUILDER_REQUESTS as readonly string[]).includes(value) ? (value as BuilderRequest) : undefined;
}

/** DOCKER_BUILDKIT=0/false turns BuildKit off for a plain `docker build`, whatever the CLI could do. */
function buildKitTurnedOff(env: NodeJS.ProcessEnv): boolean {
  return /^(0|false)$/i.test(env.DOCKER_BUILDKIT?.trim() ?? '');
}

export function decideBuilderVariant(request: BuilderRequest, probe: DockerBuilderProbe | undefined, env: NodeJS.ProcessEnv): BuilderVariant {
  if (request === 'buildkit') return { buildkit: true, reason: 'BuildKit variant (RUN --mount caches), as requested.' };
  if (request === 'classic') return { buildkit: false, reason: 'Classic-builder variant (no RUN --mount), as requested.' };
  if (!probe || !probe.reachable) {
    const why = probe ? `${probe.dockerPath} could not be asked (${probe.problem})` : 'no docker was probed';
    return { buildkit: true, reason: `BuildKit variant: ${why}, so the default was kept; use --builder classic for a docker without BuildKit.` };
  }
  const docker = `${probe.dockerPath} (client ${probe.clientVersion})`;
  if (buildKitTurnedOff(env)) {
    return { buildkit: false, reason: `Classic-builder variant: DOCKER_BUILDKIT=${env.DOCKER_BUILDKIT} turns BuildKit off for ${docker}.` };
  }
  switch (probe.builder) {
    case 'buildx':
      return { buildkit: true, reason: `BuildKit variant: ${docker} has the buildx plugin.` };
    case 'buildkit':
      return { buildkit: true, reason: `BuildKit variant: ${docker} has BuildKit built in (DOCKER_BUILDKIT=1; push sets it).` };
    case 'legacy':
      return { buildkit: false, reason: `Classic-builder variant: ${docker} has no buildx plugin, so it builds with the legacy builder (RUN --mount would fail).` };
  }
}
