/**
 * The contract between the rule engine, every rule, and the front ends (LSP, CLI).
 * Positions are 0-based (LSP); the CLI converts to 1-based.
 */
import type { Range } from 'vscode-languageserver-types';
import type { DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** An edit to a file: the Dockerfile itself (path undefined) or another file of the context (e.g. .dockerignore). */
export interface FileEdit {
  /** Absolute path of another file; undefined means the linted Dockerfile. */
  path?: string;
  /** Range to replace; for a file that does not exist yet, use {0,0}-{0,0} and set create. */
  range: Range;
  newText: string;
  create?: boolean;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** The preferred fix for a finding is offered first and as the "auto fix". */
  preferred?: boolean;
}

export interface Finding {
  ruleId: string;
  message: string;
  range: Range;
  /** Overrides the rule's default severity for this finding (settings override both). */
  severity?: Severity;
  fixes?: Fix[];
}

export interface RuleContext {
  /** The parsed Dockerfile (parsed once per document version). */
  dockerfile: DockerfileModel;
  /** The workspace around the Dockerfile: project model of the build context, files. Null when unknown. */
  workspace: WorkspaceModel | null;
  /** "Today" for date-driven rules (Python EOL); tests pin it. Defaults to the current time. */
  now?: Date;
}

export interface Rule {
  /** Stable id, kebab-case, e.g. "django-missing-entrypoint". */
  id: string;
  defaultSeverity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** A short Markdown doc shown on hover: why it matters and how to fix it. */
  doc: string;
  /** Equivalent rule ids elsewhere, so their suppressions also apply. */
  hadolint?: string;
  buildkit?: string;
  check(ctx: RuleContext): Finding[];
}
