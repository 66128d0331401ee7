/**
 * The compose database service and the web service's database variables, derived from what the settings
 * read: `NAME = os.environ.get("DB_NAME", "shop")` gives the db service POSTGRES_DB=shop and web DB_NAME=shop;
 * `env.db()` gives web DATABASE_URL=postgres://user:${POSTGRES_PASSWORD}@db:5432/name. Passwords stay in .env.
 */
import { connectionEngine, valueOf, type DatabaseConnection } from '../project/database-connection';
import type { DjangoProject } from '../project/types';

export interface DatabaseService {
  /** Compose service name ("db", or "mysql" beside a Postgres "db"; or the settings' literal HOST). */
  service: string;
  /** `${POSTGRES_IMAGE:-postgres:17}`: a mirror can be named in .env. */
  image: string;
  database: string;
  user: string;
  port: number;
  /** The port differs from the engine's default, so the server is told to listen there. */
  customPort: boolean;
  /** MySQL's root account: the image takes MYSQL_ROOT_PASSWORD only, never MYSQL_USER=root. */
  rootUser: boolean;
}

export interface DatabaseSetup {
  postgres: DatabaseService | null;
  mysql: DatabaseService | null;
  /** Web (and worker, beat, migrate) variables: unquoted values. */
  environment: { name: string; value: string }[];
  /** What compose cannot fix from outside the settings (written as comments at the top of the file). */
  notes: string[];
}

export const SERVICE_IMAGES = { postgres: 'postgres:17', mysql: 'mysql:8.4', redis: 'redis:7' } as const;
/** `${POSTGRES_IMAGE:-postgres:17}`: overridable so offline users can point at a mirror. */
export function overridableImage(kind: keyof typeof SERVICE_IMAGES): string {
  return `\${${kind.toUpperCase()}_IMAGE:-${SERVICE_IMAGES[kind]}}`;
}

/** Name and user when the settings leave them to the environment without a default. */
const FALLBACK_NAME = 'django';
const ENGINES = {
  postgresql: { port: 5432, scheme: 'postgres', password: 'POSTGRES_PASSWORD', backend: 'django.db.backends.postgresql' },
  mysql: { port: 3306, scheme: 'mysql', password: 'MYSQL_PASSWORD', backend: 'django.db.backends.mysql' },
} as const;
type ServerEngine = keyof typeof ENGINES;

export function databaseSetup(project: DjangoProject, deps: Set<string>): DatabaseSetup {
  const engines = new Set(project.databaseEngines);
  const wanted: ServerEngine[] = [...(engines.has('postgresql') || engines.has('postgis') ? ['postgresql' as const] : []), ...(engines.has('mysql') ? ['mysql' as const] : [])];
  const connection = project.settingsEnv?.database ?? null;
  const connectionKind = connection ? connectionEngine(connection) : null;
  // The settings' default connection configures the service of its engine (or the only one, if unnamed).
  const configured = connectionKind && connectionKind in ENGINES ? (connectionKind as ServerEngine) : connectionKind ? null : wanted[0] ?? null;

  const services = new Map<ServerEngine, DatabaseService>();
  const environment: DatabaseSetup['environment'] = [];
  const notes: string[] = [];
  for (const kind of wanted) {
    const defaultService = kind === 'mysql' && wanted.includes('postgresql') ? 'mysql' : 'db';
    const mine = kind === configured ? connection : null;
    services.set(kind, serviceFor(kind, mine, defaultService));
  }
  if (configured && services.has(configured)) {
    const service = services.get(configured) as DatabaseService;
    if (connection) {
      environment.push(...connectionEnvironment(configured, connection, service));
      notes.push(...literalNotes(configured, connection, service));
    } else if (deps.has('django-environ') || deps.has('dj-database-url')) environment.push({ name: 'DATABASE_URL', value: databaseUrl(configured, service) });
  }
  return { postgres: services.get('postgresql') ?? null, mysql: services.get('mysql') ?? null, environment, notes };
}

/** Literal HOST / PASSWORD values in the settings that a compose file cannot override. */
function literalNotes(kind: ServerEngine, connection: DatabaseConnection, service: DatabaseService): string[] {
  const notes: string[] = [];
  const { HOST, PASSWORD } = connection.fields;
  if (HOST?.kind === 'literal' && HOST.value !== service.service) {
    notes.push(`The settings set DATABASES HOST to "${HOST.value}"; web reaches the database as "${service.service}": read HOST from the environment (e.g. os.environ.get("DB_HOST", "${HOST.value}")).`);
  }
  if (PASSWORD?.kind === 'literal') {
    notes.push(`The settings hold a literal database PASSWORD: read it from the environment, or ${passwordReference(kind, service).slice(2, -1)} in .env must equal it.`);
  }
  return notes;
}

function serviceFor(kind: ServerEngine, connection: DatabaseConnection | null, defaultService: string): DatabaseService {
  const engine = ENGINES[kind];
  const fromUrl = connection?.url ? parseUrl(connection.url.default) : null;
  const fields = connection?.fields ?? {};
  const database = (fromUrl ? fromUrl.database : valueOf(fields.NAME)) || FALLBACK_NAME;
  const user = (fromUrl ? fromUrl.user : valueOf(fields.USER)) || FALLBACK_NAME;
  const port = Number((fromUrl ? fromUrl.port : valueOf(fields.PORT)) || engine.port) || engine.port;
  const host = fields.HOST?.kind === 'literal' ? fields.HOST.value : null;
  // A literal HOST such as "postgres" only resolves if the service has that name.
  const service = host && /^[a-z][a-z0-9-]*$/.test(host) && !['localhost', 'web', 'redis', 'worker', 'beat', 'migrate'].includes(host) ? host : defaultService;
  return { service, image: overridableImage(kind === 'postgresql' ? 'postgres' : 'mysql'), database, user, port, customPort: port !== engine.port, rootUser: kind === 'mysql' && user === 'root' };
}

/** The values compose gives each variable the connection reads. */
function connectionEnvironment(kind: ServerEngine, connection: DatabaseConnection, service: DatabaseService): DatabaseSetup['environment'] {
  if (connection.url) return [{ name: connection.url.variable, value: databaseUrl(kind, service) }];
  const values: Record<string, string> = {
    ENGINE: valueOf(connection.fields.ENGINE) ?? ENGINES[kind].backend,
    NAME: service.database,
    USER: service.user,
    PASSWORD: passwordReference(kind, service),
    HOST: service.service,
    PORT: String(service.port),
  };
  const out: DatabaseSetup['environment'] = [];
  for (const [field, source] of Object.entries(connection.fields)) {
    if (source.kind === 'env' && !out.some((e) => e.name === source.read.variable)) out.push({ name: source.read.variable, value: values[field] });
  }
  return out;
}

function passwordReference(kind: ServerEngine, service: DatabaseService): string {
  return service.rootUser ? '${MYSQL_ROOT_PASSWORD}' : `\${${ENGINES[kind].password}}`;
}

function databaseUrl(kind: ServerEngine, service: DatabaseService): string {
  const { scheme } = ENGINES[kind];
  return `${scheme}://${encodeURIComponent(service.user)}:${passwordReference(kind, service)}@${service.service}:${service.port}/${encodeURIComponent(service.database)}`;
}

function parseUrl(text: string | null): { database: string; user: string; port: string } | null {
  if (!text) return { database: '', user: '', port: '' };
  try {
    const url = new URL(text);
    return { database: decodeURIComponent(url.pathname.replace(/^\//, '')), user: decodeURIComponent(url.username), port: url.port };
  } catch {
    return { database: '', user: '', port: '' };
  }
}
