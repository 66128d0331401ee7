/** Where the cursor is in a Dockerfile: the instruction around it, the text before it, the word under it. */
import type { Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel, Stage } from '../dockerfile/model';

export interface Word {
  text: string;
  range: Range;
}

export interface CursorContext {
  instruction: Instruction | undefined;
  /** Upper-case keyword of that instruction, '' when the cursor is outside every instruction. */
  keyword: string;
  /** The instruction's text from its start to the cursor (continuation lines included). */
  before: string;
  /** The partial word ending at the cursor (what a completion replaces). */
  typed: Word;
  /** The stage the cursor is in, if any. */
  stage: Stage | undefined;
}

/** Characters that end a word: blanks, quotes, JSON punctuation and `=` (so `--from=x` types `x`). */
const WORD_BEFORE = /[^\s"',[\]=]*$/;
const WORD_AFTER = /^[^\s"',[\]=]*/;

export function instructionAt(model: DockerfileModel, line: number): Instruction | undefined {
  return model.ast.getInstructions().find((instruction) => {
    const range = instruction.getRange();
    return range.start.line <= line && line <= range.end.line;
  });
}

export function stageAt(model: DockerfileModel, line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const stage of model.stages) if (stage.from.getRange().start.line <= line) found = stage;
  return found;
}

export function cursorContext(document: TextDocument, model: DockerfileModel, position: Position): CursorContext {
  const instruction = instructionAt(model, position.line);
  const start = instruction ? instruction.getRange().start : { line: position.line, character: 0 };
  const before = document.getText({ start, end: position });
  const typedText = WORD_BEFORE.exec(before)?.[0] ?? '';
  const typed: Word = {
    text: typedText,
    range: { start: { line: position.line, character: position.character - typedText.length }, end: position },
  };
  const keyword = instruction?.getKeyword().toUpperCase() ?? (/^\s*([A-Za-z]+)/.exec(before)?.[1].toUpperCase() ?? '');
  return { instruction, keyword, before, typed, stage: stageAt(model, position.line) };
}

/** The whole word under the cursor (for hovers). */
export function wordAt(document: TextDocument, position: Position): Word | undefined {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const left = WORD_BEFORE.exec(line.slice(0, position.character))?.[0] ?? '';
  const right = WORD_AFTER.exec(line.slice(position.character))?.[0] ?? '';
  const text = left + right;
  if (!text) return undefined;
  return {
    text,
    range: { start: { line: position.line, character: position.character - left.length }, end: { line: position.line, character: position.character + right.length } },
  };
}

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
