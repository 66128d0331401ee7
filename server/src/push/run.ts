/**
 * runPush: repository → check tags → build → login → tag → push → verify, reported as typed events.
 * Returns a value (never throws for expected failures): the verified digest, or an EcrError.
 */
import * as fs from 'node:fs';
import { DescribeImagesCommand, type ECRClient, type ImageDetail } from '@aws-sdk/client-ecr';
import { createEcrClient } from '../ecr/client';
import { cancelled, fromAwsError, type AwsErrorContext, type EcrError } from '../ecr/errors';
import { brokenHelperFor, dockerConfigDir, readDockerConfig, usesEcrLoginHelper } from './docker-config';
import { classifyRegistryFailure, dockerUnavailable, parsePushLine } from './docker-output';
import { runDocker, type DockerRunResult } from './docker-runner';
import { createRepository, findOrCreateRepository, immutableTagCollision } from './repository';
import { buildFailedError, readBuildFailure } from './build-failure';
import { ecrRegistriesToLogIn, pulledImages, registryHostOf } from './pulled-images';
import { sharedTokenCache, type RegistryToken, type TokenCache } from './token-cache';
import { planPush } from './plan';
import { smokeTestImage } from './smoke-test';
import { describeEngine, networkEntitlement } from './docker-engine';
import type { PushEvent, PushOptions, PushPhase, PushPlan, PushResult, RunPushOptions } from './types';

/** The password part of `scheme://user:password@host` values, for scrubbing output. */
export function credentialsInUrl(value: string): string[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:([^/@]+)@/i.exec(value);
  return match && match[1].length >= 4 ? [match[1], decodeURIComponentSafe(match[1])] : [];
}

function decodeURIComponentSafe(text: string): string {
  try { return decodeURIComponent(text); } catch { return text; }
}

class PushStop {
  constructor(readonly error: EcrError) {}
}

