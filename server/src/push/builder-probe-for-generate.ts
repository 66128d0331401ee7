/** The edge half of `generate --builder auto`: ask the docker that will build which builder it has. */
import { probeDocker } from './docker-probe';
import { decideBuilderVariant, type BuilderRequest, type BuilderVariant, type DockerBuilderProbe } from '../generate/builder-variant';

export async function probeDockerBuilder(dockerPath: string, env: NodeJS.ProcessEnv): Promise<DockerBuilderProbe> {
  const info = await probeDocker(dockerPath, env);
  if ('kind' in info) return { reachable: false, dockerPath, problem: info.message.replace(/\.$/, '') };
  return { reachable: true, dockerPath, clientVersion: info.clientVersion, builder: info.builder };
}

/** The variant to generate; probes docker only for `auto`. */
export async function chooseBuilderVariant(request: BuilderRequest, dockerPath: string, env: NodeJS.ProcessEnv): Promise<BuilderVariant> {
  const probe = request === 'auto' ? await probeDockerBuilder(dockerPath, env) : undefined;
  return decideBuilderVariant(request, probe, env);
}
