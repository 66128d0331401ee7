/**
 * The default database connection as the settings describe it: each of ENGINE/NAME/USER/PASSWORD/HOST/PORT
 * as a literal, an env read (with its default) or unknown; or one URL read from an env variable.
 * compose.yaml derives its database service and the web service's variables from this.
 */
import type { SyntaxNode } from '@lezer/common';
import { envReadOf, type EnvRead } from './env-reads';
import { children, stringValue, type PythonModule } from './python';

export const DATABASE_FIELDS = ['ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT'] as const;
export type DatabaseField = (typeof DATABASE_FIELDS)[number];

export type SettingSource = { kind: 'literal'; value: string } | { kind: 'env'; read: EnvRead } | { kind: 'unknown' };

export interface DatabaseConnection {
  /** DATABASES["default"] comes from one URL read from the environment (env.db(), dj_database_url). */
  url: EnvRead | null;
  fields: Partial<Record<DatabaseField, SettingSource>>;
}

/** How settings.ts resolves an expression (names assigned earlier, env reads, literals). */
export type ResolveSource = (node: SyntaxNode) => SettingSource;

/**
 * The "default" connection inside a DATABASES value. `whole` is true for `DATABASES["default"] = ...`,
 * where the value is the connection itself.
 */
export function defaultConnection(mod: PythonModule, value: SyntaxNode, whole: boolean, resolve: ResolveSource): DatabaseConnection | null {
  const connection = whole ? value : dictEntries(mod, value)?.get('default');
  return connection ? connectionOf(mod, connection, resolve) : null;
}

function connectionOf(mod: PythonModule, node: SyntaxNode, resolve: ResolveSource): DatabaseConnection | null {
  const read = envReadOf(mod, node);
  if (read?.url) return { url: read, fields: {} };
  const entries = dictEntries(mod, node);
  if (!entries) {
    // DATABASES = {"default": DEFAULT_DB} with DEFAULT_DB = env.db() earlier.
    const source = resolve(node);
    return source.kind === 'env' && source.read.url ? { url: source.read, fields: {} } : null;
  }
  const fields: DatabaseConnection['fields'] = {};
  for (const field of DATABASE_FIELDS) {
    const entry = entries.get(field);
    if (entry) fields[field] = resolve(entry);
  }
  return { url: null, fields };
}

/** String-keyed entries of a dict display; undefined for anything else. */
function dictEntries(mod: PythonModule, node: SyntaxNode): Map<string, SyntaxNode> | undefined {
  if (node.name !== 'DictionaryExpression') return undefined;
  const parts = children(node);
  const out = new Map<string, SyntaxNode>();
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i + 1].name !== ':') continue;
    const key = stringValue(mod, parts[i]);
    if (key !== undefined) out.set(key, parts[i + 2]);
  }
  return out;
}

/** The engine a connection names ("postgresql", "mysql", ...), from ENGINE or the URL (literal or default). */
export function connectionEngine(connection: DatabaseConnection): string | null {
  const text = connection.url ? connection.url.default : valueOf(connection.fields.ENGINE);
  if (!text) return null;
  const backend = /(?:^|\.)backends\.([a-z0-9_]+)$/.exec(text);
  if (backend) return /^postg/.test(backend[1]) ? 'postgresql' : backend[1] === 'spatialite' ? 'sqlite3' : backend[1];
  const scheme = /^([a-z0-9+-]+):\/\//.exec(text)?.[1];
  if (!scheme) return null;
  if (/^(postgres|postgresql|pgsql|psql|postgis)$/.test(scheme)) return 'postgresql';
  if (/^mysql/.test(scheme)) return 'mysql';
  if (/^(sqlite|spatialite)$/.test(scheme)) return 'sqlite3';
  return scheme;
}

/** A source's value when known: the literal, or the env read's literal default. */
export function valueOf(source: SettingSource | undefined): string | null {
  if (!source) return null;
  if (source.kind === 'literal') return source.value;
  if (source.kind === 'env') return source.read.default;
  return null;
}
