/**
 * Quick fixes: every finding's `fixes` as a real WorkspaceEdit (edits to other files of the context,
 * e.g. .dockerignore, become documentChanges with CreateFile when the file is new), plus
 * "Suppress <rule> for this instruction" and "... for this file" in the comment syntax the engine
 * honours (rules/suppressions.ts): BuildKit `# check=skip=` or hadolint `# hadolint ignore=`.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeAction,
  type CreateFile,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findRule, type LintFinding } from '../rules/engine';
import type { Fix } from '../rules/types';
import type { FeatureContext } from './context';
import { instructionAt } from './cursor';
import { toDiagnostic } from './diagnostic';

export interface CodeActionOptions {
  /** The client applies documentChanges (versioned edits, CreateFile); without it new files cannot be made. */
  documentChanges: boolean;
  /** Only these kinds (from the request's context.only); all when undefined. */
  only?: string[];
}

export function codeActionsFor(context: FeatureContext, range: Range, options: CodeActionOptions): CodeAction[] {
  if (options.only && !options.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  for (const finding of context.findings) {
    if (!overlaps(finding.range, range)) continue;
    const diagnostic = toDiagnostic(finding);
    for (const fix of finding.fixes ?? []) {
      const edit = fixEdit(fix, context.document, options.documentChanges);
      if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit });
    }
    for (const action of suppressActions(context, finding)) {
      if (!suppressions.some((other) => other.title === action.title)) suppressions.push({ ...action, diagnostics: [diagnostic] });
    }
  }
  return [...actions, ...suppressions];
}

/** A fix's edits grouped per file; the Dockerfile's edits are tied to the version they were computed for. */
export function fixEdit(fix: Fix, document: TextDocument, documentChanges: boolean): WorkspaceEdit | null {
  const byUri = new Map<string, { edits: TextEdit[]; create: boolean; own: boolean }>();
  for (const edit of fix.edits) {
    const uri = edit.path ? pathToFileURL(path.resolve(edit.path)).href : document.uri;
    const group = byUri.get(uri) ?? { edits: [], create: false, own: !edit.path };
    group.edits.push({ range: edit.range, newText: edit.newText });
    group.create ||= edit.create === true;
    byUri.set(uri, group);
  }
  if (!documentChanges) {
    if ([...byUri.values()].some((group) => group.create)) return null;
    return { changes: Object.fromEntries([...byUri].map(([uri, group]) => [uri, group.edits])) };
  }
  const changes: Array<TextDocumentEdit | CreateFile> = [];
  for (const [uri, group] of byUri) {
    if (group.create) changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    changes.push({ textDocument: { uri, version: group.own ? document.version : null }, edits: group.edits });
  }
  return { documentChanges: changes };
}

function suppressActions(context: FeatureContext, finding: LintFinding): CodeAction[] {
  const rule = findRule(finding.ruleId);
  const eol = context.document.getText().includes('\r\n') ? '\r\n' : '\n';
  const actions: CodeAction[] = [];
  const instruction = instructionAt(context.dockerfile, finding.range.start.line);
  if (instruction) {
    const hadolint = rule?.hadolint;
    const name = hadolint ?? rule?.buildkit ?? finding.ruleId;
    const edit = hadolint
      ? commentAbove(context.document, instruction.getRange().start.line, /^(\s*#\s*hadolint\s+ignore\s*=\s*)(.*)$/i, 'hadolint ignore=', name, eol)
      : commentAbove(context.document, instruction.getRange().start.line, /^(\s*#\s*check\s*=\s*skip\s*=\s*)([^;]*)(.*)$/i, 'check=skip=', name, eol);
    actions.push(suppression(`Suppress ${finding.ruleId} for this instruction`, context.document, edit));
  }
  const fileName = rule?.buildkit ?? finding.ruleId;
  actions.push(suppression(`Suppress ${finding.ruleId} for this file`, context.document, fileDirective(context.document, fileName, eol)));
  return actions;
}

function suppression(title: string, document: TextDocument, edit: TextEdit): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, edit: { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [edit] }] } };
}

/** Adds `name` to a matching comment directly above the line, or inserts `# <prefix><name>` there with its indentation. */
function commentAbove(document: TextDocument, line: number, existing: RegExp, prefix: string, name: string, eol: string): TextEdit {
  for (let above = line - 1; above >= 0; above--) {
    const text = lineText(document, above);
    if (!text.trim().startsWith('#')) break;
    const match = existing.exec(text);
    // A leading parser directive is file-wide: never widen it from an instruction's action.
    if (match && !(prefix.startsWith('check') && allDirectivesAbove(document, above + 1))) return appendToList(above, match, name);
  }
  const indent = /^\s*/.exec(lineText(document, line))?.[0] ?? '';
  // A `# check=` line among the leading parser directives would apply to the whole file: a blank line ends them.
  const inDirectives = prefix.startsWith('check') && allDirectivesAbove(document, line);
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${inDirectives ? eol : ''}${indent}# ${prefix}${name}${eol}` };
}

const DIRECTIVE_LINE = /^\s*#\s*[A-Za-z][\w-]*\s*=/;

function allDirectivesAbove(document: TextDocument, line: number): boolean {
  for (let above = 0; above < line; above++) if (!DIRECTIVE_LINE.test(lineText(document, above).replace(/^\uFEFF/, ''))) return false;
  return true;
}

/** File level (BuildKit): a `# check=skip=` parser directive, merged into an existing one at the top. */
function fileDirective(document: TextDocument, name: string, eol: string): TextEdit {
  for (let line = 0; line < document.lineCount; line++) {
    const text = lineText(document, line);
    if (!DIRECTIVE_LINE.test(text.replace(/^\uFEFF/, ''))) break; // parser directives end at the first other line
    const match = /^(\s*#\s*check\s*=\s*(?:[^;]*;\s*)*?skip\s*=\s*)([^;]*)(.*)$/i.exec(text);
    if (match) return appendToList(line, match, name);
  }
  const bom = lineText(document, 0).startsWith('\uFEFF') ? 1 : 0;
  return { range: { start: { line: 0, character: bom }, end: { line: 0, character: bom } }, newText: `# check=skip=${name}${eol}` };
}

/** Rewrites a `prefix` + `a,b` + `rest` match as `prefix` + `a,b,name` + `rest` (replacing the list only). */
function appendToList(line: number, match: RegExpExecArray, name: string): TextEdit {
  const list = match[2].trimEnd();
  const start = match[1].length;
  return {
    range: { start: { line, character: start }, end: { line, character: start + match[2].length } },
    newText: list ? `${list},${name}` : name,
  };
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
