/**
 * ECR scan findings in the editor: a report read from the ECR stand-in (findings seeded there) is sent to the
 * real server over stdio as djangoContainer/scanFindings and comes back as diagnostics on the FROM line.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ECRClient } from '@aws-sdk/client-ecr';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fetchScanFindings, type ScanReport } from '../../server/src/ecr/scan-findings';
import { SCAN_FINDINGS_NOTIFICATION } from '../../server/src/lsp/scan-findings';
import { startEcrStandIn, type EcrStandIn, type ScanFinding } from '../support/ecr-standin';
import { useExampleServer } from './support/example-server';

const DOCKERFILE = 'FROM python:3.12-slim AS builder\nRUN pip wheel -w /w django\n\nFROM python:3.12-slim\nCOPY --from=builder /w /w\nCMD ["python"]\n';
const FINAL_FROM_LINE = 3;
const OPENSSL: ScanFinding = {
  name: 'CVE-2026-0001', severity: 'CRITICAL', uri: 'https://security-tracker.debian.org/tracker/CVE-2026-0001',
  attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.11-1~deb12u2' }],
};
const TAR: ScanFinding = { name: 'CVE-2026-0002', severity: 'MEDIUM', attributes: [{ key: 'package_name', value: 'tar' }, { key: 'package_version', value: '1.34+dfsg-1.2' }] };
const PERL: ScanFinding = { name: 'CVE-2026-0003', severity: 'LOW', attributes: [{ key: 'package_name', value: 'perl' }] };

let ecr: EcrStandIn;
before(async () => {
  ecr = await startEcrStandIn();
  ecr.createRepository('mysite/web', { scanOnPush: true });
  ecr.seedFindings('mysite/web', 'v1', [OPENSSL, TAR]);
  ecr.seedFindings('mysite/web', 'v2', [PERL]);
});
after(async () => { await ecr.stop(); });

const server = useExampleServer();

/** Pushes (seeds) an image as `tag` and reads its scan through the product's own fetch. */
async function scanOf(tag: string): Promise<ScanReport> {
  const digest = ecr.seedImage('mysite/web', [tag]);
  const client = new ECRClient({ endpoint: ecr.endpoint, region: ecr.region, credentials: { accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey } });
  try {
    return await fetchScanFindings(client, { repository: 'mysite/web', imageDigest: digest, region: ecr.region, scanExpected: true }, { timeoutMs: 5000, pollMs: 50 });
  } finally {
    client.destroy();
  }
}

const scanned = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.source === 'ECR scan');

test('findings appear on the final FROM line, beside the lint diagnostics, with severity, CVE, package and link', async () => {
  const uri = await server.client.open('Dockerfile', DOCKERFILE);
  await server.client.diagnostics(uri);
  const report = await scanOf('v1');
  assert.equal(report.outcome, 'complete');
  const since = server.client.published.length;
  await server.client.connection.sendNotification(SCAN_FINDINGS_NOTIFICATION, { uri, report });
  const published = await server.client.diagnostics(uri, (d) => scanned(d).length > 0, 10_000, since);
  const findings = scanned(published.diagnostics);
  assert.deepEqual(findings.map((d) => [d.code, d.severity, d.range.start.line]), [['CVE-2026-0001', 1, FINAL_FROM_LINE], ['CVE-2026-0002', 2, FINAL_FROM_LINE]]);
  assert.match(String(findings[0].message), /CVE-2026-0001 in openssl 3\.0\.11-1~deb12u2 \(CRITICAL\)/);
  assert.equal(findings[0].codeDescription?.href, OPENSSL.uri);
  assert.match(findings[1].codeDescription?.href ?? '', /\/ecr\/repositories\/private\/123456789012\/mysite\/web\/_\/image\/sha256:/);
  assert.ok(published.diagnostics.some((d) => d.code === 'final-stage-runs-as-root'), 'lint diagnostics are still published');
});

test('an edit elsewhere keeps them; a new push replaces them; a changed FROM drops them', async () => {
  const uri = server.client.uriOf('Dockerfile');
  let version = await server.client.change(uri, DOCKERFILE.replace('CMD ["python"]', 'USER 10001\nCMD ["python"]'));
  let published = await server.client.diagnostics(uri, (_d, p) => p.version === version);
  assert.deepEqual(scanned(published.diagnostics).map((d) => d.code), ['CVE-2026-0001', 'CVE-2026-0002']);

  const since = server.client.published.length;
  await server.client.connection.sendNotification(SCAN_FINDINGS_NOTIFICATION, { uri, report: await scanOf('v2') });
  published = await server.client.diagnostics(uri, (d) => scanned(d).some((x) => x.code === 'CVE-2026-0003'), 10_000, since);
  assert.deepEqual(scanned(published.diagnostics).map((d) => [d.code, d.severity]), [['CVE-2026-0003', 3]]);

  version = await server.client.change(uri, DOCKERFILE.replace('FROM python:3.12-slim\n', 'FROM python:3.13-slim\n'));
  published = await server.client.diagnostics(uri, (_d, p) => p.version === version);
  assert.deepEqual(scanned(published.diagnostics), []);
  // Changing it back does not bring them back: they belonged to the image built before.
  version = await server.client.change(uri, DOCKERFILE);
  published = await server.client.diagnostics(uri, (_d, p) => p.version === version);
  assert.deepEqual(scanned(published.diagnostics), []);
});

test('a Dockerfile that is not open gets them from the file on disk, and keeps them when it opens', async () => {
  const file = path.join(server.workspaceDir, 'deploy', 'Dockerfile');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, DOCKERFILE);
  const uri = server.client.uriOf('deploy/Dockerfile');
  const since = server.client.published.length;
  await server.client.connection.sendNotification(SCAN_FINDINGS_NOTIFICATION, { uri, report: await scanOf('v1') });
  let published = await server.client.diagnostics(uri, (d) => scanned(d).length > 0, 10_000, since);
  assert.deepEqual(scanned(published.diagnostics).map((d) => d.range.start.line), [FINAL_FROM_LINE, FINAL_FROM_LINE]);
  await server.client.open('deploy/Dockerfile', DOCKERFILE);
  published = await server.client.diagnostics(uri, (_d, p) => p.version === 1);
  assert.deepEqual(scanned(published.diagnostics).map((d) => d.code), ['CVE-2026-0001', 'CVE-2026-0002']);
});

test('a scan that did not complete clears earlier findings', async () => {
  const uri = server.client.uriOf('deploy/Dockerfile');
  const report = { ...(await scanOf('v3')), outcome: 'failed', findings: [], counts: {} };
  const since = server.client.published.length;
  await server.client.connection.sendNotification(SCAN_FINDINGS_NOTIFICATION, { uri, report });
  const published = await server.client.diagnostics(uri, () => true, 10_000, since);
  assert.deepEqual(scanned(published.diagnostics), []);
});