export async function runPush(plan: PushPlan, options: RunPushOptions = {}): Promise<PushResult> {
  const started = Date.now();
  const { signal } = options;
  const tokens = options.tokens ?? sharedTokenCache;
  // Build args may carry credentials (a private index URL with a token): never echo their passwords.
  const secrets: string[] = Object.values(plan.buildArgs).flatMap(credentialsInUrl);
  const emit = (event: PushEvent) => { try { options.onEvent?.(event); } catch { /* a listener's bug must not break the push */ } };
  const phase = (name: PushPhase, message: string) => emit({ type: 'phase', phase: name, message });
  const ctx: AwsErrorContext = { profile: plan.connection.profile, region: plan.connection.region, repository: plan.repository };
  const client = createEcrClient(plan.connection);
  const tokenKey = `${plan.connection.profile ?? ''}|${plan.connection.region}|${plan.connection.endpoint ?? plan.env.AWS_ENDPOINT_URL_ECR ?? ''}`;
  const configDir = dockerConfigDir(plan.env, plan.dockerConfigDir);

  const dockerEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...plan.env, ...extra };
    if (plan.dockerConfigDir) env.DOCKER_CONFIG = plan.dockerConfigDir;
    return env;
  };
  const stopIfCancelled = () => { if (signal?.aborted) throw new PushStop(cancelled()); };
  const aws = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (signal?.aborted) throw new PushStop(cancelled());
      throw new PushStop(fromAwsError(error, { ...ctx, operation }));
    }
  };
  const docker = async (phaseName: PushPhase, args: string[], extra: { env?: Record<string, string>; stdin?: string; onLine?: (line: string) => void } = {}) => {
    const result = await runDocker({
      docker: plan.docker.path, args, env: dockerEnv(extra.env), stdin: extra.stdin, signal, secrets,
      onLine: (line) => { emit({ type: 'output', phase: phaseName, line }); extra.onLine?.(line); },
    });
    if (result.cancelled || signal?.aborted) throw new PushStop(cancelled());
    const unavailable = result.code !== 0 ? dockerUnavailable(result, plan.docker.path) : undefined;
    if (unavailable) throw new PushStop(unavailable);
    return result;
  };

  try {
    if (plan.docker.engine) emit({ type: 'engine', engine: plan.docker.engine, description: describeEngine(plan.docker.engine) });
    for (const warning of plan.warnings) emit({ type: 'warning', message: warning });

    phase('repository', `Looking up repository '${plan.repository}' in ${plan.connection.region}${plan.connection.profile ? ` (profile ${plan.connection.profile})` : ''}`);
    // With --create, a missing repository is created only once the image has built: a failed build leaves nothing behind.
    const lookup = await findOrCreateRepository(client, plan.repository, false, ctx, signal);
    stopIfCancelled();
    const createLater = !lookup.ok && lookup.error.kind === 'repository-missing' && plan.create !== false;
    if (!lookup.ok && !createLater) throw new PushStop(lookup.error);
    let repository = lookup.ok ? lookup.repository : undefined;
    if (createLater) phase('repository', `'${plan.repository}' does not exist yet; it will be created once the image has built`);

    if (repository) {
      phase('check-tags', `Checking tags ${plan.tags.join(', ')}`);
      const collision = await immutableTagCollision(client, repository, plan.tags, ctx, signal);
      stopIfCancelled();
      if (collision) throw new PushStop(collision);
    }

    const baseLogins: string[] = [];
    if (plan.build) {
      const images = pulledImages(fs.readFileSync(plan.dockerfile, 'utf8'), plan.buildArgs);
      if (images.some((image) => registryHostOf(image) !== 'docker.io')) {
        const pushToken = await getToken(tokens, tokenKey, client, signal, aws, secrets, false);
        for (const registry of ecrRegistriesToLogIn(images, { host: pushToken.host, region: plan.connection.region })) {
          phase('login', `Logging in to ${registry.host} before the build: it holds ${registry.images.join(', ')}`);
          const token = registry.region === plan.connection.region ? pushToken : await regionToken(plan, registry.region, tokens, signal, aws, secrets);
          await login(plan, { ...token, host: registry.host }, tokens, configDir, docker, phase, emit, false);
          baseLogins.push(registry.host);
        }
      }
      await build(plan, docker, phase, images, baseLogins);
    } else {
      phase('build', `Using the existing image ${plan.localImage}`);
      const inspect = await docker('build', ['image', 'inspect', '--format', '{{.Id}}', plan.localImage]);
      if (inspect.code !== 0) {
        throw new PushStop({ kind: 'invalid-input', message: `There is no local image '${plan.localImage}' to push.`, nextStep: 'Build it first, or leave out --no-build.' });
      }
    }

    const smokeFailure = await smokeTestImage(plan, { env: dockerEnv(), secrets, signal, emit });
    if (smokeFailure) throw new PushStop(smokeFailure);

    let created = false;
    if (!repository) {
      const made = await createRepository(client, plan.repository, plan.create || {}, ctx, signal);
      stopIfCancelled();
      if (!made.ok) throw new PushStop(made.error);
      repository = made.repository;
      created = made.created;
    }
    const repositoryUri = repository.repositoryUri;
    if (!repositoryUri) throw new PushStop({ kind: 'service-error', message: 'ECR returned the repository without a URI.', nextStep: 'Try again.' });
    if (created) phase('repository', `Created repository ${repositoryUri}`);

    phase('login', 'Getting an ECR registry token');
    let token = await getToken(tokens, tokenKey, client, signal, aws, secrets, false);
    const loginSkipped = await login(plan, token, tokens, configDir, docker, phase, emit, false);

    phase('tag', `Tagging ${plan.tags.map((t) => `${repositoryUri}:${t}`).join(', ')}`);
    for (const tag of plan.tags) {
      const tagged = await docker('tag', ['tag', plan.localImage, `${repositoryUri}:${tag}`]);
      if (tagged.code !== 0) throw new PushStop({ kind: 'invalid-input', detail: tagged.stderr.trim(), message: `Could not tag ${plan.localImage} as ${repositoryUri}:${tag}.`, nextStep: 'See the output for details.' });
    }

    let digest: string | undefined;
    let reloggedIn = false;
    for (const tag of plan.tags) {
      const image = `${repositoryUri}:${tag}`;
      for (;;) {
        phase('push', `Pushing ${image}`);
        let pushed: string | undefined;
        const result = await docker('push', ['push', image], {
          onLine: (line) => {
            const parsed = parsePushLine(line);
            if (parsed?.kind === 'layer') emit({ type: 'layer', tag, layer: parsed.layer!, status: parsed.status! });
            if (parsed?.kind === 'digest') {
              pushed = parsed.digest;
              emit({ type: 'digest', tag, digest: parsed.digest!, size: parsed.size });
            }
          },
        });
        if (result.code === 0) {
          digest ??= pushed;
          break;
        }
        const failure = classifyRegistryFailure(result, { dockerPath: plan.docker.path, repository: plan.repository, tag, host: token.host });
        if ((failure.kind === 'token-expired' || failure.kind === 'registry-auth') && !reloggedIn && !loginSkipped) {
          // ECR tokens last 12 h and can lapse during a long push: log in once more and retry this tag.
          reloggedIn = true;
          emit({ type: 'warning', message: `${failure.message} Logging in again and retrying.` });
          tokens.invalidate(tokenKey);
          token = await getToken(tokens, tokenKey, client, signal, aws, secrets, true);
          await login(plan, token, tokens, configDir, docker, phase, emit, true);
          continue;
        }
        throw new PushStop(failure);
      }
    }
    if (!digest) throw new PushStop({ kind: 'push-failed', message: 'docker push finished without reporting a digest.', nextStep: 'See the output and try again.' });

    phase('verify', `Verifying ${plan.tags[0]} in ECR`);
    const detail = await describePushedImage(client, plan, ctx, signal);
    if (!detail || detail.imageDigest !== digest) {
      throw new PushStop({
        kind: 'verify-failed', repository: plan.repository, tag: plan.tags[0],
        message: `ECR reports ${detail?.imageDigest ?? 'no image'} for '${plan.tags[0]}', but docker pushed ${digest}.`,
        nextStep: 'Someone else may have pushed the same tag at the same time; push again with a unique tag.',
      });
    }
    const success = {
      repositoryUri,
      imageUri: `${repositoryUri}:${plan.tags[0]}`,
      digestUri: `${repositoryUri}@${digest}`,
      digest,
      tags: plan.tags,
      sizeInBytes: detail.imageSizeInBytes,
      pushedAt: detail.imagePushedAt,
      durationMs: Date.now() - started,
      repositoryCreated: created,
      loginSkipped,
      engine: plan.docker.engine,
      scanOnPush: repository.imageScanningConfiguration?.scanOnPush === true,
      registryId: repository.registryId,
    };
    emit({ type: 'done', result: success });
    return { ok: true, ...success };
  } catch (error) {
    const failure = error instanceof PushStop ? error.error
      : signal?.aborted ? cancelled()
        : { kind: 'unknown' as const, message: `Push failed: ${(error as Error)?.message ?? String(error)}`, nextStep: 'See the output for details.' };
    emit({ type: 'error', error: failure });
    return { ok: false, error: failure };
  } finally {
    client.destroy();
    if (plan.temporaryDockerConfig && plan.dockerConfigDir) fs.rmSync(plan.dockerConfigDir, { recursive: true, force: true });
  }
}

