/**
 * Lint findings per (document version, workspace generation, settings revision), computed once and
 * shared by diagnostics, hovers and code actions. Linting runs in the lint worker when it is up (so
 * a long lint never delays other requests), else in process on the cached parse.
 */
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceModel } from '../project/workspace';
import { lintDockerfile, type LintFinding } from '../rules/engine';
import type { DocumentModels } from './document-models';
import type { LintWorker } from './lint-worker';
import type { ServerSettings } from './settings';
import type { WorkspaceModels } from './workspace-models';

/**
 * Documents up to this size lint in process (a few ms for a few hundred lines), which keeps the worker's
 * second heap out of memory for the usual Dockerfile; longer ones go to the worker so typing never waits.
 */
export const IN_PROCESS_LINT_MAX_CHARS = 32 * 1024;

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
    private readonly worker: LintWorker | null = null,
  ) {}

  /** Findings of the document's current version (text and version are read together, synchronously). */
  analyze(document: TextDocument): Promise<Analysis> {
    const key = `${document.version}/${this.workspaces.generation}/${this.settingsRevision}`;
    const cached = this.byUri.get(document.uri);
    if (cached && cached.key === key) return cached.analysis;
    const analysis = this.compute(document);
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

  private async compute(document: TextDocument): Promise<Analysis> {
    const { uri, version } = document;
    const text = document.getText();
    const settings = this.settings();
    const dockerfilePath = filePathOf(uri);
    if (this.worker?.available && text.length > IN_PROCESS_LINT_MAX_CHARS) {
      try {
        const findings = await this.worker.lint({
          text,
          dockerfilePath,
          roots: [...this.roots()],
          severities: settings.severities,
          genericRules: settings.genericRules,
        });
        return { uri, version, findings };
      } catch {
        /* the worker went away: lint in process below */
      }
    }
    const parsed = this.models.peek(document);
    const dockerfile = parsed.text === text ? parsed : undefined;
    const workspace = await this.workspaces.forDockerfile(dockerfilePath, this.roots());
    const findings = lintDockerfile(text, { workspace, model: dockerfile, severities: settings.severities, genericRules: settings.genericRules });
    return { uri, version, findings };
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
