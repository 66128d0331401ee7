/**
 * Parses each document version once: rules and every feature share the cached DockerfileModel.
 * Only the most recently used documents keep their model: a parsed AST plus the per-instruction caches
 * linting hangs on it cost ~100 KB for a 40-line file, and an open but untouched document re-parses in
 * well under a millisecond when a request needs it again.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';

/** How many documents keep their parsed model (the ones being edited or looked at). */
export const RETAINED_MODELS = 16;

export class DocumentModels {
  /** In use order: the least recently used first. */
  private readonly byUri = new Map<string, { version: number; model: DockerfileModel }>();

  constructor(private readonly capacity = RETAINED_MODELS) {}

  get(document: TextDocument): DockerfileModel {
    const cached = this.byUri.get(document.uri);
    this.byUri.delete(document.uri);
    if (cached && cached.version === document.version) {
      this.byUri.set(document.uri, cached);
      return cached.model;
    }
    const model = parseDockerfile(document.getText());
    this.byUri.set(document.uri, { version: document.version, model });
    if (this.byUri.size > this.capacity) this.byUri.delete(this.byUri.keys().next().value as string);
    return model;
  }

  /**
   * The cached model of this version, else a fresh parse that is not kept. For the diagnostics path: a parse
   * held across lints survives minor GCs and is promoted with everything it points to, which grew a server that
   * opened 200 files by ~40 MB; requests (hover, completion, hints) keep the model of the document in use.
   */
  peek(document: TextDocument): DockerfileModel {
    const cached = this.byUri.get(document.uri);
    return cached && cached.version === document.version ? cached.model : parseDockerfile(document.getText());
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