async function describePushedImage(client: ECRClient, plan: PushPlan, ctx: AwsErrorContext, signal?: AbortSignal): Promise<ImageDetail | undefined> {
  try {
    const described = await client.send(new DescribeImagesCommand({
      repositoryName: plan.repository, imageIds: [{ imageTag: plan.tags[0] }],
    }), { abortSignal: signal });
    return described.imageDetails?.[0];
  } catch (error) {
    if (signal?.aborted) throw new PushStop(cancelled());
    const classified = fromAwsError(error, { ...ctx, tag: plan.tags[0], operation: 'DescribeImages' });
    if (classified.kind === 'image-missing') return undefined; // reported as a verification failure by the caller
    throw new PushStop(classified);
  }
}

type DockerCall = (phase: PushPhase, args: string[], extra?: { env?: Record<string, string>; stdin?: string; onLine?: (line: string) => void }) => Promise<DockerRunResult>;
type AwsCall = <T>(operation: string, call: () => Promise<T>) => Promise<T>;

function buildArgv(plan: PushPlan): { args: string[]; env: Record<string, string> } {
  const common = ['--platform', plan.platform, '-f', plan.dockerfile, '-t', plan.localImage];
  if (plan.network) common.push('--network', plan.network);
  if (plan.target) common.push('--target', plan.target);
  // Values stay in the environment: `--build-arg NAME` makes docker read NAME from it (index URLs may hold tokens).
  for (const name of Object.keys(plan.buildArgs)) common.push('--build-arg', name);
  const env: Record<string, string> = { ...plan.buildArgs };
  switch (plan.docker.builder) {
    case 'buildx':
      return { args: ['buildx', 'build', '--load', '--provenance=false', '--progress', 'plain', ...networkEntitlement(plan), ...common, plan.contextDir], env };
    case 'buildkit':
      return { args: ['build', '--progress', 'plain', ...common, plan.contextDir], env: { ...env, DOCKER_BUILDKIT: '1' } };
    default:
      return { args: ['build', ...common, plan.contextDir], env: { ...env, DOCKER_BUILDKIT: '0' } };
  }
}

