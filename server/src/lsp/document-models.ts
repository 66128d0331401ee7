/** Parses each document version once: rules and every feature share the cached DockerfileModel. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';

export class DocumentModels {
  private readonly byUri = new Map<string, { version: number; model: DockerfileModel }>();

  get(document: TextDocument): DockerfileModel {
    const cached = this.byUri.get(document.uri);
    if (cached && cached.version === document.version) return cached.model;
    const model = parseDockerfile(document.getText());
    this.byUri.set(document.uri, { version: document.version, model });
    return model;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
