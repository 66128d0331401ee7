/**
 * Which environment variables a settings module reads, and with what defaults: `os.environ.get("X", d)`,
 * `os.getenv`, `os.environ["X"]`, django-environ `env("X")` / `env.str("X", default=d)` / `env.db()`,
 * dj-database-url `config()` / `parse(...)` and python-decouple `config("X", default=d)`. A generated
 * compose.yaml sets exactly these names, so the settings find what they look for. Nothing is executed.
 */
import type { SyntaxNode } from '@lezer/common';
import { callArguments, calleeName, children, sourceOf, stringValue, subscriptTarget, type PythonModule } from './python';

export interface EnvRead {
  /** The environment variable's name. */
  variable: string;
  /** The default when it is a literal (strings, numbers, booleans as Python writes them). */
  default: string | null;
  /** False when the settings fail (KeyError, ImproperlyConfigured) without the variable. */
  hasDefault: boolean;
  /** The value is a database URL (env.db(), dj_database_url). */
  url: boolean;
}

/** django-environ's default variable for env.db() / dj_database_url.config(). */
const DATABASE_URL = 'DATABASE_URL';
/** django-environ methods whose second positional argument is the default (`__call__` takes cast there). */
const ENVIRON_METHODS = /^(str|bool|int|float|list|tuple|dict|json|url|path|db|db_url|database_url|cache|cache_url|email|email_url|search_url|parse_value)$/;
const ENVIRON_URL_METHODS = /^(db|db_url|database_url)$/;

export interface EnvironReaders {
  names: Set<string>;
  /** Defaults declared in the Env(...) constructor, by variable. */
  defaults: Map<string, string | null>;
}

const readersOf = new WeakMap<PythonModule, EnvironReaders>();

/** Names bound to a django-environ `Env(...)` in this module ("env" is assumed even when not seen). */
export function environReaders(mod: PythonModule): EnvironReaders {
  const cached = readersOf.get(mod);
  if (cached) return cached;
  const names = new Set(['env']);
  const defaults = new Map<string, string | null>();
  mod.tree.iterate({
    enter(ref) {
      if (ref.name !== 'AssignStatement') return;
      const parts = children(ref.node);
      const value = parts[parts.length - 1];
      if (value?.name !== 'CallExpression' || !/^(environ\.)?Env$/.test(calleeName(mod, value))) return;
      if (parts[0]?.name === 'VariableName') names.add(sourceOf(mod, parts[0]));
      // environ.Env(DEBUG=(bool, False)): the tuple's second item is the default.
      for (const arg of callArguments(mod, value)) {
        if (!arg.keyword) continue;
        const items = children(arg.value).filter((n) => !['(', ')', ','].includes(n.name));
        defaults.set(arg.keyword, arg.value.name === 'TupleExpression' && items[1] ? literalText(mod, items[1]) : null);
      }
      return false;
    },
  });
  const readers = { names, defaults };
  readersOf.set(mod, readers);
  return readers;
}

/** The env read an expression performs, looking through casts such as `int(...)` and `bool(...)`. */
export function envReadOf(mod: PythonModule, node: SyntaxNode, readers = environReaders(mod)): EnvRead | undefined {
  return envReadWithDefault(mod, node, readers)?.read;
}

/** An env read and the expression its default is (for callers that evaluate computed defaults such as paths). */
export interface EnvReadWithDefault {
  read: EnvRead;
  defaultNode?: SyntaxNode;
}

export function envReadWithDefault(mod: PythonModule, node: SyntaxNode, readers = environReaders(mod)): EnvReadWithDefault | undefined {
  if (node.name === 'ParenthesizedExpression') {
    const inner = children(node).find((n) => n.name !== '(' && n.name !== ')');
    return inner ? envReadWithDefault(mod, inner, readers) : undefined;
  }
  if (node.name === 'MemberExpression') {
    // os.environ["X"]
    const target = subscriptTarget(mod, node);
    if (target && /^(os\.)?environ$/.test(target.base) && target.key) return { read: { variable: target.key, default: null, hasDefault: false, url: false } };
    return undefined;
  }
  if (node.name !== 'CallExpression') return undefined;
  const callee = calleeName(mod, node);
  const args = callArguments(mod, node);
  const positional = args.filter((a) => !a.keyword);
  const keyword = (name: string): SyntaxNode | undefined => args.find((a) => a.keyword === name)?.value;
  const read = (variable: string | undefined, defaultNode: SyntaxNode | undefined, url = false): EnvReadWithDefault | undefined =>
    variable ? { read: { variable, default: defaultNode ? literalText(mod, defaultNode) : null, hasDefault: !!defaultNode, url }, defaultNode } : undefined;

  if (/^(os\.)?(environ\.get|getenv)$/.test(callee)) {
    // Without a default these return None: the settings still load, so the variable is optional.
    const found = read(stringValue(mod, positional[0]?.value), positional[1]?.value ?? keyword('default'));
    return found ? { ...found, read: { ...found.read, hasDefault: true } } : undefined;
  }
  if (/^(int|str|bool|float)$/.test(callee) && positional[0]) return envReadWithDefault(mod, positional[0].value, readers);
  if (/^dj_database_url\.config$/.test(callee)) {
    const variable = keyword('env') ? stringValue(mod, keyword('env')) : DATABASE_URL;
    return read(variable, keyword('default'), true);
  }
  if (/^dj_database_url\.parse$/.test(callee) && positional[0]) {
    const inner = envReadWithDefault(mod, positional[0].value, readers);
    return inner ? { ...inner, read: { ...inner.read, url: true } } : undefined;
  }
  if (/^(decouple\.)?config$/.test(callee)) return read(stringValue(mod, positional[0]?.value), positional[1]?.value ?? keyword('default'));

  const environ = /^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?$/.exec(callee);
  if (!environ || !readers.names.has(environ[1])) return undefined;
  const method = environ[2];
  if (method && !ENVIRON_METHODS.test(method)) return undefined;
  const url = !!method && ENVIRON_URL_METHODS.test(method);
  const variableNode = keyword('var') ?? positional[0]?.value;
  const variable = variableNode ? stringValue(mod, variableNode) : url ? DATABASE_URL : undefined;
  const defaultNode = keyword('default') ?? (method && method !== 'parse_value' ? positional[1]?.value : undefined);
  const found = read(variable, defaultNode, url);
  if (found && !found.read.hasDefault && readers.defaults.has(found.read.variable)) {
    return { read: { ...found.read, default: readers.defaults.get(found.read.variable) ?? null, hasDefault: true } };
  }
  return found;
}

/** Every env read anywhere in the module (module level, if/try bodies, and inside DATABASES dicts), in order. */
export function envReadsIn(mod: PythonModule): EnvRead[] {
  const readers = environReaders(mod);
  const out: EnvRead[] = [];
  mod.tree.iterate({
    enter(ref) {
      if (ref.name === 'FunctionDefinition' || ref.name === 'ClassDefinition') return false;
      if (ref.name !== 'CallExpression' && ref.name !== 'MemberExpression') return undefined;
      const found = envReadOf(mod, ref.node, readers);
      if (!found) return undefined;
      out.push(found);
      return false;
    },
  });
  return out;
}

/** A literal default as text ("shop", "5432", "True"); null for anything computed. */
function literalText(mod: PythonModule, node: SyntaxNode): string | null {
  if (node.name === 'Number' || node.name === 'Boolean') return sourceOf(mod, node);
  return stringValue(mod, node) ?? null;
}
