/**
 * The ECR stand-in's registry side against the real docker CLI: Basic auth with issued tokens only,
 * NAME_UNKNOWN for repositories never created, DENIED for expired tokens, and DescribeImages/BatchGetImage
 * reporting exactly what docker pushed.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BatchGetImageCommand, DeleteRepositoryCommand, DescribeImagesCommand, ECRClient, GetAuthorizationTokenCommand, ListImagesCommand } from '@aws-sdk/client-ecr';
import { runDocker } from '../../server/src/push/docker-runner';
import * as docker from '../support/docker';
import { loadTestbed } from '../support/testbed';
import { EcrStandIn, startEcrStandIn } from '../support/ecr-standin';

describe('ECR stand-in registry with the real docker CLI', () => {
  let ecr: EcrStandIn;
  let sdk: ECRClient;
  let work: string;
  let dockerPath: string;
  const images: string[] = [];

  before(async () => {
    dockerPath = loadTestbed().dockerPlainClient;
    ecr = await startEcrStandIn({ registry: true, keys: { AKIDREGISTRY0001: { secret: 'registry-secret' } } });
    sdk = new ECRClient({ endpoint: ecr.endpoint, region: ecr.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDREGISTRY0001', secretAccessKey: 'registry-secret' } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-standin-registry-'));
    const context = path.join(work, 'ctx');
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY data.bin /data.bin\n');
    fs.writeFileSync(path.join(context, 'data.bin'), crypto.randomBytes(64 * 1024));
    for (const ref of ['ghost/app:v1', 'real/app:v1']) {
      const image = `${ecr.registryHost}/${ref}`;
      const built = await docker.docker(['build', '-t', image, context]);
      assert.equal(built.code, 0, built.output);
      images.push(image);
    }
  });
  after(async () => {
    for (const image of images) await docker.removeImage(image);
    sdk?.destroy();
    await ecr?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const freshConfig = () => fs.mkdtempSync(path.join(work, 'docker-config-'));
  const run = (config: string, args: string[], stdin?: string) =>
    runDocker({ docker: dockerPath, args, stdin, env: { ...process.env, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '0' } });
  async function login(config: string): Promise<string> {
    const token = await sdk.send(new GetAuthorizationTokenCommand({}));
    const data = token.authorizationData![0];
    const password = Buffer.from(data.authorizationToken!, 'base64').toString('utf8').slice('AWS:'.length);
    const host = data.proxyEndpoint!.replace(/^http:\/\//, '');
    assert.equal(host, ecr.registryHost);
    const result = await run(config, ['login', '--username', 'AWS', '--password-stdin', host], password);
    assert.equal(result.code, 0, result.stderr);
    return password;
  }

  it('refuses pushes without credentials and logins with unknown passwords', async () => {
    ecr.createRepository('real/app');
    const config = freshConfig();
    const anonymous = await run(config, ['push', `${ecr.registryHost}/real/app:v1`]);
    assert.notEqual(anonymous.code, 0);
    assert.match(anonymous.stderr, /no basic auth credentials/);
    const wrong = await run(config, ['login', '--username', 'AWS', '--password-stdin', ecr.registryHost!], 'not-an-issued-token');
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /401 Unauthorized/);
  });

  it('answers NAME_UNKNOWN for a repository that was never created', async () => {
    const config = freshConfig();
    await login(config);
    const result = await run(config, ['push', `${ecr.registryHost}/ghost/app:v1`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /name unknown: The repository with name 'ghost\/app' does not exist in the registry with id '123456789012'/);
  });

  it('records what docker pushed: DescribeImages, ListImages and BatchGetImage agree with the pushed digest', async () => {
    const config = freshConfig();
    await login(config);
    const pushed = await run(config, ['push', `${ecr.registryHost}/real/app:v1`]);
    assert.equal(pushed.code, 0, pushed.stderr);
    const digest = /v1: digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1];
    assert.ok(digest, pushed.stdout);
    const described = await sdk.send(new DescribeImagesCommand({ repositoryName: 'real/app' }));
    assert.equal(described.imageDetails?.length, 1);
    assert.equal(described.imageDetails?.[0].imageDigest, digest);
    assert.deepEqual(described.imageDetails?.[0].imageTags, ['v1']);
    assert.equal(described.imageDetails?.[0].imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.ok((described.imageDetails?.[0].imageSizeInBytes ?? 0) > 60 * 1024 * 0.9, 'size is the compressed layer size');
    const listed = await sdk.send(new ListImagesCommand({ repositoryName: 'real/app' }));
    assert.deepEqual(listed.imageIds, [{ imageDigest: digest, imageTag: 'v1' }]);
    const got = await sdk.send(new BatchGetImageCommand({ repositoryName: 'real/app', imageIds: [{ imageTag: 'v1' }] }));
    const manifest = got.images?.[0].imageManifest ?? '';
    assert.equal(`sha256:${crypto.createHash('sha256').update(manifest).digest('hex')}`, digest);
  });

  it('answers DENIED with ECR\'s text once the token has expired', async () => {
    const config = freshConfig();
    await login(config);
    ecr.clock.advance(12 * 3600_000 + 1000);
    const result = await run(config, ['pull', `${ecr.registryHost}/real/app:v1`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /denied: Your authorization token has expired\. Reauthenticate and try again\./);
  });

  it('deletes the repository and its images with force', async () => {
    const refused = await sdk.send(new DeleteRepositoryCommand({ repositoryName: 'real/app' })).catch((e: Error) => e);
    assert.equal((refused as Error).name, 'RepositoryNotEmptyException');
    await sdk.send(new DeleteRepositoryCommand({ repositoryName: 'real/app', force: true }));
    const config = freshConfig();
    await login(config);
    const result = await run(config, ['pull', `${ecr.registryHost}/real/app:v1`]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /name unknown|repository with name 'real\/app' does not exist/);
  });
});
