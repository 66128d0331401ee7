/**
 * Static reading of a Django settings module: module-level assignments in order, following
 * `from .base import *` (and named imports, and django-split-settings `include()`), so a production
 * module that only overrides a few names still reports everything it inherits. Values that come from
 * the environment are normal: they are simply "unknown", not errors.
 */
import type { SyntaxNode } from '@lezer/common';
import { defaultConnection, type DatabaseConnection, type SettingSource } from './database-connection';
import { envReadWithDefault, envReadsIn, type EnvRead } from './env-reads';
import type { ProjectFiles } from './project-files';
import { dirnameRel, joinRel, MAX_READ_BYTES } from './project-files';
import {
  assignmentParts, callArguments, calleeName, children, moduleStatements, parsePython, sourceOf,
  stringValue, subscriptTarget, type PythonModule,
} from './python';
import { pathExpression, type SubEvaluator } from './settings-paths';

export interface DatabaseFacts {
  /** Engines named by ENGINE strings or database URLs ("postgresql", "mysql", "sqlite3", "oracle", ...). */
  engines: string[];
  /** DATABASES is built from a URL at run time (django-environ `env.db()`, dj-database-url). */
  usesDatabaseUrl: boolean;
  /** A GeoDjango backend (django.contrib.gis.db.backends.*) is named. */
  geo: boolean;
  /** The "default" connection's fields (or URL), when the settings spell it out. */
  connection?: DatabaseConnection | null;
}

type Value =
  | { kind: 'str'; value: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'none' }
  | { kind: 'databases'; facts: DatabaseFacts }
  /** A filesystem path relative to the scanned folder (see settings-paths.ts). */
  | { kind: 'path'; path: string }
  /** An environment read; `fallback` is the folder its default denotes (project-relative, or absolute), when it is one. */
  | { kind: 'env'; read: EnvRead; fallback?: string }
  | { kind: 'unknown' };

type Env = Map<string, Value>;

export interface SettingsFacts {
  /** "module:callable", from WSGI_APPLICATION. */
  wsgiApplication: string | null;
  asgiApplication: string | null;
  staticRoot: boolean;
  /** STATIC_ROOT / MEDIA_ROOT as a folder relative to the scanned folder, or an absolute string path; null when unknown. */
  staticRootPath: string | null;
  mediaRootPath: string | null;
  installedApps: string[];
  middleware: string[];
  /** Undefined when no DATABASES assignment was seen. */
  databases: DatabaseFacts | undefined;
  /** Settings files read (relative to the scanned folder), the named module's first. */
  files: string[];
  /** Environment variables the settings files read, in the order met. */
  envReads: EnvRead[];
  /** The env variable SECRET_KEY is read from, if it is. */
  secretKeyEnv: string | null;
  /** CELERY_BEAT_SCHEDULE (or Celery 3's CELERYBEAT_SCHEDULE) is assigned. */
  celeryBeatSchedule: boolean;
}

export interface ResolvedModule {
  name: string;
  /** File relative to the scanned folder. */
  file: string;
  isPackage: boolean;
}

const UNKNOWN: Value = { kind: 'unknown' };

/** Resolves dotted module names against the project's import roots (manage.py's folder first). */
export class ModuleResolver {
  constructor(
    private readonly files: ProjectFiles,
    /** Folders (relative to the scanned folder) on sys.path when manage.py runs. */
    readonly importRoots: string[],
  ) {}

  resolve(name: string): ResolvedModule | undefined {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name)) return undefined;
    const asPath = name.split('.').join('/');
    for (const root of this.importRoots) {
      // Python prefers a package over a module of the same name.
      const packageFile = joinRel(root, asPath, '__init__.py');
      if (this.files.files.has(packageFile)) return { name, file: packageFile, isPackage: true };
      const moduleFile = joinRel(root, `${asPath}.py`);
      if (this.files.files.has(moduleFile)) return { name, file: moduleFile, isPackage: false };
    }
    return undefined;
  }

  /** Folder of a package (regular or namespace), relative to the scanned folder. */
  packageDir(name: string): string | undefined {
    const asPath = name.split('.').join('/');
    for (const root of this.importRoots) {
      const dir = joinRel(root, asPath);
      if (this.files.dirs.has(dir)) return dir;
    }
    return undefined;
  }

  /** Dotted name of a .py file under one of the import roots. */
  moduleNameOf(file: string): string | undefined {
    for (const root of this.importRoots) {
      const prefix = root ? `${root}/` : '';
      if (!file.startsWith(prefix) || !file.endsWith('.py')) continue;
      const parts = file.slice(prefix.length, -3).split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      if (parts.length && parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) return parts.join('.');
    }
    return undefined;
  }
}

