/** The ECR client factory (profiles, region order, standard endpoint config) and error classification. */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeRepositoriesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { connectEcr, createEcrClient, resolveConnection } from '../../../server/src/ecr/client';
import { fromAwsError, isEcrError } from '../../../server/src/ecr/errors';
import { listAwsProfiles, parseIni } from '../../../server/src/ecr/profiles';
import { EcrStandIn, startEcrStandIn } from '../../support/ecr-standin';

describe('ECR client factory', () => {
  let home: string;
  let ecr: EcrStandIn;
  const saved = { ...process.env };

  before(async () => {
    ecr = await startEcrStandIn({ keys: { AKIDPROFILEDEV01: { secret: 'dev-secret' }, AKIDENVKEY0001: { secret: 'env-secret' } }, region: 'eu-west-1' });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-client-home-'));
    fs.mkdirSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', 'config'), [
      '[default]', 'region = us-west-2', '',
      '[profile dev]', 'region = eu-west-1', '',
      '[profile noregion]', 'output = json', '',
      '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = PowerUser', 'region = eu-west-1', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1', 'sso_registration_scopes = sso:account:access', '',
      '[services local]', 'ecr =', '  endpoint_url = http://127.0.0.1:1', '',
    ].join('\n'));
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), [
      '[dev]', 'aws_access_key_id = AKIDPROFILEDEV01', 'aws_secret_access_key = dev-secret', '',
      '[noregion]', 'aws_access_key_id = AKIDPROFILEDEV01', 'aws_secret_access_key = dev-secret', '',
    ].join('\n'));
    // An expired SSO token without a refresh token: the SDK fails locally ("Cannot refresh"), no network.
    const cacheName = crypto.createHash('sha1').update('corp').digest('hex');
    fs.writeFileSync(path.join(home, '.aws', 'sso', 'cache', `${cacheName}.json`), JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'expired-access-token',
      expiresAt: new Date(Date.now() - 3600_000).toISOString(),
    }));
    Object.assign(process.env, {
      HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL_ECR: ecr.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDENVKEY0001', AWS_SECRET_ACCESS_KEY: 'env-secret',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_REGION;
  });
  after(async () => {
    process.env = saved;
    await ecr.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists profiles from both files, default first, with region and SSO marks', () => {
    const profiles = listAwsProfiles();
    assert.deepEqual(profiles.map((p) => p.name), ['default', 'dev', 'noregion', 'sso-dev']);
    assert.equal(profiles.find((p) => p.name === 'dev')?.region, 'eu-west-1');
    assert.deepEqual(profiles.find((p) => p.name === 'dev')?.sources, ['config', 'credentials']);
    assert.equal(profiles.find((p) => p.name === 'sso-dev')?.sso, true);
    assert.equal(profiles.find((p) => p.name === 'dev')?.sso, false);
    assert.equal(parseIni('[services local]\necr =\n  endpoint_url = x\n').get('services local')?.ecr, '');
  });

  it('resolves the region from the option, then AWS_REGION, then the profile, never AWS_DEFAULT_REGION', () => {
    const env = { ...process.env, AWS_DEFAULT_REGION: 'sa-east-1' };
    assert.deepEqual(resolveConnection({ profile: 'dev', region: 'ap-south-1', env }), { profile: 'dev', region: 'ap-south-1', regionSource: 'setting', endpoint: undefined });
    assert.equal((resolveConnection({ profile: 'dev', env: { ...env, AWS_REGION: 'us-east-2' } }) as { region: string }).region, 'us-east-2');
    assert.deepEqual(resolveConnection({ profile: 'dev', env }), { profile: 'dev', region: 'eu-west-1', regionSource: 'profile', endpoint: undefined });
    assert.equal((resolveConnection({ env }) as { region: string }).region, 'us-west-2', 'no profile: the [default] profile region');
    assert.equal((resolveConnection({ env: { ...env, AWS_PROFILE: 'dev' } }) as { profile: string }).profile, 'dev');
    const missing = resolveConnection({ profile: 'noregion', env });
    assert.ok(isEcrError(missing) && missing.kind === 'region-missing');
    assert.match((missing as { message: string }).message, /profile 'noregion'/);
  });

  it('signs with the profile\'s keys and reaches the endpoint from AWS_ENDPOINT_URL_ECR', async () => {
    const connected = connectEcr({ profile: 'dev' });
    assert.ok(!isEcrError(connected));
    if (isEcrError(connected)) return;
    const result = await connected.client.send(new DescribeRepositoriesCommand({}));
    assert.deepEqual(result.repositories, []);
    connected.client.destroy();
  });

  it('uses the environment keys without a profile', async () => {
    const client = createEcrClient({ region: 'eu-west-1', regionSource: 'setting' });
    const token = await client.send(new GetAuthorizationTokenCommand({}));
    assert.ok(token.authorizationData?.[0].authorizationToken);
    client.destroy();
  });

  it('classifies an expired SSO session and offers `aws sso login --profile`', async () => {
    const client = createEcrClient({ profile: 'sso-dev', region: 'eu-west-1', regionSource: 'profile' });
    let caught: unknown;
    try {
      await client.send(new GetAuthorizationTokenCommand({}));
    } catch (error) {
      caught = error;
    }
    client.destroy();
    assert.ok(caught, 'expected a credentials error');
    assert.match((caught as Error).name, /CredentialsProviderError|TokenProviderError/);
    const classified = fromAwsError(caught, { profile: 'sso-dev', region: 'eu-west-1' });
    assert.equal(classified.kind, 'sso-expired');
    assert.deepEqual(classified.command, ['aws', 'sso', 'login', '--profile', 'sso-dev']);
    assert.equal(ecr.calls.GetAuthorizationToken ?? 0, 1, 'the SSO failure happened before any ECR call');
  });

  it('classifies an unreachable endpoint as a network failure', async () => {
    const client = createEcrClient({ profile: 'dev', region: 'eu-west-1', regionSource: 'setting', endpoint: 'http://127.0.0.1:1' }, { maxAttempts: 1 });
    let caught: unknown;
    try { await client.send(new DescribeRepositoriesCommand({})); } catch (error) { caught = error; }
    client.destroy();
    const classified = fromAwsError(caught, { profile: 'dev', region: 'eu-west-1' });
    assert.equal(classified.kind, 'network');
    assert.match(classified.message, /ECONNREFUSED/);
  });

  it('classifies a missing profile as missing credentials', async () => {
    const client = createEcrClient({ profile: 'nobody', region: 'eu-west-1', regionSource: 'setting' });
    let caught: unknown;
    try { await client.send(new DescribeRepositoriesCommand({})); } catch (error) { caught = error; }
    client.destroy();
    const classified = fromAwsError(caught, { profile: 'nobody' });
    assert.equal(classified.kind, 'credentials-missing');
    assert.match(classified.message, /profile 'nobody'/);
  });
});

