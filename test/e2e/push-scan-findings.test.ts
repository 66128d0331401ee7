/**
 * ECR scan findings after `django-container push` on the real stack (dockerd, the stand-in's registry and
 * API, the AWS SDK): a scan-on-push repository created by the CLI, findings seeded in the stand-in, the
 * summary after the digest and the report in --json; --no-scan-findings; an on-demand scan with --scan.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanReport } from '../../server/src/ecr/scan-report';
import * as docker from '../support/docker';
import { EcrStandIn, startEcrStandIn, type ScanFinding } from '../support/ecr-standin';
import { passwordLeaks, runPushCli } from '../support/push-cli';

const KEY = 'AKIDE2ESCAN00001';
const SECRET = 'e2e-scan-secret';
/** A scratch image cannot run: skip the pre-push smoke test where the CLI has one. */
const NO_SMOKE = ['--no-smoke-test'];
const OPENSSL: ScanFinding = {
  name: 'CVE-2026-0001', severity: 'CRITICAL', uri: 'https://security-tracker.debian.org/tracker/CVE-2026-0001',
  attributes: [{ key: 'package_name', value: 'openssl' }, { key: 'package_version', value: '3.0.11-1~deb12u2' }],
};
const ZLIB: ScanFinding = { name: 'CVE-2026-0010', severity: 'HIGH', attributes: [{ key: 'package_name', value: 'zlib1g' }, { key: 'package_version', value: '1:1.2.13.dfsg-1' }] };
const TAR: ScanFinding = { name: 'CVE-2026-0002', severity: 'MEDIUM', attributes: [{ key: 'package_name', value: 'tar' }, { key: 'package_version', value: '1.34+dfsg-1.2' }] };

describe('push reads the ECR scan findings of the pushed image', () => {
  let ecr: EcrStandIn;
  let work: string;
  const images: string[] = [];

  before(async () => {
    ecr = await startEcrStandIn({ registry: true, keys: { [KEY]: { secret: SECRET } } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-e2e-'));
    fs.mkdirSync(path.join(work, 'docker-config'));
    fs.mkdirSync(path.join(work, 'home', '.aws'), { recursive: true });
  });
  after(async () => {
    for (const image of images) await docker.removeImage(image);
    await ecr?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => {
    const home = path.join(work, 'home');
    return {
      PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      ...ecr.env(), AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, DOCKER_CONFIG: path.join(work, 'docker-config'),
    };
  };

  function scratchContext(label: string): string {
    const dir = fs.mkdtempSync(path.join(work, `${label}-`));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload.txt /payload.txt\n');
    fs.writeFileSync(path.join(dir, 'payload.txt'), `${label} ${Date.now()} ${Math.random()}\n`);
    return dir;
  }

  async function push(repository: string, tag: string, extra: string[]) {
    images.push(`${ecr.registryHost}/${repository}:${tag}`, `dct-local/${repository}:${tag}`);
    const run = await runPushCli(ecr, [scratchContext(tag), '--repository', repository, '--tag', tag, ...NO_SMOKE, ...extra], env());
    assert.deepEqual(passwordLeaks(ecr, run), []);
    return run;
  }

  it('a scan-on-push repository: waits for the scan, prints the findings by severity after the digest, and --json carries them', async () => {
    ecr.seedFindings('scan/web', 'v1', [TAR, OPENSSL, ZLIB]);
    ecr.setScanDelay(1500); // IN_PROGRESS at first: the CLI has to wait
    const run = await push('scan/web', 'v1', ['--create', '--scan-on-push', '--json']);
    ecr.setScanDelay(0);
    assert.equal(run.code, 0, run.stderr.slice(-3000));
    assert.match(run.stderr, /==> Waiting for the ECR scan \(IN_PROGRESS/);
    const lines = run.stderr.split('\n');
    const digestAt = lines.findIndex((l) => /^==> v1: sha256:/.test(l));
    const summaryAt = lines.findIndex((l) => l.startsWith('==> Scan findings for sha256:'));
    assert.ok(digestAt >= 0 && summaryAt > digestAt, run.stderr);
    assert.match(lines[summaryAt], /1 CRITICAL, 1 HIGH, 1 MEDIUM$/);
    assert.match(lines[summaryAt + 1], /CRITICAL\s+CVE-2026-0001 in openssl 3\.0\.11-1~deb12u2/);
    assert.match(run.stderr, /Details: https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecr\/repositories\/private\/123456789012\/scan\/web\/_\/image\/sha256:/);

    const result = JSON.parse(run.stdout) as { digest: string; scanOnPush: boolean; scan: ScanReport };
    assert.equal(result.scanOnPush, true);
    assert.equal(result.scan.outcome, 'complete');
    assert.equal(result.scan.imageDigest, result.digest);
    assert.deepEqual(result.scan.counts, { CRITICAL: 1, HIGH: 1, MEDIUM: 1 });
    assert.deepEqual(result.scan.findings.map((f) => [f.id, f.severity, f.packageName]),
      [['CVE-2026-0001', 'CRITICAL', 'openssl'], ['CVE-2026-0010', 'HIGH', 'zlib1g'], ['CVE-2026-0002', 'MEDIUM', 'tar']]);
    assert.ok((ecr.calls.DescribeImageScanFindings ?? 0) >= 2, 'polled while IN_PROGRESS');
  });

  it('--no-scan-findings does not ask ECR for them and leaves them out of --json', async () => {
    const before = ecr.calls.DescribeImageScanFindings ?? 0;
    const run = await push('scan/web', 'v2', ['--no-scan-findings', '--json']);
    assert.equal(run.code, 0, run.stderr.slice(-3000));
    assert.equal(ecr.calls.DescribeImageScanFindings ?? 0, before);
    assert.equal((JSON.parse(run.stdout) as { scan?: unknown }).scan, undefined);
    assert.doesNotMatch(run.stderr, /Scan findings/);
  });

  it('a repository without scan on push says how to turn it on; --scan starts a scan on demand and reads it', async () => {
    ecr.createRepository('scan/plain');
    const plain = await push('scan/plain', 'p1', []);
    assert.equal(plain.code, 0, plain.stderr.slice(-3000));
    assert.match(plain.stderr, /==> Not scanned\. The repository does not scan on push\. Enable it \(aws ecr put-image-scanning-configuration --repository-name scan\/plain/);
    assert.equal(ecr.calls.StartImageScan ?? 0, 0);

    ecr.seedFindings('scan/plain', 'p2', [ZLIB]);
    const onDemand = await push('scan/plain', 'p2', ['--scan', '--json']);
    assert.equal(onDemand.code, 0, onDemand.stderr.slice(-3000));
    assert.equal(ecr.calls.StartImageScan, 1);
    assert.match(onDemand.stderr, /==> Starting an ECR scan of scan\/plain@sha256:/);
    assert.match(onDemand.stderr, /==> Scan findings for sha256:[0-9a-f]{12}: 1 HIGH/);
    assert.deepEqual((JSON.parse(onDemand.stdout) as { scan: ScanReport }).scan.findings.map((f) => f.id), ['CVE-2026-0010']);
  });
});