/** Reads settings modules; one instance per project so shared base modules are parsed once. */
export class SettingsReader {
  private readonly evaluated = new Map<string, Promise<Env>>();
  private readonly inProgress = new Set<string>();
  private readonly filesRead: string[] = [];
  private readonly envReads: EnvRead[] = [];

  constructor(
    private readonly files: ProjectFiles,
    private readonly resolver: ModuleResolver,
    private readonly warn: (message: string) => void,
  ) {}

  async read(module: ResolvedModule): Promise<SettingsFacts> {
    const env = await this.evaluate(module);
    const str = (name: string): string | null => {
      const value = env.get(name);
      return value?.kind === 'str' ? value.value : null;
    };
    const list = (...names: string[]): string[] => {
      for (const name of names) {
        const value = env.get(name);
        if (value?.kind === 'list') return value.items;
      }
      return [];
    };
    const staticRoot = env.get('STATIC_ROOT');
    const databases = env.get('DATABASES');
    const secretKey = env.get('SECRET_KEY');
    return {
      wsgiApplication: toCallable(str('WSGI_APPLICATION')),
      asgiApplication: toCallable(str('ASGI_APPLICATION')),
      staticRoot: staticRoot !== undefined && staticRoot.kind !== 'none' && !(staticRoot.kind === 'str' && staticRoot.value === ''),
      staticRootPath: folderOf(staticRoot),
      mediaRootPath: folderOf(env.get('MEDIA_ROOT')),
      installedApps: list('INSTALLED_APPS'),
      middleware: list('MIDDLEWARE', 'MIDDLEWARE_CLASSES'),
      databases: databases?.kind === 'databases' ? databases.facts : databases ? { engines: [], usesDatabaseUrl: false, geo: false } : undefined,
      files: [...this.filesRead],
      envReads: [...this.envReads],
      secretKeyEnv: secretKey?.kind === 'env' ? secretKey.read.variable : null,
      celeryBeatSchedule: env.has('CELERY_BEAT_SCHEDULE') || env.has('CELERYBEAT_SCHEDULE'),
    };
  }

  private evaluate(module: ResolvedModule): Promise<Env> {
    let pending = this.evaluated.get(module.file);
    if (!pending) {
      pending = this.evaluateUncached(module);
      this.evaluated.set(module.file, pending);
    }
    return pending;
  }

  private async evaluateUncached(module: ResolvedModule): Promise<Env> {
    // `__file__` starts with an underscore, so star imports do not carry it into other modules.
    const env: Env = new Map([['__file__', { kind: 'path', path: module.file }]]);
    const outcome = await this.files.read(module.file);
    this.filesRead.push(module.file);
    if ('error' in outcome) {
      this.warn(`${module.file}: cannot read settings (${outcome.error}); the model is partial`);
      return env;
    }
    if (outcome.truncated) {
      this.warn(`${module.file}: larger than ${MAX_READ_BYTES / 1024 / 1024} MB; only its start was read, so settings further down are not seen`);
    }
    const mod = parsePython(outcome.text);
    this.envReads.push(...envReadsIn(mod));
    if (mod.errorLine !== null) {
      this.warn(`${module.file}: Python syntax error at line ${mod.errorLine}; settings were read partially`);
    }
    this.inProgress.add(module.file);
    try {
      for (const stmt of moduleStatements(mod)) await this.statement(mod, module, stmt, env);
    } finally {
      this.inProgress.delete(module.file);
    }
    return env;
  }

