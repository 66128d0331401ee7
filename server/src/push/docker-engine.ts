/**
 * Which Docker engine a push talks to, decided once, the way the docker CLI decides it: an explicit context,
 * else DOCKER_HOST (the "default" context is built from it), else DOCKER_CONTEXT, else the config's
 * `currentContext` (`docker context use`), else "default". The endpoint is what `docker context inspect`
 * says. The buildx builder (when buildx exists) is resolved the same way: explicit, BUILDX_BUILDER, else
 * buildx's current one. Pure functions here; docker-engine-probe.ts runs the commands.
 */
import type { EcrError } from '../ecr/errors';

export type DockerContextSource = 'option' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'current-context' | 'default';

export interface DockerContextChoice {
  name: string;
  source: DockerContextSource;
}

export interface BuildxBuilder {
  name: string;
  /** docker, docker-container, remote, kubernetes, ... */
  driver: string;
  /** Where the first node builds: a docker context name (docker driver), a docker endpoint or a buildkitd address. */
  nodeEndpoint?: string;
  status?: string;
  /** The first node's platforms, native first (`*` marks of manually set platforms removed). */
  platforms: string[];
  source: 'option' | 'BUILDX_BUILDER' | 'current';
}

export interface DockerEngine {
  /** The docker context every docker command of the push uses ('default' is DOCKER_HOST or the local socket). */
  context: string;
  source: DockerContextSource;
  /** The context's docker endpoint, e.g. unix:///var/run/docker.sock, ssh://user@host, tcp://host:2376. */
  endpoint: string;
  /** The buildx builder a build uses; absent without buildx (the engine's own builder builds). */
  builder?: BuildxBuilder;
}

/** Mirrors the docker CLI's own order (cli/command/cli.go resolveContextName). */
export function chooseDockerContext(input: { option?: string; env: NodeJS.ProcessEnv; currentContext?: string }): DockerContextChoice {
  const option = input.option?.trim();
  if (option) return { name: option, source: 'option' };
  if (input.env.DOCKER_HOST) return { name: 'default', source: 'DOCKER_HOST' };
  const fromEnv = input.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return { name: fromEnv, source: 'DOCKER_CONTEXT' };
  const current = input.currentContext?.trim();
  if (current) return { name: current, source: 'current-context' };
  return { name: 'default', source: 'default' };
}

const SOURCE_WORDS: Record<DockerContextSource, string> = {
  option: 'as asked',
  DOCKER_HOST: 'from DOCKER_HOST',
  DOCKER_CONTEXT: 'from DOCKER_CONTEXT',
  'current-context': 'the current context, set by `docker context use`',
  default: 'docker\'s default',
};

/** How to stop using a context that does not exist, depending on where its name came from. */
function contextFix(choice: DockerContextChoice): string {
  switch (choice.source) {
    case 'option': return 'or pass an existing one (CLI: --context NAME; VS Code: the djangoContainer.docker.context setting), or leave it out to use the current context';
    case 'DOCKER_CONTEXT': return 'or unset DOCKER_CONTEXT';
    case 'current-context': return 'or switch back with `docker context use default`';
    default: return 'or check DOCKER_HOST';
  }
}

interface InspectedContext {
  Name?: string;
  Endpoints?: { docker?: { Host?: string } };
}

/** The engine from `docker context inspect NAME` (a JSON array; `[]` and exit 1 when the context does not exist). */
export function engineFromContextInspect(
  choice: DockerContextChoice, inspect: { code: number; stdout: string; stderr: string }, configDir: string,
): DockerEngine | EcrError {
  let parsed: InspectedContext[] = [];
  try {
    const value: unknown = JSON.parse(inspect.stdout.trim() || '[]');
    if (Array.isArray(value)) parsed = value as InspectedContext[];
  } catch { /* not JSON: treated as not found below, with docker's own words as detail */ }
  const host = parsed[0]?.Endpoints?.docker?.Host;
  if (inspect.code !== 0 || !host) {
    return {
      kind: 'invalid-input', cause: 'docker-context-missing',
      detail: inspect.stderr.trim().split('\n').pop() || undefined,
      message: `There is no docker context '${choice.name}' (${SOURCE_WORDS[choice.source]}) in ${configDir}.`,
      nextStep: `List the contexts with \`docker context ls\`; create it with \`docker context create ${choice.name} --docker host=ssh://user@host\` (or unix://, tcp://), ${contextFix(choice)}.`,
    };
  }
  return { context: parsed[0].Name || choice.name, source: choice.source, endpoint: host };
}

/**
 * `docker buildx inspect [NAME]` text: the builder's Name and Driver, then after `Nodes:` one block per node
 * (Name, Endpoint, Status, Platforms). The first node is where a single-platform build runs.
 */
