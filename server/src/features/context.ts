/** What every feature gets: the document, its parsed model, the build context's workspace, the ECR cache. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../dockerfile/model';
import type { EcrCatalog } from '../ecr/catalog';
import type { WorkspaceModel } from '../project/workspace';
import type { LintFinding } from '../rules/engine';

export interface FeatureContext {
  document: TextDocument;
  dockerfile: DockerfileModel;
  workspace: WorkspaceModel | null;
  /** The user's ECR listing; null when the workspace is untrusted or AWS is not configured. */
  ecr: EcrCatalog | null;
  /** Findings of this document version (hover and code actions). */
  findings: readonly LintFinding[];
  /** "Now" for EOL status (tests pin it). */
  now?: Date;
}
