/** The ECR stand-in's API, driven by the real @aws-sdk/client-ecr: SigV4, validation, pagination, errors. */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  BatchGetImageCommand, CreateRepositoryCommand, DeleteRepositoryCommand, DescribeImageScanFindingsCommand, DescribeImagesCommand, DescribeRepositoriesCommand,
  ECRClient, GetAuthorizationTokenCommand, ListImagesCommand, paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import { EcrStandIn, startEcrStandIn } from '../../support/ecr-standin';
import { fromAwsError } from '../../../server/src/ecr/errors';

const KEY = 'AKIDSTANDINTEST01';
const SECRET = 'standin-test-secret-01';

function clientFor(ecr: EcrStandIn, overrides: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; region?: string; maxAttempts?: number } = {}) {
  return new ECRClient({
    endpoint: ecr.endpoint,
    region: overrides.region ?? ecr.region,
    maxAttempts: overrides.maxAttempts ?? 1,
    credentials: {
      accessKeyId: overrides.accessKeyId ?? KEY,
      secretAccessKey: overrides.secretAccessKey ?? SECRET,
      ...(overrides.sessionToken ? { sessionToken: overrides.sessionToken } : {}),
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the call to fail');
}

describe('ECR stand-in API', () => {
  let ecr: EcrStandIn;
  let client: ECRClient;

  before(async () => {
    ecr = await startEcrStandIn({
      keys: {
        [KEY]: { secret: SECRET },
        ASIASESSION01: { secret: 'session-secret', sessionToken: 'session-token-01', expiresAt: Date.now() + 60 * 60 * 1000 },
        AKIDDENIED01: { secret: 'denied-secret', denyActions: ['GetAuthorizationToken', 'CreateRepository'] },
      },
    });
    client = clientFor(ecr);
  });
  after(async () => { client.destroy(); await ecr.stop(); });

  it('creates and describes a repository with defaults and a URI from the registry host', async () => {
    const created = await client.send(new CreateRepositoryCommand({ repositoryName: 'myapp/web' }));
    assert.equal(created.repository?.repositoryName, 'myapp/web');
    assert.equal(created.repository?.registryId, '123456789012');
    assert.equal(created.repository?.imageTagMutability, 'MUTABLE');
    assert.deepEqual(created.repository?.encryptionConfiguration, { encryptionType: 'AES256' });
    assert.equal(created.repository?.repositoryUri, '123456789012.dkr.ecr.us-east-1.amazonaws.com/myapp/web');
    assert.equal(created.repository?.repositoryArn, 'arn:aws:ecr:us-east-1:123456789012:repository/myapp/web');
    assert.ok(created.repository?.createdAt instanceof Date);
    const described = await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['myapp/web'] }));
    assert.equal(described.repositories?.length, 1);
    assert.equal(described.repositories?.[0].repositoryUri, created.repository?.repositoryUri);
  });

  it('refuses an existing name and names a missing one', async () => {
    const exists = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'myapp/web' })));
    assert.equal(exists.name, 'RepositoryAlreadyExistsException');
    assert.equal(exists.message, "The repository with name 'myapp/web' already exists in the registry with id '123456789012'");
    const missing = await rejection(client.send(new DescribeRepositoriesCommand({ repositoryNames: ['myapp/web', 'nope'] })));
    assert.equal(missing.name, 'RepositoryNotFoundException');
    assert.equal(missing.message, "The repository with name 'nope' does not exist in the registry with id '123456789012'");
    assert.equal(missing.$metadata?.httpStatusCode, 400);
    assert.equal(fromAwsError(missing, { repository: 'nope' }).kind, 'repository-missing');
  });

  it('validates names, enums and parameter combinations like the service', async () => {
    const upper = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'MyApp' })));
    assert.equal(upper.name, 'InvalidParameterException');
    assert.match(upper.message, /must satisfy regular expression '\(\?:\[a-z0-9\]\+/);
    const short = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'a' })));
    assert.equal(short.message, "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must have length greater than or equal to 2'");
    const mutability = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'ok-name', imageTagMutability: 'SOMETIMES' as never })));
    assert.equal(mutability.name, 'InvalidParameterException');
    const noFilters = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'ok-name', imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' })));
    assert.equal(noFilters.name, 'InvalidParameterException');
    const combined = await rejection(client.send(new DescribeRepositoriesCommand({ repositoryNames: ['myapp/web'], maxResults: 5 })));
    assert.equal(combined.name, 'InvalidParameterException');
    const tooMany = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: 'ok-name', tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })));
    assert.equal(tooMany.name, 'TooManyTagsException');
    // The newer OCI grammar allows double underscores and runs of dashes.
    const oci = await client.send(new CreateRepositoryCommand({ repositoryName: 'a__b--c' }));
    assert.equal(oci.repository?.repositoryName, 'a__b--c');
  });

  it('paginates more than 100 repositories with opaque tokens', async () => {
    for (let i = 0; i < 230; i++) ecr.createRepository(`bulk/repo-${String(i).padStart(3, '0')}`);
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateDescribeRepositories({ client }, {})) {
      pages.push(page.repositories?.length ?? 0);
      names.push(...(page.repositories ?? []).map((r) => r.repositoryName!));
    }
    assert.equal(pages.length, 3);
    assert.equal(pages[0], 100);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('bulk/repo-229') && names.includes('myapp/web'));
    const first = await client.send(new DescribeRepositoriesCommand({ maxResults: 10 }));
    assert.ok(first.nextToken);
    const tampered = `${first.nextToken!.slice(0, -3)}xyz`;
    const bad = await rejection(client.send(new DescribeRepositoriesCommand({ nextToken: tampered })));
    assert.equal(bad.name, 'InvalidParameterException');
    const last = await client.send(new DescribeRepositoriesCommand({ maxResults: 1000 }));
    assert.equal(last.nextToken, undefined);
  });

  it('issues long, unique registry tokens and a proxy endpoint', async () => {
    const a = await client.send(new GetAuthorizationTokenCommand({}));
    const b = await client.send(new GetAuthorizationTokenCommand({}));
    const data = a.authorizationData![0];
    const decoded = Buffer.from(data.authorizationToken!, 'base64').toString('utf8');
    assert.ok(decoded.startsWith('AWS:'));
    const password = decoded.slice(4);
    assert.ok(password.length >= 1500, `password length ${password.length}`);
    const other = Buffer.from(b.authorizationData![0].authorizationToken!, 'base64').toString('utf8').slice(4);
    assert.notEqual(password.slice(0, 72), other.slice(0, 72));
    assert.equal(data.proxyEndpoint, 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com');
    const hours = (data.expiresAt!.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12, `expires in ${hours} h`);
    const badIds = await rejection(client.send(new GetAuthorizationTokenCommand({ registryIds: ['12'] })));
    assert.equal(badIds.name, 'InvalidParameterException');
  });

  it('describes, lists and fetches images; a re-tag leaves the old image untagged', async () => {
    ecr.createRepository('images/app');
    const first = ecr.seedImage('images/app', ['v1', 'latest']);
    const second = ecr.seedImage('images/app', ['v2', 'latest']);
    const byTag = await client.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'latest' }] }));
    assert.equal(byTag.imageDetails?.[0].imageDigest, second);
    assert.deepEqual(byTag.imageDetails?.[0].imageTags?.sort(), ['latest', 'v2']);
    assert.equal(byTag.imageDetails?.[0].imageSizeInBytes, 2048);
    const listed = await client.send(new ListImagesCommand({ repositoryName: 'images/app' }));
    assert.equal(listed.imageIds?.length, 3);
    const notFound = await rejection(client.send(new DescribeImagesCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v9' }] })));
    assert.equal(notFound.name, 'ImageNotFoundException');
    assert.equal(notFound.message, "The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'images/app' in the registry with id '123456789012'");
    const got = await client.send(new BatchGetImageCommand({ repositoryName: 'images/app', imageIds: [{ imageTag: 'v1' }, { imageTag: 'nope' }, { imageTag: 'v2', imageDigest: first }] }));
    assert.equal(got.images?.length, 1);
    assert.equal(JSON.parse(got.images![0].imageManifest!).schemaVersion, 2);
    assert.deepEqual(got.failures?.map((f) => f.failureCode), ['ImageNotFound', 'ImageTagDoesNotMatchDigest']);
    const untagged = await client.send(new DescribeImagesCommand({ repositoryName: 'images/app', filter: { tagStatus: 'UNTAGGED' } }));
    assert.equal(untagged.imageDetails?.length, 0);
    const notEmpty = await rejection(client.send(new DeleteRepositoryCommand({ repositoryName: 'images/app' })));
    assert.equal(notEmpty.name, 'RepositoryNotEmptyException');
    await client.send(new DeleteRepositoryCommand({ repositoryName: 'images/app', force: true }));
  });

  it('scans on push when asked: IN_PROGRESS, then COMPLETE with the seeded findings, paginated', async () => {
    await client.send(new CreateRepositoryCommand({ repositoryName: 'scan/app', imageScanningConfiguration: { scanOnPush: true } }));
    ecr.seedFindings('scan/app', 'v1', [
      { name: 'CVE-2026-0001', severity: 'HIGH', uri: 'https://example.invalid/CVE-2026-0001', attributes: [{ key: 'package_name', value: 'openssl' }] },
      { name: 'CVE-2026-0002', severity: 'MEDIUM' },
      { name: 'CVE-2026-0003', severity: 'MEDIUM' },
    ]);
    ecr.setScanDelay(60_000);
    const digest = ecr.seedImage('scan/app', ['v1']);
    const pending = await client.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scan/app', imageId: { imageTag: 'v1' } }));
    assert.equal(pending.imageScanStatus?.status, 'IN_PROGRESS');
    ecr.clock.advance(60_000);
    const first = await client.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scan/app', imageId: { imageTag: 'v1' }, maxResults: 2 }));
    assert.equal(first.imageScanStatus?.status, 'COMPLETE');
    assert.equal(first.imageId?.imageDigest, digest);
    assert.deepEqual(first.imageScanFindings?.findingSeverityCounts, { HIGH: 1, MEDIUM: 2 });
    assert.deepEqual(first.imageScanFindings?.findings?.map((f) => f.name), ['CVE-2026-0001', 'CVE-2026-0002']);
    const second = await client.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scan/app', imageId: { imageTag: 'v1' }, nextToken: first.nextToken }));
    assert.deepEqual(second.imageScanFindings?.findings?.map((f) => f.name), ['CVE-2026-0003']);
    assert.equal(second.nextToken, undefined);
    ecr.setScanDelay(0);
    ecr.createRepository('scan/none');
    ecr.seedImage('scan/none', ['v1']);
    const none = await rejection(client.send(new DescribeImageScanFindingsCommand({ repositoryName: 'scan/none', imageId: { imageTag: 'v1' } })));
    assert.equal(none.name, 'ScanNotFoundException');
    assert.equal(none.message, "Image scan does not exist for the image with '{imageDigest:'null', imageTag:'v1'}' in the repository with name 'scan/none' in the registry with id '123456789012'");
  });

  describe('SigV4 and identity', () => {
    it('rejects a wrong secret with the signature-mismatch text', async () => {
      const bad = clientFor(ecr, { secretAccessKey: 'not-the-secret' });
      const error = await rejection(bad.send(new DescribeRepositoriesCommand({})));
      assert.equal(error.name, 'InvalidSignatureException');
      assert.match(error.message, /^The request signature we calculated does not match the signature you provided/);
      assert.equal(fromAwsError(error).kind, 'credentials-invalid');
    });

    it('rejects a request scoped to another region', async () => {
      const wrong = clientFor(ecr, { region: 'eu-west-1' });
      const error = await rejection(wrong.send(new DescribeRepositoriesCommand({})));
      assert.equal(error.name, 'InvalidSignatureException');
      assert.equal(error.message, "Credential should be scoped to a valid region, not 'eu-west-1'. ");
    });

    it('rejects an unknown access key', async () => {
      const unknown = clientFor(ecr, { accessKeyId: 'AKIDUNKNOWN000' });
      const error = await rejection(unknown.send(new GetAuthorizationTokenCommand({})));
      assert.equal(error.name, 'UnrecognizedClientException');
      assert.equal(error.message, 'The security token included in the request is invalid.');
      assert.equal(fromAwsError(error, { profile: 'dev' }).kind, 'credentials-invalid');
    });

    it('accepts a session until it expires, then reports ExpiredTokenException', async () => {
      const session = clientFor(ecr, { accessKeyId: 'ASIASESSION01', secretAccessKey: 'session-secret', sessionToken: 'session-token-01' });
      await session.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
      ecr.clock.advance(2 * 60 * 60 * 1000);
      const error = await rejection(session.send(new DescribeRepositoriesCommand({ maxResults: 1 })));
      assert.equal(error.name, 'ExpiredTokenException');
      assert.equal(fromAwsError(error).kind, 'credentials-expired');
    });

    it('denies actions with the IAM action in the message', async () => {
      const denied = clientFor(ecr, { accessKeyId: 'AKIDDENIED01', secretAccessKey: 'denied-secret' });
      const error = await rejection(denied.send(new GetAuthorizationTokenCommand({})));
      assert.equal(error.name, 'AccessDeniedException');
      assert.match(error.message, /is not authorized to perform: ecr:GetAuthorizationToken on resource: \*/);
      const classified = fromAwsError(error);
      assert.equal(classified.kind, 'access-denied');
      assert.equal(classified.action, 'ecr:GetAuthorizationToken');
      await denied.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    });

    it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
      const res = await fetch(ecr.endpoint, {
        method: 'POST', body: '{}',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      assert.deepEqual(await res.json(), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    });
  });

  describe('fault injection', () => {
    it('injects a server error that the SDK retries', async () => {
      const retrying = clientFor(ecr, { maxAttempts: 3 });
      const before = ecr.calls.DescribeRepositories ?? 0;
      ecr.failNext('DescribeRepositories', 'ServerException', 500, 1);
      const result = await retrying.send(new DescribeRepositoriesCommand({ repositoryNames: ['myapp/web'] }));
      assert.equal(result.repositories?.length, 1);
      assert.equal((ecr.calls.DescribeRepositories ?? 0) - before, 2);
    });

    it('slows responses down on request', async () => {
      ecr.setLatency(300);
      const started = Date.now();
      await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['myapp/web'] }));
      ecr.setLatency(0);
      assert.ok(Date.now() - started >= 290);
    });
  });
});
