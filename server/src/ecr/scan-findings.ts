/**
 * ECR image scan findings after a push: wait (bounded) for the scan, read every page of findings and
 * normalise basic and enhanced (Inspector) findings into one shape the CLI and the language server share.
 *
 * Not the SDK's waitUntilImageScanComplete: it retries on every error (an AccessDenied would be polled
 * until the deadline), succeeds only on COMPLETE and so waits out enhanced scanning's ACTIVE and
 * UNSUPPORTED_IMAGE too. Here each ECR status is either "keep waiting" or a final answer.
 */
import {
  DescribeImageScanFindingsCommand, StartImageScanCommand,
  type DescribeImageScanFindingsCommandOutput, type ECRClient, type EnhancedImageScanFinding, type ImageScanFinding,
} from '@aws-sdk/client-ecr';
import { fromAwsError } from './errors';
import { ecrConsoleUrl, severityOf, sortFindings, type ScanFinding, type ScanOutcome, type ScanReport, type ScanSeverity } from './scan-report';

export type { ScanFinding, ScanOutcome, ScanReport, ScanSeverity } from './scan-report';

export interface ScanRequest {
  repository: string;
  imageDigest: string;
  region: string;
  registryId?: string;
  /** The repository scans on push: a missing scan right after the push is "not started yet", not "none". */
  scanExpected: boolean;
}

export interface ScanWaitOptions {
  /** Give up waiting after this long (default 5 minutes; ECR basic scans usually finish within one or two). */
  timeoutMs?: number;
  /** First delay between polls, doubled up to maxPollMs (defaults 2 s and 15 s). */
  pollMs?: number;
  maxPollMs?: number;
  signal?: AbortSignal;
  /** Told about every wait, for progress output. */
  onWait?: (status: string) => void;
}

const WAITING = new Set(['IN_PROGRESS', 'PENDING']);
const UNSUPPORTED = new Set(['UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'IMAGE_ARCHIVED']);

export function fromBasicFinding(finding: ImageScanFinding): ScanFinding {
  const attribute = (key: string) => finding.attributes?.find((a) => a.key === key)?.value;
  return {
    id: finding.name ?? 'unnamed finding',
    severity: severityOf(finding.severity),
    packageName: attribute('package_name'),
    packageVersion: attribute('package_version'),
    uri: finding.uri,
    description: finding.description,
  };
}

export function fromEnhancedFinding(finding: EnhancedImageScanFinding): ScanFinding {
  const details = finding.packageVulnerabilityDetails;
  const pkg = details?.vulnerablePackages?.[0];
  return {
    id: details?.vulnerabilityId ?? finding.title ?? 'unnamed finding',
    severity: severityOf(finding.severity),
    packageName: pkg?.name,
    packageVersion: pkg?.version,
    uri: details?.sourceUrl ?? details?.referenceUrls?.[0],
    description: finding.description ?? finding.title,
  };
}

/** One report from the pages of a finished scan (pure: tests feed it SDK-shaped pages). */
export function reportFromPages(request: ScanRequest, pages: readonly DescribeImageScanFindingsCommandOutput[] | readonly Partial<DescribeImageScanFindingsCommandOutput>[]): ScanReport {
  const first = pages[0] ?? {};
  const status = first.imageScanStatus?.status;
  const findings: ScanFinding[] = [];
  for (const page of pages) {
    for (const f of page.imageScanFindings?.findings ?? []) findings.push(fromBasicFinding(f));
    for (const f of page.imageScanFindings?.enhancedFindings ?? []) findings.push(fromEnhancedFinding(f));
  }
  const counts: Partial<Record<ScanSeverity, number>> = {};
  const reported = first.imageScanFindings?.findingSeverityCounts;
  if (reported && Object.keys(reported).length) {
    for (const [severity, n] of Object.entries(reported)) counts[severityOf(severity)] = (counts[severityOf(severity)] ?? 0) + (n ?? 0);
  } else {
    for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  }
  const base = {
    status, statusDescription: first.imageScanStatus?.description,
    repository: request.repository, region: request.region, registryId: first.registryId ?? request.registryId,
    imageDigest: request.imageDigest,
    consoleUrl: ecrConsoleUrl(request.region, first.registryId ?? request.registryId, request.repository, request.imageDigest),
  };
  if (status === 'FAILED' || status === 'LIMIT_EXCEEDED') {
    return { ...base, outcome: 'failed', counts: {}, findings: [], nextStep: 'Open the image in the ECR console for the reason, or start the scan again (aws ecr start-image-scan).' };
  }
  if (status && UNSUPPORTED.has(status)) {
    return { ...base, outcome: 'unsupported', counts: {}, findings: [], nextStep: 'ECR basic scanning supports images of the common Linux distributions; see the console for details.' };
  }
  const completedAt = first.imageScanFindings?.imageScanCompletedAt;
  return { ...base, outcome: 'complete', counts, findings: sortFindings(findings), ...(completedAt ? { completedAt: new Date(completedAt).toISOString() } : {}) };
}

function notScanned(request: ScanRequest, outcome: ScanOutcome, nextStep: string, extra: Partial<ScanReport> = {}): ScanReport {
  return {
    outcome, repository: request.repository, region: request.region, registryId: request.registryId, imageDigest: request.imageDigest,
    consoleUrl: ecrConsoleUrl(request.region, request.registryId, request.repository, request.imageDigest),
    counts: {}, findings: [], nextStep, ...extra,
  };
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(done, ms);
  function done() { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); }
  signal?.addEventListener('abort', done, { once: true });
});

