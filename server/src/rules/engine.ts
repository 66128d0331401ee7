/**
 * Runs every registered rule over one parsed Dockerfile and resolves severities.
 * Pure: no I/O, no LSP types beyond plain ranges. The LSP server and the CLI both call lintDockerfile().
 */
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';
import { allRules } from './index';
import type { Finding, Rule, Severity } from './types';

export interface LintOptions {
  workspace: WorkspaceModel | null;
  /** Per-rule severity override; 'off' disables the rule. */
  severities?: Readonly<Record<string, Severity | 'off'>>;
  /** Pre-parsed model for this document version (the server caches it per version). */
  model?: DockerfileModel;
}

export interface LintFinding extends Finding {
  severity: Severity;
}

export function lintDockerfile(text: string, options: LintOptions): LintFinding[] {
  const dockerfile = options.model ?? parseDockerfile(text);
  const findings: LintFinding[] = [];
  for (const rule of allRules) {
    const configured = options.severities?.[rule.id];
    if (configured === 'off') continue;
    for (const finding of runRule(rule, dockerfile, options.workspace)) {
      findings.push({ ...finding, severity: configured ?? finding.severity ?? rule.defaultSeverity });
    }
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** A rule that throws must not take the others down: its failure becomes no findings. */
function runRule(rule: Rule, dockerfile: DockerfileModel, workspace: WorkspaceModel | null): Finding[] {
  try {
    return rule.check({ dockerfile, workspace });
  } catch (error) {
    console.error(`rule ${rule.id} failed: ${(error as Error).stack ?? error}`);
    return [];
  }
}

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
