/**
 * The shape of a scan report shared by the push engine, the CLI and the language server. No SDK import:
 * the language server loads this without loading the AWS SDK.
 */
export const SCAN_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;
export type ScanSeverity = typeof SCAN_SEVERITIES[number];

export interface ScanFinding {
  /** CVE (or other vulnerability) id. */
  id: string;
  severity: ScanSeverity;
  packageName?: string;
  packageVersion?: string;
  /** Where the finding is described (the vulnerability's page). */
  uri?: string;
  description?: string;
}

/**
 * complete: findings are in; failed / unsupported: ECR could not scan the image; not-scanned: no scan
 * exists (scan on push is off); timed-out: still IN_PROGRESS at the deadline; unavailable: the call failed.
 */
export type ScanOutcome = 'complete' | 'failed' | 'unsupported' | 'not-scanned' | 'timed-out' | 'unavailable';

export interface ScanReport {
  outcome: ScanOutcome;
  /** ECR's own status (COMPLETE, ACTIVE, FAILED, UNSUPPORTED_IMAGE, ...) and its description. */
  status?: string;
  statusDescription?: string;
  repository: string;
  region: string;
  registryId?: string;
  imageDigest: string;
  /** The image's page in the ECR console (findings are listed there). */
  consoleUrl: string;
  counts: Partial<Record<ScanSeverity, number>>;
  findings: ScanFinding[];
  /** ISO time the scan completed. */
  completedAt?: string;
  /** For every outcome but complete: what the user can do. */
  nextStep?: string;
}

/** The console page of one image (partition-aware: China and GovCloud have their own console hosts). */
export function ecrConsoleUrl(region: string, registryId: string | undefined, repository: string, digest: string): string {
  const host = region.startsWith('cn-') ? `${region}.console.amazonaws.cn`
    : region.startsWith('us-gov-') ? `${region}.console.amazonaws-us-gov.com`
      : `${region}.console.aws.amazon.com`;
  const account = registryId ?? '_';
  return `https://${host}/ecr/repositories/private/${account}/${repository}/_/image/${digest}/details?region=${region}`;
}

export function severityOf(value: string | undefined): ScanSeverity {
  const upper = (value ?? '').toUpperCase();
  return (SCAN_SEVERITIES as readonly string[]).includes(upper) ? upper as ScanSeverity : 'UNDEFINED';
}

/** Most severe first, then by id: a stable order for output and diagnostics. */
export function sortFindings(findings: readonly ScanFinding[]): ScanFinding[] {
  const rank = (s: ScanSeverity) => SCAN_SEVERITIES.indexOf(s);
  return [...findings].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id) || (a.packageName ?? '').localeCompare(b.packageName ?? ''));
}