export function parseBuildxInspect(text: string, source: BuildxBuilder['source']): BuildxBuilder | undefined {
  const [head, nodes = ''] = text.split(/^Nodes:\s*$/m);
  const field = (block: string, name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(block)?.[1].trim() || undefined;
  const name = field(head, 'Name');
  const driver = field(head, 'Driver');
  if (!name || !driver) return undefined;
  const firstNode = nodes.split(/\n\s*\n/).find((block) => /^Name:/m.test(block)) ?? '';
  const platforms = (field(firstNode, 'Platforms') ?? '').split(',').map((p) => p.trim().replace(/\*$/, '')).filter(Boolean);
  return { name, driver, nodeEndpoint: field(firstNode, 'Endpoint'), status: field(firstNode, 'Status'), platforms, source };
}

/** The error for a builder that `docker buildx inspect NAME` does not know. */
export function builderMissing(name: string, source: BuildxBuilder['source'], detail?: string): EcrError {
  const fix = source === 'BUILDX_BUILDER' ? 'or unset BUILDX_BUILDER'
    : 'or pass an existing one (CLI: --builder NAME; VS Code: the djangoContainer.docker.builder setting), or leave it out to use the current builder';
  return {
    kind: 'invalid-input', cause: 'docker-builder-missing', detail,
    message: `There is no buildx builder '${name}'${source === 'BUILDX_BUILDER' ? ' (from BUILDX_BUILDER)' : ''}.`,
    nextStep: `List the builders with \`docker buildx ls\`; create it with \`docker buildx create --name ${name} --driver docker-container\` (or --driver remote tcp://HOST:PORT), ${fix}.`,
  };
}

/**
 * Without buildx there is exactly one builder, the engine's own, and buildx would name it after the context
 * ('default' for the default context). Asking for that name is fine; any other name cannot be honoured.
 */
export function builderWithoutBuildx(name: string, engine: DockerEngine, dockerPath: string, clientVersion: string): EcrError | undefined {
  if (name === engine.context) return undefined;
  return {
    kind: 'invalid-input', cause: 'docker-builder-missing',
    message: `The builder '${name}' needs the docker buildx plugin, which ${dockerPath} (client ${clientVersion}) does not have; without buildx the only builder is the engine's own ('${engine.context}').`,
    nextStep: `Install the docker buildx plugin and create the builder (\`docker buildx create --name ${name}\`), pass --builder ${engine.context}, or leave the builder option out.`,
  };
}

/**
 * A builder with the docker or docker-container driver loads the image into the engine its node runs on; when
 * that is not the push's engine, tag and push would not find the image there.
 */
export function builderEngineMismatch(engine: DockerEngine): EcrError | undefined {
  const builder = engine.builder;
  if (!builder?.nodeEndpoint || (builder.driver !== 'docker' && builder.driver !== 'docker-container')) return undefined;
  if (builder.nodeEndpoint === engine.context || builder.nodeEndpoint === engine.endpoint) return undefined;
  return {
    kind: 'invalid-input', cause: 'docker-builder-elsewhere',
    message: `The builder '${builder.name}' (${builder.driver} driver) builds on '${builder.nodeEndpoint}', but this push uses the docker context '${engine.context}' (${engine.endpoint}): the image would land on another engine than the one that tags and pushes it.`,
    nextStep: `Use a builder of context '${engine.context}' (\`docker buildx ls\`; its default builder is '${engine.context}'), or push with --context set to the builder's context.`,
  };
}

/** One line for the push output and the status bar: `context 'x' (endpoint, from ...), builder 'y' (driver)`. */
export function describeEngine(engine: DockerEngine): string {
  const builder = engine.builder
    ? `buildx builder '${engine.builder.name}' (${engine.builder.driver} driver${engine.builder.nodeEndpoint && engine.builder.driver !== 'docker' ? ` at ${engine.builder.nodeEndpoint}` : ''})`
    : 'the engine\'s own builder';
  return `${describeContext(engine)}, ${builder}`;
}

/** `docker context 'x' (endpoint, where the choice came from)`. */
export function describeContext(engine: Pick<DockerEngine, 'context' | 'endpoint' | 'source'>): string {
  return `docker context '${engine.context}' (${engine.endpoint}, ${SOURCE_WORDS[engine.source]})`;
}

/**
 * `--network host` on a builder that runs BuildKit in a container or elsewhere (docker-container, remote,
 * kubernetes drivers) is an entitlement the build must ask for; the docker driver grants it by itself.
 */
export function networkEntitlement(plan: { network?: string; docker: { engine?: DockerEngine } }): string[] {
  const driver = plan.docker.engine?.builder?.driver;
  return plan.network === 'host' && driver && driver !== 'docker' ? ['--allow', 'network.host'] : [];
}