  private async statement(mod: PythonModule, module: ResolvedModule, stmt: SyntaxNode, env: Env): Promise<void> {
    switch (stmt.name) {
      case 'AssignStatement': {
        const { targets, value } = assignmentParts(stmt);
        if (!value) return;
        for (const target of targets) {
          if (target.name === 'VariableName') {
            const name = sourceOf(mod, target);
            if (name === 'DATABASES') setDatabases(env, databasesValue(mod, value, env, false), stmt);
            else env.set(name, evaluate(mod, value, env));
          } else if (subscriptTarget(mod, target)?.base === 'DATABASES') {
            // DATABASES["default"] = env.db(): the whole value now comes from there.
            setDatabases(env, databasesValue(mod, value, env, subscriptTarget(mod, target)?.key === 'default'), stmt);
          }
        }
        return;
      }
      case 'UpdateStatement': {
        const target = stmt.firstChild;
        const value = stmt.lastChild;
        if (target?.name !== 'VariableName' || !value || !stmt.getChild('UpdateOp')) return;
        const name = sourceOf(mod, target);
        env.set(name, concat(env.get(name) ?? UNKNOWN, evaluate(mod, value, env)));
        return;
      }
      case 'ExpressionStatement': {
        const call = stmt.firstChild;
        if (call?.name === 'CallExpression') await this.call(mod, module, call, env);
        return;
      }
      case 'ImportStatement':
        await this.importStatement(mod, module, stmt, env);
        return;
      default:
        return;
    }
  }

  private async call(mod: PythonModule, module: ResolvedModule, call: SyntaxNode, env: Env): Promise<void> {
    const callee = calleeName(mod, call);
    const args = callArguments(mod, call).filter((a) => !a.keyword);
    const method = /^([A-Za-z_]\w*)\.(append|extend|insert)$/.exec(callee);
    if (method) {
      const current = env.get(method[1]);
      if (current?.kind !== 'list') return;
      const item = method[2] === 'insert' ? args[1] : args[0];
      if (!item) return;
      const added = evaluate(mod, item.value, env);
      if (method[2] === 'extend') env.set(method[1], concat(current, added));
      else if (added.kind === 'str') env.set(method[1], { kind: 'list', items: [...current.items, added.value] });
      return;
    }
    if (callee === 'include' || callee === 'split_settings.tools.include') {
      // django-split-settings: include("components/base.py", optional("local.py"), ...)
      for (const arg of args) {
        const pattern = stringValue(mod, arg.value) ?? optionalPattern(mod, arg.value);
        if (pattern) await this.includeFiles(module, pattern, env);
      }
    }
  }

  private async includeFiles(module: ResolvedModule, pattern: string, env: Env): Promise<void> {
    const base = dirnameRel(module.file);
    const full = joinRel(base, pattern);
    const regex = new RegExp(`^${full.split('*').map(escapeRegex).join('[^/]*')}$`);
    const matches = [...this.files.files].filter((f) => regex.test(f)).sort();
    for (const file of matches) {
      const name = this.resolver.moduleNameOf(file) ?? file;
      await this.merge({ name, file, isPackage: file.endsWith('__init__.py') }, env, undefined);
    }
  }

  private async importStatement(mod: PythonModule, module: ResolvedModule, stmt: SyntaxNode, env: Env): Promise<void> {
    const parts = children(stmt);
    if (parts[0]?.name !== 'from') return;
    const importAt = parts.findIndex((p) => p.name === 'import');
    if (importAt < 0) return;
    let dots = 0;
    const names: string[] = [];
    for (const part of parts.slice(1, importAt)) {
      if (part.name === '.') dots += names.length === 0 ? 1 : 0;
      else if (part.name === 'Ellipsis' || sourceOf(mod, part) === '...') dots += 3;
      else if (part.name === 'VariableName') names.push(sourceOf(mod, part));
    }
    const target = dots > 0 ? relativeModule(module, dots, names.join('.')) : names.join('.');
    if (!target) return;
    const imported = parts.slice(importAt + 1);
    const star = imported.some((p) => p.name === '*');
    const resolved = this.resolver.resolve(target);
    if (!resolved || this.inProgress.has(resolved.file)) return;
    if (star) {
      await this.merge(resolved, env, undefined);
    } else {
      const picked = new Map<string, string>();
      for (let i = 0; i < imported.length; i++) {
        if (imported[i].name !== 'VariableName') continue;
        const name = sourceOf(mod, imported[i]);
        const alias = imported[i + 1]?.name === 'as' && imported[i + 2] ? sourceOf(mod, imported[i + 2]) : name;
        if (imported[i + 1]?.name === 'as') i += 2;
        picked.set(name, alias);
      }
      if ([...picked.keys()].some((n) => /^[A-Z][A-Z0-9_]*$/.test(n))) await this.merge(resolved, env, picked);
    }
  }

  private async merge(module: ResolvedModule, env: Env, picked: Map<string, string> | undefined): Promise<void> {
    if (this.inProgress.has(module.file)) return;
    const imported = await this.evaluate(module);
    for (const [name, value] of imported) {
      if (!picked) {
        if (!name.startsWith('_')) env.set(name, value);
      } else if (picked.has(name)) {
        env.set(picked.get(name) as string, value);
      }
    }
  }
}

