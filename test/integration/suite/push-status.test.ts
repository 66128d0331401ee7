/**
 * The push status-bar item in a real VS Code on the example project: it is shown for a Django workspace and
 * walks through its states while "Django: Push Image to ECR" builds with the real docker engine and pushes
 * to the local ECR stand-in (SigV4-checking API + a real registry behind token auth). The extension reaches
 * the stand-in only through its `djangoContainer.aws.endpoint` setting and the standard AWS environment.
 * Needs the e2e bed (dockerd, local base images, docker-registry): scripts/testbed/up.sh e2e.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEcrStandIn, type EcrStandIn } from '../../support/ecr-standin';
import { baseImage, loadTestbed } from '../../support/testbed';

const EXTENSION_ID = 'django-container-tools.django-container-tools';
const REPOSITORY = 'dct-it/web';

interface StatusSnapshot { state: string; text: string; tooltip: string; phase?: string; visible: boolean; command?: string }
interface Api { push: { status: StatusSnapshot; onDidChangeStatus: vscode.Event<StatusSnapshot> } }
type PushResult = { ok: true; imageUri: string; digest: string; tags: string[]; repositoryCreated: boolean }
  | { ok: false; error: { kind: string; message: string; nextStep: string; command?: string[] } };

/** test-electron's user data folder (runner cwd = repository root): logs and user settings live there. */
function userDataDir(): string {
  return path.join(process.env.DCT_REPO_ROOT ?? process.cwd(), '.vscode-test', 'user-data');
}

