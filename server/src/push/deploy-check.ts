/**
 * Reads the output of `python manage.py check --deploy` (Django's system check framework) into issues.
 * Django prints one section per level ("ERRORS:", "WARNINGS:", ...) with lines `<object>: (<id>) <message>`
 * and optional tab-indented `HINT:` lines; it exits non-zero only for ERROR and CRITICAL issues (its
 * default --fail-level), or when the project cannot even load (a traceback instead of sections).
 */

export type CheckLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

export interface CheckIssue {
  level: CheckLevel;
  /** The check id, e.g. `security.W004`. */
  id: string;
  /** What the check is about (`?:` for project-wide checks). */
  object: string;
  message: string;
  hint?: string;
}

export interface DeployCheckReport {
  issues: CheckIssue[];
  /** A traceback's last line (e.g. `KeyError: 'DJANGO_SECRET_KEY'`) when the project failed to load. */
  crash?: string;
}

const SECTIONS: Record<string, CheckLevel> = {
  'CRITICALS:': 'critical', 'ERRORS:': 'error', 'WARNINGS:': 'warning', 'INFOS:': 'info', 'DEBUGS:': 'debug',
};
const ISSUE = /^(.*?): \(([A-Za-z0-9_.]+\.[A-Z]\d+)\) (.*)$/;
const HINT = /^\s+HINT: (.*)$/;

export function parseDeployCheck(output: string): DeployCheckReport {
  const issues: CheckIssue[] = [];
  let level: CheckLevel | undefined;
  const lines = output.split(/\r?\n/);
  for (const line of lines) {
    const section = SECTIONS[line.trim()];
    if (section) { level = section; continue; }
    const hint = HINT.exec(line);
    if (hint && issues.length) { issues[issues.length - 1].hint = hint[1]; continue; }
    const issue = level ? ISSUE.exec(line) : null;
    if (issue) issues.push({ level: level!, object: issue[1], id: issue[2], message: issue[3] });
  }
  const report: DeployCheckReport = { issues };
  if (/^Traceback \(most recent call last\):/m.test(output)) {
    // The exception line is the last unindented line of the traceback.
    report.crash = lines.filter((l) => l.trim() && !/^\s/.test(l)).pop()?.trim();
  }
  return report;
}

/** Issues that make `check --deploy` fail: ERROR and CRITICAL. */
export function seriousIssues(report: DeployCheckReport): CheckIssue[] {
  return report.issues.filter((i) => i.level === 'error' || i.level === 'critical');
}

export function formatIssue(issue: CheckIssue): string {
  return `${issue.id}: ${issue.message}`;
}
