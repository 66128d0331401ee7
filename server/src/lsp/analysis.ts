/**
 * Lint findings per (document version, workspace generation, settings revision), computed once and
 * shared by diagnostics, hovers and code actions. Linting runs in process on the cached parse, in time
 * slices: a long document's lint gives the event loop a turn every LINT_SLICE_MS, so completions and hovers
 * are answered mid-lint, and a lint whose document changed meanwhile stops at the next slice instead of
 * finishing for nothing. (A worker thread did this before: a second V8 heap, a copy of every text and finding
 * both ways, and a cold JIT of its own cost more than the lint of a usual Dockerfile.)
 */
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceModel } from '../project/workspace';
import { lintSteps, type LintFinding } from '../rules/engine';
import type { DocumentModels } from './document-models';
import type { ServerSettings } from './settings';
import type { WorkspaceModels } from './workspace-models';

/** The longest a lint runs without letting other requests in (one rule or the parse may take longer). */
export const LINT_SLICE_MS = 8;

/** The analysis was dropped because its document changed, closed, or its settings/workspace moved on. */
export class AnalysisSuperseded extends Error {
  constructor(uri: string) {
    super(`analysis of ${uri} superseded`);
  }
}

export interface Analysis {
  uri: string;
  /** The document version these findings belong to. */
  version: number;
  findings: LintFinding[];
}

export class Analyses {
  private readonly byUri = new Map<string, { key: string; analysis: Promise<Analysis> }>();
  /** Bumped whenever settings change. */
  settingsRevision = 0;

  constructor(
    private readonly models: DocumentModels,
    private readonly workspaces: WorkspaceModels,
    private readonly settings: () => ServerSettings,
    private readonly roots: () => readonly string[],
    private readonly yieldTurn: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ) {}

  /** Findings of the document's current version (text and version are read together, synchronously). */
  analyze(document: TextDocument): Promise<Analysis> {
    const key = `${document.version}/${this.workspaces.generation}/${this.settingsRevision}`;
    const cached = this.byUri.get(document.uri);
    if (cached && cached.key === key) return cached.analysis;
    const analysis = this.compute(document, key);
    this.byUri.set(document.uri, { key, analysis });
    return analysis;
  }

  /** The workspace model of the document's build context (features need it, not the findings). */
  workspaceOf(document: TextDocument): Promise<WorkspaceModel | null> {
    return this.workspaces.forDockerfile(filePathOf(document.uri), this.roots());
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.models.forget(uri);
  }

  private async compute(document: TextDocument, key: string): Promise<Analysis> {
    // Text and version now: the document object is updated in place by later changes.
    const { uri, version } = document;
    const text = document.getText();
    const settings = this.settings();
    const workspace = await this.workspaces.forDockerfile(filePathOf(uri), this.roots());
    const current = () => this.byUri.get(uri)?.key === key;
    if (!current()) throw new AnalysisSuperseded(uri);
    const parsed = this.models.peek(document);
    const steps = lintSteps(text, { workspace, model: parsed.text === text ? parsed : undefined, severities: settings.severities, genericRules: settings.genericRules });
    let sliceEnd = performance.now() + LINT_SLICE_MS;
    for (;;) {
      const step = steps.next();
      if (step.done) return { uri, version, findings: step.value };
      if (performance.now() < sliceEnd) continue;
      await this.yieldTurn();
      if (!current()) throw new AnalysisSuperseded(uri);
      sliceEnd = performance.now() + LINT_SLICE_MS;
    }
  }
}

/** The file system path of a file: URI, or null for untitled and other schemes. */
export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
