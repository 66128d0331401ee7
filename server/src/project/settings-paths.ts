/**
 * Filesystem paths in settings modules, evaluated statically: `Path(__file__).resolve().parent.parent`,
 * `BASE_DIR / "staticfiles"`, `os.path.join(os.path.dirname(__file__), "media")`, `str(...)`. (Defaults of
 * environment reads are evaluated by the caller, which knows the env-read forms: env-reads.ts.) Paths are
 * relative to the scanned folder; a path that leaves it is not a project path (and is unknown here).
 */
import type { SyntaxNode } from '@lezer/common';
import { dirnameRel, joinRel } from './project-files';
import { callArguments, calleeName, children, sourceOf, type PythonModule } from './python';

export type PathOrString = { kind: 'path'; path: string } | { kind: 'str'; value: string };

/** Evaluates a sub-expression to a path or string (the caller's own evaluator, which knows variables). */
export type SubEvaluator = (node: SyntaxNode) => PathOrString | undefined;

const IDENTITY_CALLS = /^(?:str|os\.path\.(?:abspath|realpath|normpath|expanduser)|os\.fspath)$/;
const PATH_CONSTRUCTORS = /^(?:(?:pathlib\.)?(?:Path|PurePath|PosixPath|PurePosixPath))$/;
const JOIN_CALLS = /^(?:os\.path\.join|posixpath\.join)$/;
const IDENTITY_METHODS = new Set(['resolve', 'absolute', 'expanduser']);

/** The path (or string) an expression denotes, or undefined when it is neither or unknown. */
export function pathExpression(mod: PythonModule, node: SyntaxNode, sub: SubEvaluator): PathOrString | undefined {
  switch (node.name) {
    case 'BinaryExpression': {
      const [left, op, right] = children(node);
      if (!left || !right || sourceOf(mod, op) !== '/') return undefined;
      return join(sub(left), sub(right));
    }
    case 'MemberExpression':
      return memberPath(mod, node, sub);
    case 'CallExpression':
      return callPath(mod, node, sub);
    default:
      return undefined;
  }
}

function memberPath(mod: PythonModule, node: SyntaxNode, sub: SubEvaluator): PathOrString | undefined {
  const parts = children(node);
  const base = parts[0];
  if (!base) return undefined;
  const property = parts.find((p) => p.name === 'PropertyName');
  if (property && sourceOf(mod, property) === 'parent') return parent(sub(base), 1);
  // `x.parents[n]`: the (n+1)-th ancestor.
  const index = parts.find((p) => p.name === 'Number');
  if (base.name === 'MemberExpression' && index && /^\d+$/.test(sourceOf(mod, index))) {
    const baseParts = children(base);
    const name = baseParts.find((p) => p.name === 'PropertyName');
    if (name && sourceOf(mod, name) === 'parents' && baseParts[0]) return parent(sub(baseParts[0]), Number(sourceOf(mod, index)) + 1);
  }
  return undefined;
}

function callPath(mod: PythonModule, call: SyntaxNode, sub: SubEvaluator): PathOrString | undefined {
  const callee = calleeName(mod, call);
  const positional = callArguments(mod, call).filter((a) => !a.keyword);
  if (IDENTITY_CALLS.test(callee)) return positional[0] ? sub(positional[0].value) : undefined;
  if (callee === 'os.path.dirname') return positional[0] ? parent(sub(positional[0].value), 1) : undefined;
  if (PATH_CONSTRUCTORS.test(callee) || JOIN_CALLS.test(callee)) {
    if (positional.length === 0) return undefined;
    return positional.slice(1).reduce<PathOrString | undefined>((acc, arg) => join(acc, sub(arg.value)), sub(positional[0].value));
  }
  // `x.resolve()`, `x.joinpath("a", "b")`
  const method = /\.([A-Za-z_]\w*)$/.exec(callee)?.[1];
  const target = call.firstChild?.firstChild;
  if (!method || !target || call.firstChild?.name !== 'MemberExpression') return undefined;
  if (IDENTITY_METHODS.has(method)) return asPath(sub(target));
  if (method === 'joinpath') return positional.reduce<PathOrString | undefined>((acc, arg) => join(acc, sub(arg.value)), asPath(sub(target)));
  return undefined;
}

function asPath(value: PathOrString | undefined): PathOrString | undefined {
  return value?.kind === 'path' ? value : undefined;
}

function parent(value: PathOrString | undefined, levels: number): PathOrString | undefined {
  if (value?.kind !== 'path') return undefined;
  let path = value.path;
  for (let i = 0; i < levels; i++) {
    if (path === '') return undefined; // above the scanned folder
    path = dirnameRel(path);
  }
  return { kind: 'path', path };
}

function join(left: PathOrString | undefined, right: PathOrString | undefined): PathOrString | undefined {
  if (left?.kind !== 'path' || right?.kind !== 'str') return undefined;
  if (right.value.startsWith('/')) return right; // an absolute segment replaces what came before
  const segments = right.value.split('/').filter((s) => s && s !== '.');
  if (segments.includes('..')) return undefined;
  return { kind: 'path', path: joinRel(left.path, ...segments) };
}
