/**
 * planPush: everything that can be checked locally, before any AWS call or build: names and tags, files,
 * region, docker and its builder, the docker config's credential store, the platform.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile } from '../dockerfile/model';
import { resolveConnection } from '../ecr/client';
import { invalidInput, type EcrError } from '../ecr/errors';
import { brokenHelperFor, dockerConfigDir, makeIsolatedDockerConfig, readDockerConfig } from './docker-config';
import { buildKitOnlyFeatures } from './buildkit-features';
import { platformWarning } from './docker-probe';
import { probeDockerEngine } from './docker-engine-probe';
import type { CreateRepositoryChoice, PlanResult, PushOptions } from './types';
import { imageTagProblem, platformProblem, repositoryNameProblem } from './validate';

export const DEFAULT_PLATFORM = 'linux/amd64';
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function fail(error: EcrError): PlanResult {
  return { ok: false, error };
}

/** The short commit id of the repository containing `dir`, if it is in one. */
export function gitShortSha(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, env, timeout: 5000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}

export async function planPush(options: PushOptions, control: { signal?: AbortSignal } = {}): Promise<PlanResult> {
  const env = options.env ?? process.env;
  const warnings: string[] = [];

  const repository = options.repository?.trim() ?? '';
  const nameProblem = repositoryNameProblem(repository);
  if (nameProblem) return fail({ ...invalidInput(nameProblem, 'Give the ECR repository name, e.g. --repository myapp/web.'), repository });

  for (const tag of options.tags ?? []) {
    const problem = imageTagProblem(tag);
    if (problem) return fail({ ...invalidInput(problem, 'Use a tag like v1.2.3 or the git commit id.'), tag });
  }
  const platform = options.platform?.trim() || DEFAULT_PLATFORM;
  const platformIssue = platformProblem(platform);
  if (platformIssue) return fail(invalidInput(platformIssue, 'Use linux/amd64 (Fargate default) or linux/arm64 (Graviton).'));
  const buildArgs = { ...(options.buildArgs ?? {}) };
  for (const name of Object.keys(buildArgs)) {
    if (!BUILD_ARG_NAME.test(name)) return fail(invalidInput(`'${name}' is not a valid build argument name.`, 'Use NAME=VALUE with a name of letters, digits and _.'));
  }
  if (options.network !== undefined && !NETWORK.test(options.network)) {
    return fail(invalidInput(`'${options.network}' is not a docker network name.`, 'Use host, none, default or the name of a docker network.'));
  }

  const contextDir = path.resolve(options.contextDir);
  if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
    return fail(invalidInput(`The build context ${contextDir} is not a folder.`, 'Point to the folder that holds your Dockerfile and manage.py.'));
  }
  const build = options.build !== false;
  const dockerfile = path.resolve(contextDir, options.dockerfile ?? 'Dockerfile');
  if (build) {
    const stat = statOrUndefined(dockerfile);
    if (!stat) return fail(invalidInput(`No Dockerfile at ${dockerfile}.`, 'Generate one (django-container generate) or pass --dockerfile.'));
    // A folder or a FIFO in place of the Dockerfile: reading a FIFO would block the push forever.
    if (!stat.isFile()) return fail(invalidInput(`${dockerfile} is not a regular file.`, 'Pass the Dockerfile itself with --dockerfile.'));
    if (options.target) {
      const stages = parseDockerfile(fs.readFileSync(dockerfile, 'utf8')).stages.flatMap((stage) => (stage.name ? [stage.name] : []));
      if (!stages.includes(options.target.toLowerCase())) {
        return fail(invalidInput(
          `The Dockerfile has no stage named '${options.target}'${stages.length ? ` (stages: ${stages.join(', ')})` : ' (no stage has an AS name)'}.`,
          'Pass one of its stage names with --target, or leave --target out to build the final stage.',
        ));
      }
    }
  }

  let tags = [...new Set(options.tags ?? [])];
  if (tags.length === 0) {
    const sha = await gitShortSha(contextDir, env);
    if (sha) tags.push(sha);
    else {
      tags.push('latest');
      warnings.push(`${contextDir} is not in a git repository, so the image is tagged 'latest' only; pass --tag to name it.`);
    }
  }
  if (options.includeLatest && !tags.includes('latest')) tags = [...tags, 'latest'];

  const connection = resolveConnection({ profile: options.profile, region: options.region, endpoint: options.endpoint, env });
  if ('kind' in connection) return fail(connection);

  const dockerPath = options.dockerPath?.trim() || 'docker';
  // The context and builder decide which engine builds, tags and pushes; every docker command then runs with probed.env.
  const probed = await probeDockerEngine(dockerPath, env, { context: options.dockerContext, builder: options.dockerBuilder, configDir: options.dockerConfigDir }, control.signal);
  if ('kind' in probed) return fail(probed);
  const { docker } = probed;
  if (build) {
    const warning = platformWarning(docker, platform);
    if (warning) warnings.push(warning);
    if (docker.builder === 'legacy') {
      const needsBuildKit = buildKitOnlyFeatures(fs.readFileSync(dockerfile, 'utf8'));
      if (needsBuildKit.length) {
        return fail({
          kind: 'invalid-input', cause: 'buildkit-required',
          message: `This Dockerfile needs BuildKit (${needsBuildKit.slice(0, 3).join('; ')}), but ${dockerPath} (client ${docker.clientVersion}) has no buildx plugin, so it would use the classic builder and fail.`,
          nextStep: 'Install the docker buildx plugin, point the docker path setting at a docker that has it, or regenerate the Dockerfile for the classic builder (django-container generate --builder classic --force, or the djangoContainer.generate.builder setting).',
        });
      }
    }
  }

  const userConfig = readDockerConfig(dockerConfigDir(env, options.dockerConfigDir));
  let configDir = options.dockerConfigDir ?? env.DOCKER_CONFIG;
  let temporaryDockerConfig = false;
  if (options.isolatedDockerConfig) {
    configDir = makeIsolatedDockerConfig(userConfig);
    temporaryDockerConfig = true;
  } else {
    const broken = brokenHelperFor(userConfig, undefined, env);
    if (broken) {
      return fail({
        kind: 'creds-store-broken', cause: 'credsStore',
        message: `Your docker config (${path.join(userConfig.dir, 'config.json')}) sets "credsStore": "${broken}", but docker-credential-${broken} is not installed here, so docker cannot save or read the ECR login.`,
        nextStep: `Remove "credsStore" from that file, install docker-credential-${broken}, or push with an isolated docker config for this push (--isolated-docker-config).`,
      });
    }
  }

  const create: CreateRepositoryChoice | false = options.create === true ? {} : options.create ? options.create : false;
  return {
    ok: true,
    plan: {
      contextDir, dockerfile, repository, tags, connection, platform, create, build,
      localImage: options.image?.trim() || `dct-local/${repository}:${tags[0]}`,
      buildArgs, network: options.network, target: options.target,
      docker, dockerConfigDir: configDir, temporaryDockerConfig, env: probed.env, warnings,
      smokeTest: options.smokeTest !== false,
    },
  };
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
