/**
 * AWS regions by partition (botocore partitions.json, 2026-08-07; notes ecr.md §3.6).
 * ECR has endpoints in every one of them. Pseudo-regions (aws-global) are deliberately absent.
 */

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-eusc' | 'aws-iso';

export interface AwsRegion {
  name: string;
  partition: AwsPartition;
  /** Regions launched since 2019 must be enabled per account before any call succeeds. */
  optIn: boolean;
}

const COMMERCIAL = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
];

/** Commercial regions that existed before opt-in regions were introduced (enabled by default). */
const DEFAULT_ENABLED = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1',
]);

export const AWS_REGIONS: readonly AwsRegion[] = [
  ...COMMERCIAL.map((name) => ({ name, partition: 'aws' as const, optIn: !DEFAULT_ENABLED.has(name) })),
  { name: 'us-gov-east-1', partition: 'aws-us-gov', optIn: false },
  { name: 'us-gov-west-1', partition: 'aws-us-gov', optIn: false },
  { name: 'cn-north-1', partition: 'aws-cn', optIn: false },
  { name: 'cn-northwest-1', partition: 'aws-cn', optIn: false },
  { name: 'eusc-de-east-1', partition: 'aws-eusc', optIn: false },
  ...['us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'us-isof-east-1', 'us-isof-south-1', 'eu-isoe-west-1'].map(
    (name) => ({ name, partition: 'aws-iso' as const, optIn: false }),
  ),
];

const BY_NAME = new Map(AWS_REGIONS.map((region) => [region.name, region]));

export function awsRegion(name: string): AwsRegion | undefined {
  return BY_NAME.get(name);
}

export function isKnownAwsRegion(name: string): boolean {
  return BY_NAME.has(name);
}

/** The DNS suffix registry hosts use in a partition. */
export function registryDnsSuffix(partition: AwsPartition): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  if (partition === 'aws-eusc') return 'amazonaws.eu';
  return 'amazonaws.com';
}
