/**
 * ECR scan findings of a pushed image as diagnostics on the FROM line of the stage that was pushed (the
 * final stage, or --target). Severity: CRITICAL is an Error (exploitable and usually fixed upstream:
 * rebuild on a newer base); HIGH and MEDIUM are Warnings, because a Dockerfile with them still builds and
 * runs and distribution HIGHs often have no fixed package yet, and Errors are kept for what is wrong with
 * the file; LOW, INFORMATIONAL and UNDEFINED are Information (still listed in the Problems view; a Hint
 * would only dot the line).
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import type { ScanReport, ScanSeverity } from '../ecr/scan-report';
import { severityCounts } from '../ecr/scan-summary';

export const SCAN_DIAGNOSTIC_SOURCE = 'ECR scan';
/** Beyond this many findings per image the rest are counted in one diagnostic (the console lists all). */
export const MAX_SCAN_DIAGNOSTICS = 50;

export const SCAN_SEVERITY: Record<ScanSeverity, DiagnosticSeverity> = {
  CRITICAL: DiagnosticSeverity.Error,
  HIGH: DiagnosticSeverity.Warning,
  MEDIUM: DiagnosticSeverity.Warning,
  LOW: DiagnosticSeverity.Information,
  INFORMATIONAL: DiagnosticSeverity.Information,
  UNDEFINED: DiagnosticSeverity.Information,
};

/** The stage the pushed image came from: the named target, else the last stage. */
export function pushedStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target) return model.stages.find((s) => s.name === target.toLowerCase()) ?? model.finalStage;
  return model.finalStage;
}

/** What identifies the pushed build's bases: every FROM line, whitespace-normalised. A change drops the findings. */
export function fromSignature(model: DockerfileModel): string {
  return model.stages.map((s) => s.from.getTextContent().replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim()).join('\n');
}

export function scanDiagnostics(model: DockerfileModel, report: ScanReport, target?: string): Diagnostic[] {
  const stage = pushedStage(model, target);
  if (!stage || report.outcome !== 'complete') return [];
  const range = stage.from.getRange();
  const image = report.imageDigest.slice(0, 19);
  const diagnostics: Diagnostic[] = report.findings.slice(0, MAX_SCAN_DIAGNOSTICS).map((finding) => {
    const pkg = finding.packageName ? ` in ${finding.packageName}${finding.packageVersion ? ` ${finding.packageVersion}` : ''}` : '';
    return {
      range,
      severity: SCAN_SEVERITY[finding.severity],
      source: SCAN_DIAGNOSTIC_SOURCE,
      code: finding.id,
      codeDescription: { href: finding.uri ?? report.consoleUrl },
      message: `${finding.id}${pkg} (${finding.severity}), found by the ECR scan of ${report.repository}@${image}`,
    };
  });
  const rest = report.findings.length - MAX_SCAN_DIAGNOSTICS;
  if (rest > 0) {
    diagnostics.push({
      range, severity: DiagnosticSeverity.Information, source: SCAN_DIAGNOSTIC_SOURCE, code: 'more-findings',
      codeDescription: { href: report.consoleUrl },
      message: `${rest} more ECR scan findings (${severityCounts(report)} in all); see the console.`,
    });
  }
  return diagnostics;
}
