/** Shapes of the push engine: what the caller asks for, the plan it gets back, the events it hears. */
import type { EcrConnection } from '../ecr/client';
import type { EcrError } from '../ecr/errors';
import type { DockerEngine } from './docker-engine';

export type { BuildxBuilder, DockerContextSource, DockerEngine } from './docker-engine';

export type TagMutabilityChoice = 'MUTABLE' | 'IMMUTABLE';

export interface CreateRepositoryChoice {
  /** Default MUTABLE. */
  imageTagMutability?: TagMutabilityChoice;
  /** Default false. */
  scanOnPush?: boolean;
}

export interface PushOptions {
  /** Build context directory (the CLI's DIR). */
  contextDir: string;
  /** Dockerfile path, absolute or relative to contextDir (default `Dockerfile`). */
  dockerfile?: string;
  /** ECR repository name (not a URI). */
  repository: string;
  /** Tags to push; default: the git short SHA of contextDir (or `latest` outside git). */
  tags?: string[];
  /** Also push `latest`. */
  includeLatest?: boolean;
  profile?: string;
  region?: string;
  /** Explicit ECR API endpoint (a user setting); otherwise standard SDK configuration applies. */
  endpoint?: string;
  /** Target platform, default `linux/amd64` (what Fargate runs by default). */
  platform?: string;
  /** Create the repository when it does not exist (true, or the settings to create it with). */
  create?: boolean | CreateRepositoryChoice;
  /** false: skip the build and push an existing local image (`image`). Default true. */
  build?: boolean;
  /** Local image to push when build is false (default: the name a build would give it). */
  image?: string;
  /** Build arguments; values travel in the docker client's environment, never on its command line. */
  buildArgs?: Record<string, string>;
  /** Build network, e.g. `host` so a build can reach a package index on loopback. */
  network?: string;
  /** Build target stage. */
  target?: string;
  /** The docker executable (default `docker` on PATH). */
  dockerPath?: string;
  /** DOCKER_CONFIG to use (default: the user's). */
  dockerConfigDir?: string;
  /** Use a fresh temporary DOCKER_CONFIG for this push (the fix offered for a broken credsStore). */
  isolatedDockerConfig?: boolean;
  /** Environment for docker and the AWS SDK (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** false: push without the smoke test (run on loopback, check --deploy, platform). Default true. */
  smokeTest?: boolean;
  /** Docker context for every docker command (default: DOCKER_HOST, DOCKER_CONTEXT, then `docker context use`). */
  dockerContext?: string;
  /** buildx builder for the build (default: BUILDX_BUILDER, then buildx's current builder). */
  dockerBuilder?: string;
}

export type BuilderKind = 'buildx' | 'buildkit' | 'legacy';

export interface DockerInfo {
  path: string;
  clientVersion: string;
  serverVersion: string;
  /** Docker daemon architecture in GOARCH form (amd64, arm64). */
  serverArch: string;
  serverOs: string;
  builder: BuilderKind;
  /** The engine (docker context, endpoint, buildx builder) the probe talked to; set for every push plan. */
  engine?: DockerEngine;
}

export interface PushPlan {
  contextDir: string;
  dockerfile: string;
  repository: string;
  tags: string[];
  connection: EcrConnection;
  platform: string;
  create: CreateRepositoryChoice | false;
  build: boolean;
  /** The local image the build produces or the push starts from. */
  localImage: string;
  buildArgs: Record<string, string>;
  network?: string;
  target?: string;
  docker: DockerInfo;
  /** DOCKER_CONFIG for every docker command, when not the user's default. */
  dockerConfigDir?: string;
  /** A temporary DOCKER_CONFIG this plan made (removed by runPush when done). */
  temporaryDockerConfig?: boolean;
  env: NodeJS.ProcessEnv;
  warnings: string[];
  /** Smoke-test the image before anything is pushed (see smoke-test.ts). */
  smokeTest: boolean;
}

export type PlanResult = { ok: true; plan: PushPlan } | { ok: false; error: EcrError };

export type PushPhase = 'repository' | 'check-tags' | 'build' | 'smoke-test' | 'login' | 'tag' | 'push' | 'verify';

export const PUSH_PHASES: readonly PushPhase[] = ['repository', 'check-tags', 'build', 'smoke-test', 'login', 'tag', 'push', 'verify'];

export type PushEvent =
  | { type: 'phase'; phase: PushPhase; message: string }
  /** Once, first: the engine every docker command of this push goes to; `description` is a ready line. */
  | { type: 'engine'; engine: DockerEngine; description: string }
  | { type: 'output'; phase: PushPhase; line: string }
  | { type: 'layer'; tag: string; layer: string; status: string }
  | { type: 'warning'; message: string }
  | { type: 'digest'; tag: string; digest: string; size?: number }
  | { type: 'error'; error: EcrError }
  | { type: 'done'; result: PushSuccess };

export interface PushSuccess {
  repositoryUri: string;
  /** `<repositoryUri>:<first tag>` */
  imageUri: string;
  /** `<repositoryUri>@<digest>`: what to deploy. */
  digestUri: string;
  digest: string;
  tags: string[];
  sizeInBytes?: number;
  pushedAt?: Date;
  durationMs: number;
  repositoryCreated: boolean;
  loginSkipped: boolean;
  /** The engine that built and pushed the image. */
  engine?: DockerEngine;
  /** The repository scans images on push (its findings can be awaited: push/scan-after-push.ts). */
  scanOnPush?: boolean;
  registryId?: string;
}

export type PushResult = ({ ok: true } & PushSuccess) | { ok: false; error: EcrError };

export interface RunPushOptions {
  onEvent?: (event: PushEvent) => void;
  signal?: AbortSignal;
  /** Token cache shared across pushes (default: one per process). */
  tokens?: import('./token-cache').TokenCache;
}
