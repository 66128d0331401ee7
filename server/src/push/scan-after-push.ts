/**
 * After a push: the ECR scan findings of the pushed image, from the scan on push, or from a scan started
 * now when the user asked for one (`onDemand`) and the repository does not scan on push.
 */
import { createEcrClient, resolveConnection, type EcrConnectionOptions } from '../ecr/client';
import { fetchScanFindings, startImageScan, type ScanRequest } from '../ecr/scan-findings';
import { ecrConsoleUrl, type ScanReport } from '../ecr/scan-report';
import type { PushSuccess } from './types';

export interface ScanAfterPushOptions {
  /** Start a basic scan when the repository does not scan on push. */
  onDemand?: boolean;
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Progress lines ("Waiting for the ECR scan ..."). */
  onProgress?: (message: string) => void;
}

/** The repository name in `<host>/<name>`. */
export function repositoryNameOf(repositoryUri: string): string {
  return repositoryUri.slice(repositoryUri.indexOf('/') + 1);
}

export async function scanAfterPush(pushed: PushSuccess, connection: EcrConnectionOptions, options: ScanAfterPushOptions = {}): Promise<ScanReport> {
  const repository = repositoryNameOf(pushed.repositoryUri);
  const resolved = resolveConnection(connection);
  if ('kind' in resolved) {
    const region = connection.region ?? '';
    return { outcome: 'unavailable', repository, region, imageDigest: pushed.digest, consoleUrl: ecrConsoleUrl(region, pushed.registryId, repository, pushed.digest), counts: {}, findings: [], statusDescription: resolved.message, nextStep: resolved.nextStep };
  }
  const request: ScanRequest = { repository, imageDigest: pushed.digest, region: resolved.region, registryId: pushed.registryId, scanExpected: pushed.scanOnPush === true };
  const client = createEcrClient(resolved);
  try {
    if (options.onDemand && !pushed.scanOnPush) {
      options.onProgress?.(`Starting an ECR scan of ${repository}@${pushed.digest.slice(0, 19)}`);
      const problem = await startImageScan(client, request, options.signal);
      // A refused start (one on-demand scan per image per day) still leaves the earlier scan to read.
      if (problem) options.onProgress?.(`Could not start the scan: ${problem}`);
      else request.scanExpected = true;
    }
    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    let told = false;
    return await fetchScanFindings(client, request, {
      timeoutMs, pollMs: options.pollMs, signal: options.signal,
      onWait: (status) => {
        if (told) return;
        told = true;
        options.onProgress?.(`Waiting for the ECR scan (${status}, up to ${Math.round(timeoutMs / 1000)} s)`);
      },
    });
  } finally {
    client.destroy();
  }
}
