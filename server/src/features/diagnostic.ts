/** A lint finding as an LSP Diagnostic (published by the server, echoed in code actions). */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LintFinding } from '../rules/engine';

const SEVERITY: Record<LintFinding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: LintFinding): Diagnostic {
  return {
    range: finding.range,
    message: finding.message,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: finding.source,
  };
}