function optionalPattern(mod: PythonModule, node: SyntaxNode): string | undefined {
  if (node.name !== 'CallExpression' || !/(^|\.)optional$/.test(calleeName(mod, node))) return undefined;
  const first = callArguments(mod, node)[0];
  return first ? stringValue(mod, first.value) : undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `from ..x import *` inside module `a.b.c` (or package `a.b`). */
function relativeModule(module: ResolvedModule, dots: number, name: string): string | undefined {
  const parts = module.name.split('.');
  const packageParts = module.isPackage ? parts : parts.slice(0, -1);
  const up = dots - 1;
  if (up > packageParts.length) return undefined;
  const base = packageParts.slice(0, packageParts.length - up);
  const full = [...base, ...(name ? [name] : [])].join('.');
  return full || undefined;
}

/** "config.wsgi.application" -> "config.wsgi:application". */
export function toCallable(dotted: string | null): string | null {
  if (!dotted) return null;
  if (dotted.includes(':')) return dotted;
  const dot = dotted.lastIndexOf('.');
  return dot > 0 ? `${dotted.slice(0, dot)}:${dotted.slice(dot + 1)}` : null;
}

function evaluate(mod: PythonModule, node: SyntaxNode, env: Env): Value {
  switch (node.name) {
    case 'String':
    case 'ContinuedString': {
      const value = stringValue(mod, node);
      return value === undefined ? UNKNOWN : { kind: 'str', value };
    }
    case 'None':
      return { kind: 'none' };
    case 'VariableName':
      return env.get(sourceOf(mod, node)) ?? UNKNOWN;
    case 'ParenthesizedExpression': {
      const inner = children(node).find((n) => n.name !== '(' && n.name !== ')');
      return inner ? evaluate(mod, inner, env) : UNKNOWN;
    }
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression': {
      const items: string[] = [];
      const parts = children(node);
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (part.name === '*' && parts[i + 1]) {
          const spread = evaluate(mod, parts[++i], env);
          if (spread.kind === 'list') items.push(...spread.items);
        } else {
          const value = evaluate(mod, part, env);
          if (value.kind === 'str') items.push(value.value);
        }
      }
      return { kind: 'list', items };
    }
    case 'BinaryExpression': {
      const [left, op, right] = children(node);
      if (!left || !right) return UNKNOWN;
      if (sourceOf(mod, op) !== '+') return pathExpression(mod, node, pathOperand(mod, env)) ?? UNKNOWN;
      return concat(evaluate(mod, left, env), evaluate(mod, right, env));
    }
    case 'ConditionalExpression': {
      // `A if cond else B`: settings should work either way; prefer the first branch.
      const first = node.firstChild;
      return first ? evaluate(mod, first, env) : UNKNOWN;
    }
    case 'CallExpression':
    case 'MemberExpression': {
      const found = envReadWithDefault(mod, node);
      if (!found) return pathExpression(mod, node, pathOperand(mod, env)) ?? UNKNOWN;
      // What the folder is when nobody sets the variable: `env("STATIC_ROOT", default=str(BASE_DIR / "static"))`.
      const fallback = found.defaultNode ? folderOf(evaluate(mod, found.defaultNode, env)) : null;
      return fallback === null ? { kind: 'env', read: found.read } : { kind: 'env', read: found.read, fallback };
    }
    default:
      return pathExpression(mod, node, pathOperand(mod, env)) ?? UNKNOWN;
  }
}

function pathOperand(mod: PythonModule, env: Env): SubEvaluator {
  return (operand) => {
    const value = evaluate(mod, operand, env);
    return value.kind === 'path' || value.kind === 'str' ? value : undefined;
  };
}

/** A folder setting's value: a project-relative path, or an absolute path string (inside the image). */
function folderOf(value: Value | undefined): string | null {
  if (value?.kind === 'path') return value.path;
  if (value?.kind === 'str' && value.value.startsWith('/')) return value.value;
  if (value?.kind === 'env') return value.fallback ?? null;
  return null;
}

/** A DATABASES field's source: a literal (numbers too), an env read, or unknown. */
function sourceOfField(mod: PythonModule, node: SyntaxNode, env: Env): SettingSource {
  if (node.name === 'Number') return { kind: 'literal', value: sourceOf(mod, node) };
  const value = evaluate(mod, node, env);
  if (value.kind === 'str') return { kind: 'literal', value: value.value };
  if (value.kind === 'env') return { kind: 'env', read: value.read };
  return { kind: 'unknown' };
}

