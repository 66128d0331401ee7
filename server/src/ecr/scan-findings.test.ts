import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { reportFromPages, type ScanRequest } from './scan-findings';
import { ecrConsoleUrl } from './scan-report';
import { severityCounts, summarizeScan } from './scan-summary';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REQUEST: ScanRequest = { repository: 'mysite/web', imageDigest: DIGEST, region: 'eu-west-1', scanExpected: true };

test('basic findings: CVE, package attributes and the reported severity counts; most severe first', () => {
  const report = reportFromPages(REQUEST, [{
    registryId: '123456789012',
    imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
    imageScanFindings: {
      imageScanCompletedAt: new Date('2026-12-07T12:00:00Z'),
      findingSeverityCounts: { LOW: 1, CRITICAL: 1 },
      findings: [
        { name: 'CVE-2026-0002', severity: 'LOW', uri: 'https://security-tracker.debian.org/tracker/CVE-2026-0002', attributes: [{ key: 'package_name', value: 'tar' }, { key: 'package_version', value: '1.34' }] },
        { name: 'CVE-2026-0001', severity: 'CRITICAL', attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.11' }] },
      ],
    },
  }]);
  assert.equal(report.outcome, 'complete');
  assert.deepEqual(report.findings.map((f) => [f.id, f.severity, f.packageName, f.packageVersion]),
    [['CVE-2026-0001', 'CRITICAL', 'openssl', '3.0.11'], ['CVE-2026-0002', 'LOW', 'tar', '1.34']]);
  assert.equal(severityCounts(report), '1 CRITICAL, 1 LOW');
  assert.equal(report.completedAt, '2026-12-07T12:00:00.000Z');
  assert.equal(report.consoleUrl, `https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/123456789012/mysite/web/_/image/${DIGEST}/details?region=eu-west-1`);
  const summary = summarizeScan(report);
  assert.match(summary[0], /1 CRITICAL, 1 LOW/);
  assert.match(summary[1], /CRITICAL\s+CVE-2026-0001 in openssl 3\.0\.11/);
  assert.match(summary.at(-1)!, /console\.aws\.amazon\.com/);
});

test('enhanced (Inspector) findings map to the same shape; pages are joined; counts fall back to the findings', () => {
  const report = reportFromPages(REQUEST, [
    { imageScanStatus: { status: 'ACTIVE' }, imageScanFindings: { enhancedFindings: [{ severity: 'HIGH', title: 'CVE-2026-1111 - django', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2026-1111', sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2026-1111', vulnerablePackages: [{ name: 'Django', version: '4.2.1' }] } }] } },
    { imageScanStatus: { status: 'ACTIVE' }, imageScanFindings: { findings: [{ name: 'CVE-2026-2222', severity: 'something-new' as never }] } },
  ]);
  assert.equal(report.outcome, 'complete');
  assert.deepEqual(report.findings.map((f) => [f.id, f.severity, f.packageName, f.uri]), [
    ['CVE-2026-1111', 'HIGH', 'Django', 'https://nvd.nist.gov/vuln/detail/CVE-2026-1111'],
    ['CVE-2026-2222', 'UNDEFINED', undefined, undefined],
  ]);
  assert.deepEqual(report.counts, { HIGH: 1, UNDEFINED: 1 });
});

test('FAILED and UNSUPPORTED_IMAGE are outcomes with a next step and no findings', () => {
  const failed = reportFromPages(REQUEST, [{ imageScanStatus: { status: 'FAILED', description: 'Scan failed.' } }]);
  assert.equal(failed.outcome, 'failed');
  assert.match(summarizeScan(failed)[0], /scan failed: Scan failed\..*start-image-scan/);
  const unsupported = reportFromPages(REQUEST, [{ imageScanStatus: { status: 'UNSUPPORTED_IMAGE', description: 'UnsupportedImageError: The operating system is not supported.' } }]);
  assert.equal(unsupported.outcome, 'unsupported');
  assert.deepEqual(unsupported.findings, []);
  assert.match(summarizeScan(unsupported)[0], /cannot scan this image \(UNSUPPORTED_IMAGE/);
});

test('a clean scan says so; long lists are cut with a count', () => {
  const clean = reportFromPages(REQUEST, [{ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [] } }]);
  assert.equal(summarizeScan(clean)[0], 'Scan findings for sha256:abababababab: no findings');
  const many = reportFromPages(REQUEST, [{ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: Array.from({ length: 12 }, (_, i) => ({ name: `CVE-2026-${1000 + i}`, severity: 'MEDIUM' })) } }]);
  assert.match(summarizeScan(many, 10).join('\n'), /\.\.\. and 2 more/);
});

test('console URLs follow the partition', () => {
  assert.match(ecrConsoleUrl('cn-north-1', '123456789012', 'web', DIGEST), /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/ecr\//);
  assert.match(ecrConsoleUrl('us-gov-west-1', '123456789012', 'web', DIGEST), /^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\//);
});
