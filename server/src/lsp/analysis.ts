/**
 * One analysis per (document version, workspace generation, settings revision): the parsed model,
 * the build context's workspace model and the lint findings. Diagnostics, hovers and code actions
 * all read the same analysis, so a document version is parsed and linted once.
 */
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';
import { lintDockerfile, type LintFinding } from '../rules/engine';
import type { DocumentModels } from './document-models';
import type { ServerSettings } from './settings';
import type { WorkspaceModels } from './workspace-models';

export interface Analysis {
  uri: string;
  version: number;
  dockerfile: DockerfileModel;
  workspace: WorkspaceModel | null;
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
  ) {}

  analyze(document: TextDocument): Promise<Analysis> {
    const key = `${document.version}/${this.workspaces.generation}/${this.settingsRevision}`;
    const cached = this.byUri.get(document.uri);
    if (cached && cached.key === key) return cached.analysis;
    const analysis = this.compute(document);
    this.byUri.set(document.uri, { key, analysis });
    return analysis;
  }

  /** The workspace model alone (completions need it, not the findings). */
  workspaceOf(document: TextDocument): Promise<WorkspaceModel | null> {
    return this.workspaces.forDockerfile(filePathOf(document.uri), this.roots());
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.models.forget(uri);
  }

  private async compute(document: TextDocument): Promise<Analysis> {
    const dockerfile = this.models.get(document);
    const workspace = await this.workspaceOf(document);
    const settings = this.settings();
    const findings = lintDockerfile(dockerfile.text, {
      workspace,
      model: dockerfile,
      severities: settings.severities,
      genericRules: settings.genericRules,
    });
    return { uri: document.uri, version: document.version, dockerfile, workspace, findings };
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