function concat(left: Value, right: Value): Value {
  if (left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items] };
  if (left.kind === 'str' && right.kind === 'str') return { kind: 'str', value: left.value + right.value };
  if (left.kind === 'list') return left;
  if (right.kind === 'list') return right;
  return UNKNOWN;
}

const BACKEND_ENGINES: Record<string, string> = {
  postgresql: 'postgresql',
  postgresql_psycopg2: 'postgresql',
  postgis: 'postgresql',
  mysql: 'mysql',
  sqlite3: 'sqlite3',
  spatialite: 'sqlite3',
  oracle: 'oracle',
};

const URL_SCHEME_ENGINES: Record<string, string> = {
  postgres: 'postgresql', postgresql: 'postgresql', pgsql: 'postgresql', psql: 'postgresql', postgis: 'postgresql',
  mysql: 'mysql', mysql2: 'mysql', mysqlgis: 'mysql', 'mysql-connector': 'mysql',
  sqlite: 'sqlite3', spatialite: 'sqlite3',
  oracle: 'oracle', oraclegis: 'oracle',
};

const DATABASE_URL_CALL = /(^|\.)(db|db_url|database_url)$|^dj_database_url\.(config|parse)$/;

/**
 * A top-level DATABASES assignment replaces the value; one inside an if/try block adds to it, since
 * either branch may run (`if DATABASE_URL: ... else: sqlite`).
 */
function setDatabases(env: Env, value: DatabaseFacts, stmt: SyntaxNode): void {
  const previous = env.get('DATABASES');
  if (stmt.parent?.name !== 'Body' || previous?.kind !== 'databases') {
    env.set('DATABASES', { kind: 'databases', facts: value });
    return;
  }
  const engines = [...previous.facts.engines, ...value.engines.filter((e) => !previous.facts.engines.includes(e))];
  env.set('DATABASES', {
    kind: 'databases',
    facts: {
      engines,
      usesDatabaseUrl: previous.facts.usesDatabaseUrl || value.usesDatabaseUrl,
      geo: previous.facts.geo || value.geo,
      connection: preferredConnection(previous.facts.connection, value.connection),
    },
  });
}

/** Of two branches' connections (`if DATABASE_URL: ... else: sqlite`), the one a server database uses. */
function preferredConnection(first: DatabaseConnection | null | undefined, second: DatabaseConnection | null | undefined): DatabaseConnection | null {
  if (!first) return second ?? null;
  if (!second) return first;
  const sqlite = (c: DatabaseConnection): boolean => !c.url && /sqlite/.test(c.fields.ENGINE?.kind === 'literal' ? c.fields.ENGINE.value : '');
  return sqlite(first) && !sqlite(second) ? second : first;
}

/** Engines and URL use anywhere inside a DATABASES value (ENGINE strings, env defaults, env.db()). */
function databasesValue(mod: PythonModule, value: SyntaxNode, env: Env, wholeDefault: boolean): DatabaseFacts {
  const connection = defaultConnection(mod, value, wholeDefault, (node) => sourceOfField(mod, node, env));
  const facts: DatabaseFacts = { engines: [], usesDatabaseUrl: false, geo: false, connection };
  const add = (engine: string): void => {
    if (!facts.engines.includes(engine)) facts.engines.push(engine);
  };
  const cursor = value.cursor();
  for (let more = true; more; ) {
    if (cursor.name === 'CallExpression' && DATABASE_URL_CALL.test(calleeName(mod, cursor.node))) facts.usesDatabaseUrl = true;
    if (cursor.name === 'String' || cursor.name === 'ContinuedString') {
      const text = stringValue(mod, cursor.node) ?? '';
      const backend = /(?:^|\.)backends\.([a-z0-9_]+)$/.exec(text);
      const scheme = /^([a-z0-9+-]+):\/\//.exec(text);
      if (backend) {
        add(BACKEND_ENGINES[backend[1]] ?? backend[1]);
        if (text.includes('contrib.gis.db.backends')) facts.geo = true;
      } else if (scheme && URL_SCHEME_ENGINES[scheme[1]]) {
        add(URL_SCHEME_ENGINES[scheme[1]]);
        if (/gis$|^spatialite$/.test(scheme[1])) facts.geo = true;
      }
    }
    more = cursor.next() && cursor.from < value.to;
  }
  return facts;
}
