/** `django-container push` and ECR scan findings: the options, and the summary after the digest. */
import type { ScanReport } from '../ecr/scan-report';
import { summarizeScan } from '../ecr/scan-summary';
import { scanAfterPush } from '../push/scan-after-push';
import type { PushOptions, PushSuccess } from '../push/types';

export const SCAN_USAGE = `      --no-scan-findings    Do not wait for or read the ECR scan findings after the push
      --scan                Start an ECR scan when the repository does not scan on push
      --scan-timeout SECS   How long to wait for the scan to finish (default: 300)
`;

export interface ScanChoice { skip: boolean; onDemand: boolean; timeoutMs?: number }

export const defaultScanChoice = (): ScanChoice => ({ skip: false, onDemand: false });

/** Applies one scan option; false when `flag` is not one. */
export function parseScanOption(choice: ScanChoice, flag: string, value: () => string): boolean {
  switch (flag) {
    case '--no-scan-findings': choice.skip = true; return true;
    case '--scan': choice.onDemand = true; return true;
    case '--scan-timeout': {
      const text = value();
      const seconds = Number(text);
      if (!/^\d+$/.test(text) || seconds < 1) throw new Error(`--scan-timeout needs a whole number of seconds (got '${text}')`);
      choice.timeoutMs = seconds * 1000;
      return true;
    }
    default: return false;
  }
}

/** Reads the findings of the pushed image and prints the summary; undefined when skipped. */
export async function reportScan(pushed: PushSuccess, options: PushOptions, choice: ScanChoice, write: (text: string) => void, signal?: AbortSignal): Promise<ScanReport | undefined> {
  if (choice.skip) return undefined;
  const report = await scanAfterPush(pushed, { profile: options.profile, region: options.region, endpoint: options.endpoint, env: options.env }, {
    onDemand: choice.onDemand, timeoutMs: choice.timeoutMs, signal, onProgress: (message) => write(`==> ${message}\n`),
  });
  const [headline, ...rest] = summarizeScan(report);
  write(`==> ${headline}\n${rest.map((line) => `${line}\n`).join('')}`);
  return report;
}
