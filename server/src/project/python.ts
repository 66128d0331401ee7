/**
 * Small helpers over @lezer/python syntax trees: just enough static reading of manage.py, settings
 * and wsgi/asgi modules. Nothing is executed; anything not a literal is "unknown", never guessed.
 */
import type { SyntaxNode, Tree } from '@lezer/common';

/**
 * The parser is required on first use, not imported: building its tables costs a language server that never
 * reads Python (no workspace, or no Django project) about 6 MiB and 25 ms at startup.
 */
let pythonParser: typeof import('@lezer/python').parser | undefined;
function parser(): typeof import('@lezer/python').parser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  pythonParser ??= (require('@lezer/python') as typeof import('@lezer/python')).parser;
  return pythonParser;
}

export interface PythonModule {
  text: string;
  tree: Tree;
  /** 1-based line of the first syntax error, or null when the file parsed cleanly. */
  errorLine: number | null;
}

export function parsePython(text: string): PythonModule {
  const tree = parser().parse(text);
  let errorAt = -1;
  tree.iterate({
    enter(node) {
      if (errorAt >= 0) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      return undefined;
    },
  });
  return { text, tree, errorLine: errorAt < 0 ? null : lineOf(text, errorAt) };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

export function sourceOf(mod: PythonModule, node: SyntaxNode): string {
  return mod.text.slice(node.from, node.to);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** The value of a plain string literal (including implicit concatenation); undefined for f-strings and non-strings. */
export function stringValue(mod: PythonModule, node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.name === 'ContinuedString') {
    let out = '';
    for (const part of children(node)) {
      const value = stringValue(mod, part);
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  }
  if (node.name !== 'String') return undefined;
  const raw = sourceOf(mod, node);
  const match = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(raw);
  if (!match) return undefined;
  const prefix = match[1].toLowerCase();
  const quote = match[2];
  if (!raw.endsWith(quote) || raw.length < match[0].length + quote.length) return undefined;
  const body = raw.slice(match[0].length, raw.length - quote.length);
  if (prefix.includes('r')) return body;
  return body.replace(/\\(.)/gs, (whole, ch: string) => SIMPLE_ESCAPES[ch] ?? whole);
}

/**
 * Statements that run when the module is imported: the top level plus the bodies of if/try/with blocks
 * (settings commonly do `try: from .local import *`), never function or class bodies.
 */
export function* moduleStatements(mod: PythonModule): Generator<SyntaxNode> {
  yield* statementsIn(mod.tree.topNode);
}

const BLOCK_STATEMENTS = new Set(['IfStatement', 'TryStatement', 'WithStatement']);

function* statementsIn(container: SyntaxNode): Generator<SyntaxNode> {
  for (let node = container.firstChild; node; node = node.nextSibling) {
    if (BLOCK_STATEMENTS.has(node.name)) {
      for (const body of node.getChildren('Body')) yield* statementsIn(body);
    } else if (node.name === 'Body') {
      yield* statementsIn(node);
    } else {
      yield node;
    }
  }
}

/** Every node of a given type anywhere in the module (for calls hidden in `def main():`). */
export function findAll(mod: PythonModule, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  mod.tree.iterate({
    enter(ref) {
      if (ref.name === name) out.push(ref.node);
    },
  });
  return out;
}

/** Callee text of a call with whitespace removed, e.g. "os.environ.setdefault". */
export function calleeName(mod: PythonModule, call: SyntaxNode): string {
  const callee = call.firstChild;
  return callee ? sourceOf(mod, callee).replace(/\s+/g, '') : '';
}

export interface CallArgument {
  /** Keyword name for `name=value` arguments. */
  keyword?: string;
  value: SyntaxNode;
}

/** Arguments of a CallExpression, positional and keyword. */
export function callArguments(mod: PythonModule, call: SyntaxNode): CallArgument[] {
  const argList = call.getChild('ArgList');
  if (!argList) return [];
  const out: CallArgument[] = [];
  const nodes = children(argList).filter((n) => !['(', ')', ','].includes(n.name));
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.name === 'VariableName' && nodes[i + 1]?.name === 'AssignOp' && nodes[i + 2]) {
      out.push({ keyword: sourceOf(mod, node), value: nodes[i + 2] });
      i += 2;
    } else {
      out.push({ value: node });
    }
  }
  return out;
}

/** Targets and value of an AssignStatement (`a = b = value`, `a: T = value`). */
export function assignmentParts(stmt: SyntaxNode): { targets: SyntaxNode[]; value: SyntaxNode | null } {
  const parts = children(stmt);
  let lastOp = -1;
  parts.forEach((n, i) => {
    if (n.name === 'AssignOp') lastOp = i;
  });
  if (lastOp < 0) return { targets: [], value: null };
  const targets = parts.slice(0, lastOp).filter((n) => n.name !== 'AssignOp' && n.name !== 'TypeDef' && !n.type.isError);
  return { targets, value: parts[lastOp + 1] ?? null };
}

/** The string key of a subscript target like `DATABASES["default"]`, with its base name. */
export function subscriptTarget(mod: PythonModule, node: SyntaxNode): { base: string; key: string | undefined } | undefined {
  if (node.name !== 'MemberExpression' || !node.getChild('[')) return undefined;
  const base = node.firstChild;
  if (!base) return undefined;
  const keyNode = children(node).find((n, i, all) => i > 0 && all[i - 1].name === '[');
  return { base: sourceOf(mod, base).replace(/\s+/g, ''), key: stringValue(mod, keyNode) };
}
