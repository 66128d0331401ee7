/**
 * Python module references written in a Dockerfile: WSGI/ASGI application paths in CMD/ENTRYPOINT/RUN
 * (`config.wsgi:application`) and DJANGO_SETTINGS_MODULE values, each with its range and its file
 * in the build context (when it exists there).
 */
import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';
import { appModules, moduleFile } from './python-modules';

export interface ModuleReference {
  kind: 'application' | 'settings';
  /** As written, e.g. "config.wsgi:application" or "config.settings.production". */
  text: string;
  module: string;
  range: Range;
  /** File relative to the build context, when the module exists there. */
  file: string | undefined;
}

const COMMAND_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'RUN']);
/** A dotted module with an optional `:attribute`, not part of a path, URL or longer word. */
const APPLICATION_PATH = /(?<![\w./:-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::([A-Za-z_]\w*))?(?![\w./:-])/g;
const SETTINGS_VALUE = /(DJANGO_SETTINGS_MODULE(?:=|\s+)|--settings(?:=|\s+))(["']?)([A-Za-z_][\w.]*)/g;

export function moduleReferences(document: TextDocument, dockerfile: DockerfileModel, workspace: WorkspaceModel | null): ModuleReference[] {
  const references: ModuleReference[] = [];
  const apps = appModules(workspace);
  for (const instruction of dockerfile.ast.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const range = instruction.getRange();
    const base = document.offsetAt(range.start);
    const text = document.getText(range);
    const at = (start: number, length: number): Range => ({
      start: document.positionAt(base + start),
      end: document.positionAt(base + start + length),
    });
    const settingsSpans: Array<[number, number]> = [];
    for (const match of text.matchAll(SETTINGS_VALUE)) {
      const start = (match.index ?? 0) + match[1].length + match[2].length;
      settingsSpans.push([start, start + match[3].length]);
      references.push({ kind: 'settings', text: match[3], module: match[3], range: at(start, match[3].length), file: moduleFile(workspace, match[3]) });
    }
    if (!COMMAND_KEYWORDS.has(keyword) || !/\b(gunicorn|uvicorn|daphne|hypercorn|granian)\b/.test(text)) continue;
    for (const match of text.matchAll(APPLICATION_PATH)) {
      const start = match.index ?? 0;
      if (settingsSpans.some(([from, to]) => start >= from && start < to)) continue;
      const [written, module, attribute] = match;
      const isApp = apps.some((app) => app.module === module && (!attribute || app.attribute === attribute));
      // A bare dotted word is only a module when it names a known application module (or has `:attr`).
      if (!attribute && !isApp) continue;
      if (!module.includes('.') && !attribute) continue;
      references.push({ kind: 'application', text: written, module, range: at(start, written.length), file: moduleFile(workspace, module) });
    }
  }
  return references;
}
