import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ecrConsoleUrl, imageTagProblem, isEcrHost, parseEcrImageReference, repositoryNameProblem } from './reference';

const DIGEST = 'sha256:' + 'ab'.repeat(32);

test('a valid private reference parses into its parts with no errors', () => {
  const ref = parseEcrImageReference(`012345678912.dkr.ecr.eu-west-1.amazonaws.com/team/web:v1.2@${DIGEST}`)!;
  assert.equal(ref.kind, 'private');
  assert.equal(ref.account, '012345678912');
  assert.equal(ref.region, 'eu-west-1');
  assert.equal(ref.partition, 'aws');
  assert.equal(ref.repository, 'team/web');
  assert.equal(ref.tag, 'v1.2');
  assert.equal(ref.digest, DIGEST);
  assert.deepEqual(ref.errors, []);
  assert.equal(ref.isPlaceholder, false);
  assert.equal(ecrConsoleUrl(ref), 'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/012345678912/team/web?region=eu-west-1');
});

test('China, FIPS and dual-stack hosts are understood', () => {
  assert.deepEqual(parseEcrImageReference('210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/web')!.errors, []);
  assert.equal(parseEcrImageReference('210987654321.dkr.ecr-fips.us-east-1.amazonaws.com/web')!.fips, true);
  assert.equal(parseEcrImageReference('210987654321.dkr-ecr.us-east-1.on.aws/web')!.dualStack, true);
  const wrongDomain = parseEcrImageReference('210987654321.dkr.ecr.cn-north-1.amazonaws.com/web')!;
  assert.deepEqual(wrongDomain.errors.map((e) => e.field), ['host']);
});

test('malformed account, region, repository, tag and digest are each reported with offsets', () => {
  const raw = '12345.dkr.ecr.us-east-9.amazonaws.com/Web_App:-bad@sha256:xyz';
  const ref = parseEcrImageReference(raw)!;
  const fields = ref.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['account', 'digest', 'region', 'repository', 'tag']);
  const region = ref.errors.find((e) => e.field === 'region')!;
  assert.equal(raw.slice(region.start, region.end), 'us-east-9');
  const repository = ref.errors.find((e) => e.field === 'repository')!;
  assert.equal(raw.slice(repository.start, repository.end), 'Web_App');
  assert.equal(ref.isPlaceholder, false);
  assert.ok(parseEcrImageReference('123456789013.dkr.ecr.us-east-1.amazonaws.com/a--b/c__d')!.errors.length === 0, 'OCI grammar allows -- and __');
  assert.equal(parseEcrImageReference('123456789013.dkr.ecr.us-east-1.amazonaws.com/web_/x')!.errors[0].field, 'repository');
  assert.equal(parseEcrImageReference('123456789013.dkr.ecr.us-east-1.amazonaws.com/web:' + 'a'.repeat(129))!.errors[0].field, 'tag');
});

test('template placeholders are recognised as placeholders', () => {
  const seed = parseEcrImageReference('your_ecr_repository_url/your_image_name:tag')!;
  assert.equal(seed.isPlaceholder, true);
  assert.ok(seed.errors.some((e) => e.field === 'host' && e.placeholder));
  const aws = parseEcrImageReference('your-aws-account-id.dkr.ecr.your-aws-region.amazonaws.com/your-ecr-repository-name:your-image-tag')!;
  assert.equal(aws.isPlaceholder, true);
  assert.deepEqual(aws.errors.map((e) => e.field).sort(), ['account', 'region', 'repository', 'tag']);
  assert.equal(parseEcrImageReference('<aws_account_id>.dkr.ecr.<region>.amazonaws.com/web:latest')!.isPlaceholder, true);
  const example = parseEcrImageReference('123456789012.dkr.ecr.us-east-1.amazonaws.com/web')!;
  assert.equal(example.isPlaceholder, false, 'the docs example account is valid (local stand-ins use it)');
  assert.equal(example.exampleAccount, true);
  assert.deepEqual(example.errors, []);
  assert.equal(parseEcrImageReference('AWS_ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/web')!.isPlaceholder, true);
  assert.equal(parseEcrImageReference('your-ecr-repository-uri:your-image-tag')!.isPlaceholder, true);
});

test('other registries and unresolved variables are not ECR references', () => {
  assert.equal(parseEcrImageReference('python:3.12-slim'), null);
  assert.equal(parseEcrImageReference('ghcr.io/astral-sh/uv:0.9'), null);
  assert.equal(parseEcrImageReference('${AWS_ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com/web'), null);
  assert.equal(parseEcrImageReference('localhost:5000/yourapp'), null);
  assert.equal(parseEcrImageReference('builder'), null);
});

test('ECR Public references and isEcrHost', () => {
  const pub = parseEcrImageReference('public.ecr.aws/docker/library/python:3.13-slim')!;
  assert.equal(pub.kind, 'public');
  assert.equal(pub.registryAlias, 'docker');
  assert.equal(pub.repository, 'library/python');
  assert.deepEqual(pub.errors, []);
  assert.equal(ecrConsoleUrl(pub), 'https://gallery.ecr.aws/docker/library/python');
  assert.equal(isEcrHost('public.ecr.aws'), true);
  assert.equal(isEcrHost('123456789013.dkr.ecr.us-west-2.amazonaws.com'), true);
  assert.equal(isEcrHost('registry-1.docker.io'), false);
});

test('standalone name and tag checks for push', () => {
  assert.equal(repositoryNameProblem('team/web-app'), null);
  assert.equal(repositoryNameProblem('a__b/c--d'), null);
  assert.match(repositoryNameProblem('Web')!, /lowercase/);
  assert.match(repositoryNameProblem('w')!, /2-256/);
  assert.match(repositoryNameProblem('web/')!, /not a valid/);
  assert.equal(imageTagProblem('v1.2_3-rc'), null);
  assert.ok(imageTagProblem('.hidden'));
  assert.ok(imageTagProblem('x'.repeat(129)));
});
