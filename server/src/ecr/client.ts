/**
 * The one place that makes ECR SDK clients. Profile: the caller's choice, then AWS_PROFILE, then the SDK
 * default chain. Region: the caller's choice (a setting or --region), then AWS_REGION, then the profile's
 * `region` (AWS_DEFAULT_REGION is deliberately not read: the JS SDK does not read it either, and we never
 * want a silent surprise). The endpoint is left to standard SDK configuration (AWS_ENDPOINT_URL_ECR,
 * AWS_ENDPOINT_URL, `endpoint_url` in the profile) unless a caller passes one explicitly.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { profileRegion } from './profiles';
import { EcrError, regionMissing } from './errors';

export interface EcrConnectionOptions {
  /** Named profile (setting / --profile). Falls back to AWS_PROFILE, then the default chain. */
  profile?: string;
  /** Region (setting / --region). Falls back to AWS_REGION, then the profile's region. */
  region?: string;
  /** Explicit endpoint URL (a user setting); otherwise the SDK's own endpoint configuration applies. */
  endpoint?: string;
  /** SDK retry budget; the SDK default is 3. */
  maxAttempts?: number;
  /** Environment to resolve profile and region from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
}

export type RegionSource = 'setting' | 'AWS_REGION' | 'profile';

export interface EcrConnection {
  /** The profile in use, or undefined for the default chain (environment keys, then [default]). */
  profile?: string;
  region: string;
  regionSource: RegionSource;
  endpoint?: string;
}

export function resolveConnection(options: EcrConnectionOptions = {}): EcrConnection | EcrError {
  const env = options.env ?? process.env;
  const profile = nonEmpty(options.profile) ?? nonEmpty(env.AWS_PROFILE);
  const endpoint = nonEmpty(options.endpoint);
  const fromSetting = nonEmpty(options.region);
  if (fromSetting) return checkedRegion({ profile, region: fromSetting, regionSource: 'setting', endpoint });
  const fromEnv = nonEmpty(env.AWS_REGION);
  if (fromEnv) return checkedRegion({ profile, region: fromEnv, regionSource: 'AWS_REGION', endpoint });
  const fromProfile = nonEmpty(profileRegion(profile ?? 'default', env));
  if (fromProfile) return checkedRegion({ profile, region: fromProfile, regionSource: 'profile', endpoint });
  return regionMissing(profile);
}

/** Region ids look like us-east-1, us-gov-west-1, eu-isoe-west-1 (new regions pass: only the shape is checked). */
const REGION_SHAPE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** A malformed region fails here with where it came from, instead of as a DNS error for api.ecr.<typo>.amazonaws.com. */
function checkedRegion(connection: EcrConnection): EcrConnection | EcrError {
  if (REGION_SHAPE.test(connection.region)) return connection;
  const source = { setting: 'the region setting / --region', AWS_REGION: 'AWS_REGION', profile: `the region of profile '${connection.profile ?? 'default'}'` }[connection.regionSource];
  return {
    ...regionMissing(connection.profile),
    message: `'${connection.region}' (from ${source}) is not an AWS region.`,
    nextStep: 'Use a region id such as us-east-1 or eu-west-1.',
  };
}

/** Makes a client for a resolved connection. Credentials are read lazily, on the first call. */
export function createEcrClient(connection: EcrConnection, options: { maxAttempts?: number } = {}): ECRClient {
  // Loaded on first use: the SDK is ~17 MiB of heap and 70 ms of start-up a language server without AWS never needs.
  // The server bundle maps both packages to dist/aws-sdk.js (scripts/build.mjs), so its source is not even read before.
  const { ECRClient } = require('@aws-sdk/client-ecr') as typeof import('@aws-sdk/client-ecr');
  const { fromNodeProviderChain } = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
  return new ECRClient({
    region: connection.region,
    credentials: fromNodeProviderChain({ profile: connection.profile, ignoreCache: true }),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}

/** Resolve and create in one step; an EcrError when no region can be found. */
export function connectEcr(options: EcrConnectionOptions = {}): { client: ECRClient; connection: EcrConnection } | EcrError {
  const connection = resolveConnection(options);
  if ('kind' in connection) return connection;
  return { client: createEcrClient(connection, { maxAttempts: options.maxAttempts }), connection };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
