/**
 * ECR scan findings in a real VS Code: "Django: Push Image to ECR" builds with the real docker engine and pushes
 * to the ECR stand-in into a scan-on-push repository whose findings are seeded there; the extension waits for the
 * scan and the language server shows the findings on the Dockerfile's FROM line (read back through the vscode API).
 * Needs the e2e bed (dockerd, local base images, docker-registry): scripts/testbed/up.sh e2e.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEcrStandIn, type EcrStandIn } from '../../support/ecr-standin';
import { baseImage, loadTestbed } from '../../support/testbed';

const EXTENSION_ID = 'django-container-tools.django-container-tools';
const REPOSITORY = 'scan-it/web';
const SMOKE_SETTING = 'push.smokeTest';

type PushResult = { ok: true; digest: string } | { ok: false; error: { kind: string; message: string } };

describe('ECR scan findings on the FROM line (real VS Code, docker, ECR stand-in)', function () {
  this.timeout(300_000);
  let ecr: EcrStandIn;
  let dockerfile: string;

  before(async () => {
    const bed = loadTestbed();
    ecr = await startEcrStandIn({ registry: true });
    ecr.seedFindings(REPOSITORY, 'scan-1', [
      { name: 'CVE-2026-0001', severity: 'CRITICAL', uri: 'https://security-tracker.debian.org/tracker/CVE-2026-0001', attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.11-1~deb12u2' }] },
      { name: 'CVE-2026-0002', severity: 'MEDIUM', attributes: [{ key: 'package_name', value: 'tar' }, { key: 'package_version', value: '1.34+dfsg-1.2' }] },
    ]);
    const config = vscode.workspace.getConfiguration('djangoContainer');
    await config.update('aws.endpoint', ecr.endpoint, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    // Skip the pre-push smoke test: this image has no app server to answer.
    await config.update(SMOKE_SETTING, false, vscode.ConfigurationTarget.Global);
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    dockerfile = path.join(workspace, 'Dockerfile.scan-test');
    fs.writeFileSync(dockerfile, `# scanned\nFROM ${baseImage(bed, '3.11')}\nWORKDIR /app\nCOPY manage.py ./\nUSER 10001\n`);
    await extension.activate();
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('djangoContainer');
    await config.update('aws.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await config.update(SMOKE_SETTING, undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dockerfile ?? '', { force: true });
    await ecr?.stop();
    const images = execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'], { encoding: 'utf8' }).split('\n').filter((ref) => ref.includes(REPOSITORY));
    if (images.length) execFileSync('docker', ['rmi', '--force', ...images], { stdio: 'ignore' });
  });

  it('after a push the findings appear on the FROM line with severity, CVE, package and link', async () => {
    const uri = vscode.Uri.file(dockerfile);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = await vscode.commands.executeCommand<PushResult>('djangoContainer.pushToEcr', {
      dockerfile, context: path.dirname(dockerfile), region: ecr.region, repository: REPOSITORY, tags: ['scan-1'],
      create: { scanOnPush: true }, platform: 'linux/amd64', remember: false,
    });
    assert.ok(result?.ok, `push failed: ${JSON.stringify(result)}`);

    const deadline = Date.now() + 60_000;
    let scanned: vscode.Diagnostic[] = [];
    while (Date.now() < deadline) {
      scanned = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ECR scan');
      if (scanned.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(scanned.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d.severity, d.range.start.line]), [
      ['CVE-2026-0001', vscode.DiagnosticSeverity.Error, 1],
      ['CVE-2026-0002', vscode.DiagnosticSeverity.Warning, 1],
    ]);
    assert.match(scanned[0].message, /CVE-2026-0001 in openssl 3\.0\.11-1~deb12u2 \(CRITICAL\)/);
    const target = typeof scanned[0].code === 'object' ? scanned[0].code.target.toString() : '';
    assert.equal(target, 'https://security-tracker.debian.org/tracker/CVE-2026-0001');
    const other = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'ECR scan');
    assert.ok(other.every((d) => d.source === 'django-container'), 'lint diagnostics are published beside them');
    assert.ok(ecr.images(REPOSITORY).some((image) => image.digest === result.digest && image.scan), 'the stand-in scanned the pushed image');
  });
});
