/** Asks docker which engine and builder a push will use (`docker context inspect`, `docker buildx inspect`). */
import type { EcrError } from '../ecr/errors';
import { dockerConfigDir, readDockerConfig } from './docker-config';
import { probeDocker } from './docker-probe';
import type { DockerInfo } from './types';
import {
  builderEngineMismatch, builderMissing, builderWithoutBuildx, chooseDockerContext, describeContext, engineFromContextInspect, parseBuildxInspect,
  type BuildxBuilder, type DockerEngine,
} from './docker-engine';
import { dockerUnavailable } from './docker-output';
import { dockerEngineEnv, runDocker } from './docker-runner';

/**
 * The docker a push will use, probed on the engine it will use: context (and endpoint), versions, daemon
 * architecture, builder kind and buildx builder. Also returns the environment every later docker command must
 * run with (dockerEngineEnv), so nothing of the push can reach another engine.
 */
export async function probeDockerEngine(
  dockerPath: string, env: NodeJS.ProcessEnv, request: { context?: string; builder?: string; configDir?: string }, signal?: AbortSignal,
): Promise<{ docker: DockerInfo; env: NodeJS.ProcessEnv } | EcrError> {
  const configDir = dockerConfigDir(env, request.configDir);
  const context = await resolveDockerContext(dockerPath, env, { context: request.context, configDir }, signal);
  if ('kind' in context) return context;
  const withConfig = request.configDir ? { ...env, DOCKER_CONFIG: request.configDir } : env;
  const info = await probeDocker(dockerPath, dockerEngineEnv(withConfig, context), signal, context);
  if ('kind' in info) return info;
  let engine: DockerEngine = context;
  if (info.builder === 'buildx') {
    const asked = request.builder?.trim() || env.BUILDX_BUILDER?.trim();
    const source: BuildxBuilder['source'] = request.builder?.trim() ? 'option' : asked ? 'BUILDX_BUILDER' : 'current';
    const builder = await resolveBuildxBuilder(dockerPath, dockerEngineEnv(withConfig, context), context, asked, source, signal);
    if (builder && 'kind' in builder) return builder;
    engine = { ...context, builder };
  } else if (request.builder) {
    const refused = builderWithoutBuildx(request.builder, context, dockerPath, info.clientVersion);
    if (refused) return refused;
  }
  return { docker: { ...info, engine }, env: dockerEngineEnv(env, engine) };
}

export interface EngineRequest {
  /** A docker context name (CLI --context, setting djangoContainer.docker.context). */
  context?: string;
  /** The DOCKER_CONFIG folder whose contexts and currentContext count. */
  configDir: string;
}

/** The context the push will use and its endpoint, or an error naming the next step when it does not exist. */
export async function resolveDockerContext(dockerPath: string, env: NodeJS.ProcessEnv, request: EngineRequest, signal?: AbortSignal)
  : Promise<DockerEngine | EcrError> {
  const choice = chooseDockerContext({ option: request.context, env, currentContext: readDockerConfig(request.configDir).currentContext });
  const inspectEnv = dockerEngineEnv({ ...env, DOCKER_CONFIG: request.configDir }, { context: choice.name });
  const inspect = await runDocker({ docker: dockerPath, args: ['context', 'inspect', choice.name], env: inspectEnv, signal });
  const unavailable = dockerUnavailable(inspect, dockerPath);
  if (inspect.spawnError && unavailable) return unavailable;
  const engine = engineFromContextInspect(choice, inspect, request.configDir);
  // The default context always exists; a docker too old for contexts (before 19.03) just cannot describe it.
  if ('kind' in engine && choice.name === 'default') return { context: 'default', source: choice.source, endpoint: env.DOCKER_HOST || 'the docker default endpoint' };
  return engine;
}

/**
 * The buildx builder a build will use on `engine`: `wanted` (CLI --builder, setting djangoContainer.docker.builder,
 * or BUILDX_BUILDER), else buildx's current builder for that context. `env` must already point at the engine.
 */
export async function resolveBuildxBuilder(
  dockerPath: string, env: NodeJS.ProcessEnv, engine: DockerEngine, wanted: string | undefined, source: BuildxBuilder['source'], signal?: AbortSignal,
): Promise<BuildxBuilder | undefined | EcrError> {
  const inspect = await runDocker({ docker: dockerPath, args: ['buildx', 'inspect', ...(wanted ? [wanted] : [])], env, signal });
  const builder = inspect.code === 0 ? parseBuildxInspect(inspect.stdout, source) : undefined;
  if (!builder) {
    // Without a name, buildx could not say which builder is current: leave the choice to buildx itself.
    return wanted ? builderMissing(wanted, source, inspect.stderr.trim().split('\n').pop() || undefined) : undefined;
  }
  return builderEngineMismatch({ ...engine, builder }) ?? builder;
}

/**
 * A line for the status bar before any push: the context a push would use and its endpoint (from
 * `docker context inspect`, one quick local call); a named builder is only checked when pushing.
 */
export async function describeConfiguredEngine(
  dockerPath: string, env: NodeJS.ProcessEnv, request: { context?: string; builder?: string; configDir?: string }, signal?: AbortSignal,
): Promise<string> {
  const engine = await resolveDockerContext(dockerPath, env, { context: request.context, configDir: dockerConfigDir(env, request.configDir) }, signal);
  if ('kind' in engine) return `${engine.message} ${engine.nextStep}`;
  const context = describeContext(engine);
  return request.builder ? `${context}, builder '${request.builder}' (checked when pushing)` : context;
}