describe('fromAwsError', () => {
  const named = (name: string, message = 'x', extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

  it('switches on the error name, not the text', () => {
    assert.equal(fromAwsError(named('RepositoryNotFoundException', 'does not matter'), { repository: 'web' }).kind, 'repository-missing');
    assert.equal(fromAwsError(named('ThrottlingException')).kind, 'throttled');
    assert.equal(fromAwsError(named('ServerException')).kind, 'service-error');
    assert.equal(fromAwsError(named('InvalidParameterException', 'bad')).kind, 'invalid-input');
    assert.equal(fromAwsError(named('SomethingNew', 'The repository with name does not exist')).kind, 'unknown');
  });

  it('names the IAM action from the message, or from the operation', () => {
    const denied = fromAwsError(named('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/R/s is not authorized to perform: ecr:CreateRepository on resource: *'), { profile: 'dev' });
    assert.equal(denied.action, 'ecr:CreateRepository');
    assert.match(denied.message, /profile 'dev' is not allowed to perform ecr:CreateRepository/);
    assert.equal(fromAwsError(named('AccessDeniedException', 'no details'), { operation: 'DescribeImages' }).action, 'ecr:DescribeImages');
  });

  it('recognizes network failures by their code and 5xx by status', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(fromAwsError(refused).kind, 'network');
    assert.equal(fromAwsError(named('Whatever', 'x', { $metadata: { httpStatusCode: 503 } })).kind, 'service-error');
  });

  it('mentions opt-in regions for an unrecognized key', () => {
    const e = fromAwsError(named('UnrecognizedClientException'), { region: 'me-south-1' });
    assert.equal(e.kind, 'credentials-invalid');
    assert.match(e.nextStep, /opt-in region/);
  });
});
