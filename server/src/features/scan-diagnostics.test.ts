import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseDockerfile } from '../dockerfile/model';
import { reportFromPages, type ScanReport } from '../ecr/scan-findings';
import { fromSignature, MAX_SCAN_DIAGNOSTICS, scanDiagnostics } from './scan-diagnostics';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const DOCKERFILE = 'FROM python:3.12-slim AS builder\nRUN pip wheel .\n\nFROM python:3.12-slim AS runtime\nCOPY --from=builder /w /w\n';

function report(findings: Array<{ name: string; severity: string; pkg?: string; version?: string; uri?: string }>): ScanReport {
  return reportFromPages({ repository: 'web', imageDigest: DIGEST, region: 'us-east-1', scanExpected: true }, [{
    registryId: '123456789012',
    imageScanStatus: { status: 'COMPLETE' },
    imageScanFindings: {
      findings: findings.map((f) => ({
        name: f.name, severity: f.severity as never, uri: f.uri,
        attributes: [...(f.pkg ? [{ key: 'package_name', value: f.pkg }] : []), ...(f.version ? [{ key: 'package_version', value: f.version }] : [])],
      })),
    },
  }]);
}

test('findings sit on the final stage FROM with the mapped severity, CVE and package in the message, and a link', () => {
  const diagnostics = scanDiagnostics(parseDockerfile(DOCKERFILE), report([
    { name: 'CVE-2026-0001', severity: 'CRITICAL', pkg: 'openssl', version: '3.0.11', uri: 'https://security-tracker.debian.org/tracker/CVE-2026-0001' },
    { name: 'CVE-2026-0002', severity: 'HIGH', pkg: 'libc6' },
    { name: 'CVE-2026-0003', severity: 'MEDIUM' },
    { name: 'CVE-2026-0004', severity: 'LOW' },
    { name: 'CVE-2026-0005', severity: 'INFORMATIONAL' },
    { name: 'CVE-2026-0006', severity: 'UNDEFINED' },
  ]));
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [
    ['CVE-2026-0001', DiagnosticSeverity.Error, 3],
    ['CVE-2026-0002', DiagnosticSeverity.Warning, 3],
    ['CVE-2026-0003', DiagnosticSeverity.Warning, 3],
    ['CVE-2026-0004', DiagnosticSeverity.Information, 3],
    ['CVE-2026-0005', DiagnosticSeverity.Information, 3],
    ['CVE-2026-0006', DiagnosticSeverity.Information, 3],
  ]);
  assert.match(String(diagnostics[0].message), /^CVE-2026-0001 in openssl 3\.0\.11 \(CRITICAL\)/);
  assert.equal(diagnostics[0].codeDescription?.href, 'https://security-tracker.debian.org/tracker/CVE-2026-0001');
  assert.match(diagnostics[1].codeDescription?.href ?? '', /console\.aws\.amazon\.com\/ecr\/repositories\/private\/123456789012\/web\/_\/image\/sha256:/);
  assert.equal(diagnostics[0].source, 'ECR scan');
});

test('a pushed --target stage carries the findings on its own FROM', () => {
  const diagnostics = scanDiagnostics(parseDockerfile(DOCKERFILE), report([{ name: 'CVE-2026-0001', severity: 'HIGH' }]), 'builder');
  assert.deepEqual(diagnostics.map((d) => d.range.start.line), [0]);
});

test('no diagnostics for a scan that did not complete, a Dockerfile without FROM, or no findings', () => {
  const failed = reportFromPages({ repository: 'web', imageDigest: DIGEST, region: 'us-east-1', scanExpected: true }, [{ imageScanStatus: { status: 'FAILED' } }]);
  assert.deepEqual(scanDiagnostics(parseDockerfile(DOCKERFILE), failed), []);
  assert.deepEqual(scanDiagnostics(parseDockerfile('# nothing\n'), report([{ name: 'CVE-1', severity: 'HIGH' }])), []);
  assert.deepEqual(scanDiagnostics(parseDockerfile(DOCKERFILE), report([])), []);
});

test('beyond the cap the rest are one Information diagnostic with the counts', () => {
  const many = report(Array.from({ length: MAX_SCAN_DIAGNOSTICS + 7 }, (_, i) => ({ name: `CVE-2026-${1000 + i}`, severity: 'LOW' })));
  const diagnostics = scanDiagnostics(parseDockerfile(DOCKERFILE), many);
  assert.equal(diagnostics.length, MAX_SCAN_DIAGNOSTICS + 1);
  assert.match(String(diagnostics.at(-1)!.message), /^7 more ECR scan findings \(57 LOW in all\)/);
});

test('the FROM signature changes with a FROM line, not with other lines or spacing', () => {
  const base = fromSignature(parseDockerfile(DOCKERFILE));
  assert.equal(fromSignature(parseDockerfile(DOCKERFILE.replace('RUN pip wheel .', 'RUN pip wheel --no-deps .'))), base);
  assert.equal(fromSignature(parseDockerfile(DOCKERFILE.replace('FROM python:3.12-slim AS runtime', 'FROM   python:3.12-slim   AS runtime'))), base);
  assert.notEqual(fromSignature(parseDockerfile(DOCKERFILE.replace('FROM python:3.12-slim AS runtime', 'FROM python:3.13-slim AS runtime'))), base);
});