/** Waits for the scan of the pushed image and reads all of its findings. Never throws: failures are outcomes. */
export async function fetchScanFindings(client: ECRClient, request: ScanRequest, options: ScanWaitOptions = {}): Promise<ScanReport> {
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  let delay = options.pollMs ?? 2000;
  const maxDelay = options.maxPollMs ?? 15_000;
  const input = { repositoryName: request.repository, imageId: { imageDigest: request.imageDigest }, ...(request.registryId ? { registryId: request.registryId } : {}) };
  for (;;) {
    let first: DescribeImageScanFindingsCommandOutput;
    try {
      first = await client.send(new DescribeImageScanFindingsCommand({ ...input, maxResults: 1000 }), { abortSignal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) return notScanned(request, 'unavailable', 'The scan wait was cancelled.');
      const name = (error as { name?: string }).name;
      if (name === 'ScanNotFoundException' && !request.scanExpected) {
        return notScanned(request, 'not-scanned', `The repository does not scan on push. Enable it (aws ecr put-image-scanning-configuration --repository-name ${request.repository} --image-scanning-configuration scanOnPush=true) or scan this image on demand (--scan).`);
      }
      if (name !== 'ScanNotFoundException') {
        const classified = fromAwsError(error, { region: request.region, repository: request.repository, operation: 'DescribeImageScanFindings' });
        return notScanned(request, 'unavailable', classified.nextStep, { statusDescription: classified.message });
      }
      first = { imageScanStatus: { status: 'PENDING', description: 'The scan has not started yet.' } } as DescribeImageScanFindingsCommandOutput;
    }
    const status = first.imageScanStatus?.status ?? '';
    if (!WAITING.has(status)) {
      const pages = [first];
      for (let token = first.nextToken; token;) {
        const page = await client.send(new DescribeImageScanFindingsCommand({ ...input, maxResults: 1000, nextToken: token }), { abortSignal: options.signal }).catch(() => undefined);
        if (!page) break; // what was read is still worth showing
        pages.push(page);
        token = page.nextToken;
      }
      return reportFromPages(request, pages);
    }
    if (Date.now() + delay > deadline || options.signal?.aborted) {
      return notScanned(request, 'timed-out', 'The scan is still running; see the findings in the ECR console later.', { status, statusDescription: first.imageScanStatus?.description });
    }
    options.onWait?.(status);
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Starts an on-demand basic scan. Returns an error message (ECR allows one per image per 24 hours), or undefined. */
export async function startImageScan(client: ECRClient, request: ScanRequest, signal?: AbortSignal): Promise<string | undefined> {
  try {
    await client.send(new StartImageScanCommand({
      repositoryName: request.repository, imageId: { imageDigest: request.imageDigest }, ...(request.registryId ? { registryId: request.registryId } : {}),
    }), { abortSignal: signal });
    return undefined;
  } catch (error) {
    const classified = fromAwsError(error, { region: request.region, repository: request.repository, operation: 'StartImageScan' });
    return `${classified.message} ${classified.nextStep}`;
  }
}