async function build(plan: PushPlan, docker: DockerCall, phase: (p: PushPhase, m: string) => void, images: string[], loggedIn: string[]): Promise<void> {
  phase('build', `Building ${plan.platform} image from ${plan.dockerfile} (${plan.docker.builder === 'legacy' ? 'classic builder' : 'BuildKit'})`);
  const { args, env } = buildArgv(plan);
  const tail: string[] = [];
  const result = await docker('build', args, {
    env,
    onLine: (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
    },
  });
  if (result.code === 0) return;
  const failure = readBuildFailure(`${result.stdout}\n${result.stderr}`, images);
  throw new PushStop(buildFailedError(failure, result.code, tail.join('\n'), { hosts: loggedIn, profile: plan.connection.profile }));
}

/** A registry token from another region (a base image in eu-west-1 while pushing to us-east-1). */
async function regionToken(
  plan: PushPlan, region: string, tokens: TokenCache, signal: AbortSignal | undefined, aws: AwsCall, secrets: string[],
): Promise<RegistryToken> {
  const client = createEcrClient({ ...plan.connection, region });
  try {
    const key = `${plan.connection.profile ?? ''}|${region}|${plan.connection.endpoint ?? plan.env.AWS_ENDPOINT_URL_ECR ?? ''}`;
    return await getToken(tokens, key, client, signal, aws, secrets, false);
  } finally {
    client.destroy();
  }
}

async function getToken(
  tokens: TokenCache, key: string, client: ECRClient, signal: AbortSignal | undefined, aws: AwsCall, secrets: string[], forceFresh: boolean,
): Promise<RegistryToken> {
  if (forceFresh) tokens.invalidate(key);
  const { token } = await aws('GetAuthorizationToken', () => tokens.get(key, client, signal));
  secrets.push(token.password, Buffer.from(`${token.username}:${token.password}`).toString('base64'));
  return token;
}

/** Logs docker in to the registry unless the docker config already uses the ECR credential helper. Returns true when skipped. */
async function login(
  plan: PushPlan, token: RegistryToken, tokens: TokenCache, configDir: string, docker: DockerCall,
  phase: (p: PushPhase, m: string) => void, emit: (e: PushEvent) => void, force: boolean,
): Promise<boolean> {
  const config = readDockerConfig(configDir);
  if (usesEcrLoginHelper(config, token.host) && !brokenHelperFor(config, token.host, plan.env)) {
    phase('login', `Docker uses the ECR credential helper for ${token.host}; no login needed`);
    return true;
  }
  const broken = brokenHelperFor(config, token.host, plan.env);
  if (broken) {
    throw new PushStop({
      kind: 'creds-store-broken', cause: 'credHelpers',
      message: `Your docker config maps ${token.host} to the credential helper '${broken}', but docker-credential-${broken} is not installed.`,
      nextStep: `Install docker-credential-${broken}, remove the entry from ${configDir}/config.json, or push with an isolated docker config.`,
    });
  }
  if (!force && tokens.isLoggedIn(configDir, token)) {
    phase('login', `Already logged in to ${token.host}`);
    return false;
  }
  phase('login', `Logging in to ${token.host}`);
  const result = await docker('login', ['login', '--username', token.username, '--password-stdin', token.host], { stdin: `${token.password}\n` });
  if (result.code !== 0) {
    throw new PushStop(classifyRegistryFailure(result, { dockerPath: plan.docker.path, repository: plan.repository, host: token.host }));
  }
  tokens.markLoggedIn(configDir, token);
  emit({ type: 'output', phase: 'login', line: `Logged in to ${token.host}` });
  return false;
}

/** planPush then runPush, for callers that need no look at the plan in between. */
export async function push(options: PushOptions, runOptions: RunPushOptions = {}): Promise<PushResult> {
  const planned = await planPush(options, { signal: runOptions.signal });
  if (!planned.ok) {
    try { runOptions.onEvent?.({ type: 'error', error: planned.error }); } catch { /* listener bug */ }
    return planned;
  }
  return runPush(planned.plan, runOptions);
}
