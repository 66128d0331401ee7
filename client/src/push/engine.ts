/** The client's one door to the push engine (server/src/push, server/src/ecr): no docker or AWS logic here. */
import { connectEcr } from '../../../server/src/ecr/client';
import { ecrListingFromClient } from '../../../server/src/ecr/catalog';
import { fromAwsError, type EcrError } from '../../../server/src/ecr/errors';
import { listAwsProfiles, profileRegion, type AwsProfileInfo } from '../../../server/src/ecr/profiles';
import { AWS_REGIONS } from '../../../server/src/data/aws-regions';
import { push } from '../../../server/src/push/index';
import { describeConfiguredEngine } from '../../../server/src/push/docker-engine-probe';
import { scanAfterPush } from '../../../server/src/push/scan-after-push';
import { summarizeScan } from '../../../server/src/ecr/scan-summary';
import type { ScanReport } from '../../../server/src/ecr/scan-report';
import { imageTagProblem, repositoryNameProblem as nameProblem } from '../../../server/src/push/validate';
import type { CreateRepositoryChoice, PushEvent, PushSuccess } from '../../../server/src/push/types';
import type { PushTarget } from './target';

export type { CreateRepositoryChoice, PushEvent, PushSuccess };

export interface RepositoryChoice {
  name: string;
  uri?: string;
  /** Set when the user chose to create it: the push creates it with these settings. */
  create?: CreateRepositoryChoice;
}

export interface PushRequest {
  dockerfile: string;
  context: string;
  repository: string;
  /** Empty: the engine's default (the git short SHA). */
  tags: string[];
  includeLatest: boolean;
  profile?: string;
  region: string;
  endpoint?: string;
  platform: string;
  buildArgs: Record<string, string>;
  network?: string;
  dockerPath: string;
  /** Docker context and buildx builder (settings djangoContainer.docker.context / .builder). */
  dockerContext?: string;
  dockerBuilder?: string;
  create?: boolean | CreateRepositoryChoice;
  /** A fresh temporary DOCKER_CONFIG for this push (the way round a broken credsStore). */
  isolatedDockerConfig?: boolean;
  /** false: skip the smoke test before the push. */
  smokeTest?: boolean;
}

export function awsProfiles(): AwsProfileInfo[] {
  return listAwsProfiles();
}

export function profileRegionOf(profile: string): string | undefined {
  return profileRegion(profile);
}

export function awsRegionNames(): string[] {
  return AWS_REGIONS.map((r) => r.name);
}

export function tagProblem(tag: string): string | undefined {
  return imageTagProblem(tag) ?? undefined;
}

export function repositoryNameProblem(name: string): string | undefined {
  return nameProblem(name) ?? undefined;
}

export async function listRepositories(target: PushTarget, endpoint?: string): Promise<RepositoryChoice[] | EcrError> {
  const connected = connectEcr({ profile: target.profile, region: target.region, endpoint });
  if ('kind' in connected) return connected;
  try {
    const repositories = await ecrListingFromClient(connected.client).listRepositories();
    return repositories.map((r) => ({ name: r.name, uri: r.uri })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    return fromAwsError(error, { profile: target.profile, region: connected.connection.region, operation: 'DescribeRepositories' });
  } finally {
    connected.client.destroy();
  }
}

export async function runPush(request: PushRequest, onEvent: (event: PushEvent) => void, signal: AbortSignal)
  : Promise<PushSuccess | EcrError> {
  const result = await push({
    contextDir: request.context, dockerfile: request.dockerfile, repository: request.repository,
    tags: request.tags.length ? request.tags : undefined, includeLatest: request.includeLatest,
    profile: request.profile, region: request.region, endpoint: request.endpoint, platform: request.platform,
    create: request.create, isolatedDockerConfig: request.isolatedDockerConfig, buildArgs: request.buildArgs, network: request.network, dockerPath: request.dockerPath,
    smokeTest: request.smokeTest,
    dockerContext: request.dockerContext, dockerBuilder: request.dockerBuilder,
  }, { onEvent, signal });
  return result.ok ? result : result.error;
}

/** The engine a push would use now (context and endpoint; the builder is checked when pushing), for the status bar. */
export function configuredEngine(settings: { dockerPath: string; dockerContext?: string; dockerBuilder?: string }): Promise<string> {
  return describeConfiguredEngine(settings.dockerPath, process.env, { context: settings.dockerContext, builder: settings.dockerBuilder });
}

/** The ECR scan findings of a pushed image (waits for a scan on push), with the summary lines to show. */
export async function scanFindingsOf(request: PushRequest, pushed: PushSuccess, onProgress: (message: string) => void): Promise<{ report: ScanReport; lines: string[] }> {
  const report = await scanAfterPush(pushed, { profile: request.profile, region: request.region, endpoint: request.endpoint }, { onProgress });
  return { report, lines: summarizeScan(report) };
}