/** The log file of our output channel that holds `marker` (unique to this run); the channel writes asynchronously. */
async function extensionLog(marker: string): Promise<string> {
  const logs = path.join(userDataDir(), 'logs');
  const deadline = Date.now() + 15_000;
  for (;;) {
    // Other runs may share the user data folder: look through every session, newest first.
    const sessions = fs.existsSync(logs) ? fs.readdirSync(logs).sort().reverse() : [];
    for (const session of sessions) {
      for (const host of fs.readdirSync(path.join(logs, session)).filter((d) => d.startsWith('exthost'))) {
        const file = path.join(logs, session, host, EXTENSION_ID, 'Django Container Tools.log');
        if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(marker)) return file;
      }
    }
    if (Date.now() > deadline) throw new Error(`no output-channel log with '${marker}' under ${logs}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function settingsFiles(): string[] {
  const workspaceSettings = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
  return [path.join(userDataDir(), 'User', 'settings.json'), workspaceSettings].filter((f) => fs.existsSync(f));
}

describe('push status bar (real VS Code, docker, ECR stand-in)', function () {
  this.timeout(300_000);
  let api: Api;
  let ecr: EcrStandIn;
  let workspace: string;
  let dockerfile: string;
  const seen: StatusSnapshot[] = [];
  let subscription: vscode.Disposable;

  before(async () => {
    const bed = loadTestbed();
    try {
      execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
    } catch (error) {
      throw new Error(`the docker daemon is not reachable from the extension host (run scripts/testbed/up.sh e2e): ${(error as Error).message}`);
    }
    ecr = await startEcrStandIn({ registry: true });
    await vscode.workspace.getConfiguration('djangoContainer').update('aws.endpoint', ecr.endpoint, vscode.ConfigurationTarget.Global);
    // The test image has no server: its pushes skip the smoke test, except in the test that shows it failing.
    await vscode.workspace.getConfiguration('djangoContainer').update('push.smokeTest', false, vscode.ConfigurationTarget.Global);
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    dockerfile = path.join(workspace, 'Dockerfile.push-test');
    fs.writeFileSync(dockerfile, `FROM ${baseImage(bed, '3.11')}\nWORKDIR /app\nCOPY manage.py requirements.txt ./\nUSER 10001\n`);
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await extension.activate();
    subscription = api.push.onDidChangeStatus((s) => seen.push(s));
  });

  after(async () => {
    subscription?.dispose();
    await vscode.workspace.getConfiguration('djangoContainer').update('aws.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('djangoContainer').update('push.smokeTest', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dockerfile ?? '', { force: true });
    await ecr?.stop();
    // Remove the images this test made (local build and registry tags).
    const images = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' })
      .split('\n').filter((ref) => ref.includes(REPOSITORY) || ref.includes('dct-it/missing'));
    if (images.length) execFileSync('docker', ['rmi', '--force', ...images], { stdio: 'ignore' });
  });

  it('is visible for the example Django project before any push', async () => {
    const deadline = Date.now() + 10_000;
    while (!api.push.status.visible && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(api.push.status.visible, true, 'shown because the workspace has manage.py');
    assert.ok(['unconfigured', 'ready'].includes(api.push.status.state), api.push.status.state);
    if (api.push.status.state === 'unconfigured') assert.match(api.push.status.text, /Push to ECR/);
    assert.equal(api.push.status.command, 'djangoContainer.pushToEcr', 'a click pushes');
  });

  it('walks through build, login, push and verify, then shows the pushed target and digest', async () => {
    seen.length = 0;
    const result = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', {
      dockerfile, context: workspace, region: ecr.region, repository: REPOSITORY, tags: ['it-1'],
      create: { scanOnPush: true }, platform: 'linux/amd64',
    });
    assert.ok(result?.ok, `push failed: ${JSON.stringify(result)}`);
    assert.equal(result.repositoryCreated, true, 'the repository was created on the first push');

    const pushed = ecr.images(REPOSITORY);
    assert.equal(pushed.length, 1, 'the registry recorded one manifest');
    assert.equal(result.digest, pushed[0].digest, 'the reported digest is what the registry stored');
    assert.equal(result.imageUri, `${ecr.registryHost}/${REPOSITORY}:it-1`);

    const running = seen.filter((s) => s.state === 'running').map((s) => s.phase ?? '');
    const order = ['building', 'logging in', 'pushing', 'verifying'].map((phase) => running.findIndex((p) => p.startsWith(phase)));
    assert.ok(order.every((i) => i >= 0), `every phase shown while running (saw ${JSON.stringify([...new Set(running)])})`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'phases appear in order');
    assert.ok(seen.filter((s) => s.state === 'running').every((s) => s.text.startsWith('$(sync~spin)')), 'a spinner while running');

    const final = api.push.status;
    assert.equal(final.state, 'succeeded');
    assert.ok(final.text.includes(`${REPOSITORY}:it-1`), final.text);
    assert.ok(final.tooltip.includes(result.digest), 'the tooltip shows the last digest');
    assert.match(final.tooltip, /Region: us-east-1/);
    assert.equal(final.command, 'djangoContainer.pushToEcr', 'a click pushes again');
    assert.equal(await vscode.commands.executeCommand('djangoContainer.copyLastImageUri'), result.imageUri);

    // The registry password never reaches the output channel's log file or the settings.
    const passwords = ecr.issuedPasswords();
    assert.ok(passwords.length > 0, 'a registry token was issued');
    const log = await extensionLog(`push: done ${result.imageUri}`);
    for (const file of [log, ...settingsFiles()]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const password of passwords) assert.ok(!text.includes(password), `${file} does not contain the registry password`);
    }
  });

  it('with djangoContainer.push.smokeTest on, stops at the smoke test (a phase of the status item): nothing pushed', async () => {
    seen.length = 0;
    const config = vscode.workspace.getConfiguration('djangoContainer');
    await config.update('push.smokeTest', true, vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', {
        dockerfile, context: workspace, region: ecr.region, repository: REPOSITORY, tags: ['it-smoke'], remember: false,
      });
      assert.ok(result && !result.ok, 'the push failed');
      assert.equal(result.error.kind, 'smoke-test-failed');
      assert.match(result.error.message, /the container exited \(code \d+\) before it answered on 127\.0\.0\.1:\d+/);
      const running = seen.filter((s) => s.state === 'running').map((s) => s.phase ?? '');
      const building = running.findIndex((p) => p.startsWith('building'));
      const smoke = running.findIndex((p) => p.startsWith('smoke testing'));
      assert.ok(building >= 0 && smoke > building, `smoke testing shown after building (saw ${JSON.stringify([...new Set(running)])})`);
      assert.ok(!running.some((p) => p.startsWith('pushing')), 'nothing was pushed');
      assert.equal(api.push.status.state, 'failed');
      assert.ok(api.push.status.tooltip.includes(result.error.message));
      assert.ok(!ecr.images(REPOSITORY).some((image) => image.tags.has('it-smoke')), 'the registry has no it-smoke');
    } finally {
      await config.update('push.smokeTest', false, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows a failure with the engine\'s error when the repository does not exist', async () => {
    seen.length = 0;
    const result = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', {
      dockerfile, context: workspace, region: ecr.region, repository: 'dct-it/missing', tags: ['it-2'], create: false, remember: false,
    });
    assert.ok(result && !result.ok, 'the push failed');
    assert.equal(result.error.kind, 'repository-missing');
    assert.equal(api.push.status.state, 'failed');
    assert.match(api.push.status.text, /failed/);
    assert.ok(api.push.status.tooltip.includes(result.error.message));
    assert.deepEqual(ecr.images('dct-it/missing'), []);
  });

  it('reports an expired SSO session with the sign-in command, before any ECR call', async () => {
    // A profile signing in through IAM Identity Center whose cached token expired (no refresh token: the SDK fails
    // locally, no network). HOME and AWS_CONFIG_FILE are the standard places the SDK reads; restored afterwards.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-it-sso-home-'));
    fs.mkdirSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', 'config'), [
      '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = PowerUser', 'region = us-east-1', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access', '',
    ].join('\n'));
    fs.writeFileSync(path.join(home, '.aws', 'sso', 'cache', `${crypto.createHash('sha1').update('corp').digest('hex')}.json`), JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'expired', expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
    }));
    const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    Object.assign(process.env, { HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config') });
    const callsBefore = { ...ecr.calls };
    try {
      const result = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', {
        dockerfile, context: workspace, profile: 'sso-dev', region: ecr.region, repository: REPOSITORY, tags: ['it-sso'], remember: false,
      });
      assert.ok(result && !result.ok, 'the push failed');
      assert.equal(result.error.kind, 'sso-expired');
      assert.deepEqual(result.error.command, ['aws', 'sso', 'login', '--profile', 'sso-dev'], 'the fix the sign-in button runs');
      assert.equal(api.push.status.state, 'failed');
      assert.deepEqual(ecr.calls, callsBefore, 'no ECR call was made with missing credentials');
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('explains a broken credsStore, then pushes with an isolated docker config without touching the user\'s', async () => {
    // DOCKER_CONFIG is docker's standard variable; the extension runs in this process and reads it like docker does.
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-it-docker-config-'));
    const userConfig = JSON.stringify({ credsStore: 'dct-missing-helper' });
    fs.writeFileSync(path.join(configDir, 'config.json'), userConfig);
    const previous = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = configDir;
    try {
      const args = { dockerfile, context: workspace, region: ecr.region, repository: REPOSITORY, tags: ['it-3'], remember: false };
      const broken = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', args);
      assert.ok(broken && !broken.ok, 'refused before pushing');
      assert.equal(broken.error.kind, 'creds-store-broken');
      assert.match(broken.error.message, /dct-missing-helper/);
      assert.equal(api.push.status.state, 'failed');

      const isolated = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', { ...args, isolatedDockerConfig: true });
      assert.ok(isolated?.ok, `isolated push failed: ${JSON.stringify(isolated)}`);
      assert.ok(ecr.images(REPOSITORY).some((image) => image.digest === isolated.digest), 'the registry has the pushed image');
      assert.equal(api.push.status.state, 'succeeded');
      assert.equal(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'), userConfig, 'the user\'s docker config is untouched');
    } finally {
      if (previous === undefined) delete process.env.DOCKER_CONFIG; else process.env.DOCKER_CONFIG = previous;
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });

  it('asks for the target interactively (repositories listed from ECR), then a click on the item pushes it', async () => {
    // Every prompt is answered with its first (default) entry through the workbench's own accept command.
    const answering = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 400);
    let target: { dockerfile?: string; context?: string; profile?: string; region?: string; repository?: string;
      tags: string[]; addLatest: boolean; platform: string; create?: { scanOnPush?: boolean; imageTagMutability?: string } } | undefined;
    try {
      target = await vscode.commands.executeCommand('djangoContainer.selectPushTarget');
    } finally {
      clearInterval(answering);
    }
    assert.ok(target, 'the prompts completed');
    assert.equal(target.dockerfile, path.join(workspace, 'Dockerfile'), 'first Dockerfile of the workspace');
    assert.equal(target.context, workspace);
    assert.equal(target.profile, undefined, 'default credential chain');
    assert.equal(target.region, 'us-east-1');
    assert.equal(target.repository, REPOSITORY, 'the name offered for a new repository is the last one used');
    assert.deepEqual(target.create, { scanOnPush: true, imageTagMutability: 'MUTABLE' });
    assert.deepEqual(target.tags, ['it-1'], 'the remembered tags are offered');
    assert.equal(target.addLatest, true);
    assert.equal(target.platform, 'linux/amd64');
    assert.ok(ecr.calls.DescribeRepositories > 0, 'repositories were listed from the ECR API');
    assert.equal(api.push.status.state, 'ready');
    assert.ok(api.push.status.text.includes(`${REPOSITORY}:it-1`), api.push.status.text);

    // What a click on the status-bar item runs: the remembered target is pushed without more questions.
    fs.writeFileSync(target.dockerfile!, `FROM ${baseImage(loadTestbed(), '3.11')}\nUSER 10001\n`);
    const result = await vscode.commands.executeCommand<PushResult>(api.push.status.command!);
    assert.ok(result?.ok, `push failed: ${JSON.stringify(result)}`);
    assert.deepEqual(result.tags, ['it-1', 'latest']);
    const image = ecr.images(REPOSITORY).find((i) => i.digest === result.digest);
    assert.ok(image, 'the registry has the pushed manifest');
    assert.equal(api.push.status.state, 'succeeded');
  });
});
