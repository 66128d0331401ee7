/**
 * Runs every registered rule over one parsed Dockerfile, adds the generic validity layer
 * (dockerfile-utils), drops suppressed findings and generic duplicates of ours, and resolves severities.
 * Pure: no I/O, no LSP types beyond plain ranges. The LSP server and the CLI both call lintDockerfile().
 */
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';
import { GENERIC_SOURCE, validateGeneric, type GenericFinding } from './generic/dockerfile-utils';
import { allRules } from './index';
import { parseSuppressions, type Suppressions } from './suppressions';
import { memoizeAst } from './support/memoize';
import type { Finding, Rule, RuleContext, Severity } from './types';

export const ENGINE_SOURCE = 'django-container';

export interface LintOptions {
  workspace: WorkspaceModel | null;
  /** Per-rule severity override; 'off' disables the rule. Keys are rule ids (generic ones too). */
  severities?: Readonly<Record<string, Severity | 'off'>>;
  /** Pre-parsed model for this document version (the server caches it per version). */
  model?: DockerfileModel;
  /**
   * Include the generic Dockerfile validity layer (dockerfile-utils). Default true; the client turns it
   * off while another Dockerfile extension already shows those diagnostics.
   */
  genericRules?: boolean;
  /** Honour `# check=skip=` and `# hadolint ignore=` comments (default true). */
  suppressions?: boolean;
  /** "Today" for date-driven rules such as Python EOL (default: now). */
  now?: Date;
}

export interface LintFinding extends Finding {
  severity: Severity;
  /** Who found it: "django-container" (our rules) or "dockerfile-utils" (the generic layer). */
  source: string;
}

export function lintDockerfile(text: string, options: LintOptions): LintFinding[] {
  const steps = lintSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same lint as lintDockerfile, as steps: it pauses (yields) after the parse, after each rule and before the
 * generic layer, so a caller can give the event loop a turn between steps (the language server does on long
 * documents, to answer completions mid-lint) or drop a lint whose document changed. Nothing runs between
 * steps unless the caller resumes.
 */
export function* lintSteps(text: string, options: LintOptions): Generator<void, LintFinding[], void> {
  const dockerfile = options.model ?? parseDockerfile(text);
  memoizeAst(dockerfile.ast);
  const suppressions = options.suppressions === false ? null : parseSuppressions(dockerfile);
  const now = options.now ?? new Date();
  const findings: LintFinding[] = [];
  for (const rule of allRules) {
    const configured = options.severities?.[rule.id];
    if (configured === 'off') continue;
    yield;
    for (const finding of runRule(rule, { dockerfile, workspace: options.workspace, now })) {
      if (suppressions?.isSuppressed(rule, finding.range.start.line)) continue;
      findings.push({ ...finding, severity: configured ?? finding.severity ?? rule.defaultSeverity, source: ENGINE_SOURCE });
    }
  }
  if (options.genericRules !== false) {
    yield;
    findings.push(...genericFindings(dockerfile, findings, suppressions, options.severities));
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** dockerfile-utils findings that are neither suppressed, switched off, nor the same issue one of our rules reports on that line. */
function genericFindings(
  dockerfile: DockerfileModel,
  ours: readonly LintFinding[],
  suppressions: Suppressions | null,
  severities: LintOptions['severities'],
): LintFinding[] {
  let generic: GenericFinding[];
  try {
    generic = validateGeneric(dockerfile);
  } catch (error) {
    // dockerfile-utils itself overflows its stack on some inputs (e.g. ` x $R` before any FROM): keep our findings.
    console.error(`generic validation (dockerfile-utils) failed: ${(error as Error).message ?? error}`);
    return [];
  }
  if (generic.length === 0) return [];
  const oursByLine = new Map<number, Set<string>>();
  for (const finding of ours) {
    const line = finding.range.start.line;
    const ids = oursByLine.get(line) ?? new Set<string>();
    ids.add(finding.ruleId);
    oursByLine.set(line, ids);
  }
  const result: LintFinding[] = [];
  for (const { sameIssueAs, hadolint, buildkit, source, ...finding } of generic) {
    const configured = severities?.[finding.ruleId];
    if (configured === 'off') continue;
    const line = finding.range.start.line;
    const oursHere = oursByLine.get(line);
    if (oursHere && sameIssueAs?.some((id) => oursHere.has(id))) continue;
    if (suppressions?.isSuppressed({ id: finding.ruleId, hadolint, buildkit }, line)) continue;
    result.push({ ...finding, severity: configured ?? finding.severity ?? 'error', source: source ?? GENERIC_SOURCE });
  }
  return result;
}

/** A rule that throws must not take the others down: its failure becomes no findings. */
function runRule(rule: Rule, context: RuleContext): Finding[] {
  try {
    return rule.check(context);
  } catch (error) {
    console.error(`rule ${rule.id} failed: ${(error as Error).stack ?? error}`);
    return [];
  }
}

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
