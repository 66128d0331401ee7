/** The scan report in words, for the CLI and the VS Code notification (written once, here). */
import { SCAN_SEVERITIES, type ScanReport } from './scan-report';

/** "2 CRITICAL, 1 HIGH, 3 MEDIUM" (severities with no finding left out), or "no findings". */
export function severityCounts(report: ScanReport): string {
  const parts = SCAN_SEVERITIES.filter((s) => (report.counts[s] ?? 0) > 0).map((s) => `${report.counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** One headline, then (for a complete scan) the most severe findings, at most `limit`. */
export function summarizeScan(report: ScanReport, limit = 10): string[] {
  switch (report.outcome) {
    case 'complete': {
      const lines = [`Scan findings for ${report.imageDigest.slice(0, 19)}: ${severityCounts(report)}`];
      for (const finding of report.findings.slice(0, limit)) {
        const pkg = finding.packageName ? ` in ${finding.packageName}${finding.packageVersion ? ` ${finding.packageVersion}` : ''}` : '';
        lines.push(`  ${finding.severity.padEnd(13)} ${finding.id}${pkg}`);
      }
      if (report.findings.length > limit) lines.push(`  ... and ${report.findings.length - limit} more`);
      if (report.findings.length) lines.push(`  Details: ${report.consoleUrl}`);
      return lines;
    }
    case 'failed': return [`The ECR scan failed${report.statusDescription ? `: ${report.statusDescription}` : ''}. ${report.nextStep ?? ''}`.trim()];
    case 'unsupported': return [`ECR cannot scan this image (${report.status}${report.statusDescription ? `: ${report.statusDescription}` : ''}). ${report.nextStep ?? ''}`.trim()];
    case 'not-scanned': return [`Not scanned. ${report.nextStep ?? ''}`.trim()];
    case 'timed-out': return [`The ECR scan did not finish in time (${report.status ?? 'IN_PROGRESS'}). ${report.nextStep ?? ''} ${report.consoleUrl}`.trim()];
    default: return [`Scan findings unavailable${report.statusDescription ? `: ${report.statusDescription}` : ''}. ${report.nextStep ?? ''}`.trim()];
  }
}
