/** compose.yaml: parsed with the yaml library, services and variables derived from the project's settings, health-gated depends_on. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { renderProjectFiles } from '../../../server/src/generate/render';
import type { EnvRead } from '../../../server/src/project/env-reads';
import type { DjangoProject, SettingsEnvironment } from '../../../server/src/project/types';
import { MYSITE, project } from './projects';

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: unknown;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

function composeText(model: DjangoProject): string {
  const file = renderProjectFiles(model, { compose: true }).find((f) => f.path === 'compose.yaml');
  assert.ok(file, 'compose.yaml rendered');
  return file.content;
}

function compose(model: DjangoProject): { services: Record<string, Service>; volumes?: Record<string, unknown> } {
  return parse(composeText(model));
}

const read = (variable: string, defaultValue: string | null, extra: Partial<EnvRead> = {}): EnvRead => ({ variable, default: defaultValue, hasDefault: defaultValue !== null, url: false, ...extra });
const env = (source: EnvRead) => ({ kind: 'env' as const, read: source });

/** settings.py reading DB_* variables under its own names, the way a hand-written settings file does. */
function fieldsSettings(port = '5432'): SettingsEnvironment {
  const fields = {
    ENGINE: { kind: 'literal' as const, value: 'django.db.backends.postgresql' },
    NAME: env(read('SHOP_DB_NAME', 'shop')),
    USER: env(read('SHOP_DB_USER', 'shopper')),
    PASSWORD: env(read('SHOP_DB_PASSWORD', null)),
    HOST: env(read('SHOP_DB_HOST', 'localhost')),
    PORT: env(read('SHOP_DB_PORT', port)),
  };
  return {
    reads: [read('SHOP_SECRET', null), read('SHOP_DEBUG', 'False'), ...Object.values(fields).flatMap((f) => (f.kind === 'env' ? [f.read] : [])), read('SENTRY_DSN', null, { hasDefault: true })],
    secretKey: 'SHOP_SECRET',
    database: { url: null, fields },
  };
}

const POSTGRES = { databaseEngines: ['postgresql'], dependencies: ['django', 'gunicorn', 'psycopg2'] };

test('no compose.yaml unless asked', () => {
  assert.deepEqual(renderProjectFiles(MYSITE).map((f) => f.path), ['Dockerfile', '.dockerignore']);
});

test('sqlite project: web only, port mapped, no migrate service (each container would get its own SQLite file)', () => {
  const file = renderProjectFiles(MYSITE, { compose: true, port: 8123 }).find((f) => f.path === 'compose.yaml');
  const doc = parse(file?.content ?? '') as { services: Record<string, Service> };
  assert.deepEqual(Object.keys(doc.services), ['web']);
  assert.deepEqual(doc.services.web.ports, ['8123:8123']);
  assert.equal(doc.services.web.environment?.PORT, '8123');
  // docker-compose 1.x rejects the optional long env_file form; variables come through ${...} instead.
  assert.equal(doc.services.web.env_file, undefined);
  assert.equal(doc.services.web.depends_on, undefined);
});

test('settings fields under their own env names: the db service gets the defaults, web gets every variable', () => {
  const doc = compose(project({ ...POSTGRES, settingsEnv: fieldsSettings() }));
  assert.deepEqual(doc.services.db.environment, { POSTGRES_DB: 'shop', POSTGRES_USER: 'shopper', POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}' });
  assert.deepEqual(doc.services.db.healthcheck?.test, ['CMD', 'pg_isready', '-U', 'shopper', '-d', 'shop']);
  assert.deepEqual(doc.services.web.environment, {
    PORT: '8000',
    SHOP_DB_NAME: 'shop',
    SHOP_DB_USER: 'shopper',
    SHOP_DB_PASSWORD: '${POSTGRES_PASSWORD}',
    SHOP_DB_HOST: 'db',
    SHOP_DB_PORT: '5432',
    SHOP_SECRET: '${SHOP_SECRET:?set SHOP_SECRET in .env}',
    SHOP_DEBUG: '${SHOP_DEBUG:-False}',
  }, 'SENTRY_DSN (default None) is left out: an empty string would not be None');
  assert.equal(doc.services.db.image, '${POSTGRES_IMAGE:-postgres:17}');
});

test('a non-default port: the server listens there (PGPORT) and web is told the same port', () => {
  const doc = compose(project({ ...POSTGRES, settingsEnv: fieldsSettings('5433') }));
  assert.equal(doc.services.db.environment?.PGPORT, '5433');
  assert.equal(doc.services.web.environment?.SHOP_DB_PORT, '5433');
});

test('DATABASE_URL from env.db() with a default URL: name and user from the URL, password from .env', () => {
  const url = read('DATABASE_URL', 'postgres://shop_user:devpass@localhost:5432/shop', { url: true });
  const doc = compose(project({ ...POSTGRES, settingsEnv: { reads: [url], secretKey: null, database: { url, fields: {} } } }));
  assert.equal(doc.services.web.environment?.DATABASE_URL, 'postgres://shop_user:${POSTGRES_PASSWORD}@db:5432/shop');
  assert.equal(doc.services.db.environment?.POSTGRES_DB, 'shop');
  assert.equal(doc.services.db.environment?.POSTGRES_USER, 'shop_user');
  assert.ok(!composeText(project({ ...POSTGRES, settingsEnv: { reads: [url], secretKey: null, database: { url, fields: {} } } })).includes('devpass'), 'the default URL password is not copied');
});

test('a URL under another variable name (dj_database_url.config(env="PRIMARY_DB")) sets that name', () => {
  const url = read('PRIMARY_DB', null, { url: true });
  const doc = compose(project({ ...POSTGRES, settingsEnv: { reads: [url], secretKey: null, database: { url, fields: {} } } }));
  assert.equal(doc.services.web.environment?.PRIMARY_DB, 'postgres://django:${POSTGRES_PASSWORD}@db:5432/django');
  assert.equal(doc.services.web.environment?.DATABASE_URL, undefined);
});

test('a literal HOST names the database service', () => {
  const settings = fieldsSettings();
  const fields = settings.database?.fields ?? {};
  fields.HOST = { kind: 'literal', value: 'postgres' };
  const doc = compose(project({ ...POSTGRES, settingsEnv: settings }));
  assert.ok(doc.services.postgres && !doc.services.db);
  assert.deepEqual(Object.keys(doc.services.migrate.depends_on ?? {}), ['postgres']);
});

test('migrate runs once before web, worker and beat; it waits for a healthy database', () => {
  const doc = compose(project({ ...POSTGRES, celery: true, celeryBeat: true, settingsModule: 'config.settings', dependencies: ['django', 'celery', 'redis', 'django-celery-beat', 'dj-database-url'] }));
  assert.deepEqual(Object.keys(doc.services).sort(), ['beat', 'db', 'migrate', 'redis', 'web', 'worker']);
  assert.deepEqual(doc.services.migrate.command, ['python', 'manage.py', 'migrate', '--noinput']);
  assert.deepEqual(doc.services.migrate.depends_on, { db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  assert.equal(doc.services.migrate.healthcheck?.disable, true);
  for (const name of ['web', 'worker', 'beat']) {
    assert.deepEqual(doc.services[name].depends_on, { migrate: { condition: 'service_completed_successfully' }, db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } }, name);
    assert.match(doc.services[name].environment?.DATABASE_URL ?? '', /^postgres:\/\/django:\$\{POSTGRES_PASSWORD\}@db:5432\/django$/, name);
  }
  assert.deepEqual(doc.services.worker.command, ['celery', '-A', 'config', 'worker', '--loglevel=INFO']);
  assert.deepEqual(doc.services.beat.command, ['celery', '-A', 'config', 'beat', '--loglevel=INFO', '--scheduler', 'django_celery_beat.schedulers:DatabaseScheduler']);
  assert.equal(doc.services.redis.image, '${REDIS_IMAGE:-redis:7}');
  assert.ok(doc.volumes && 'postgres-data' in doc.volumes);
});

test('literal HOST "localhost" and a literal PASSWORD: said in the header, the password never copied', () => {
  const settings = fieldsSettings();
  const fields = settings.database?.fields ?? {};
  fields.HOST = { kind: 'literal', value: 'localhost' };
  fields.PASSWORD = { kind: 'literal', value: 'hunter2-literal' };
  const text = composeText(project({ ...POSTGRES, settingsEnv: settings }));
  assert.match(text, /^# Note: The settings set DATABASES HOST to "localhost"; web reaches the database as "db"/m);
  assert.match(text, /^# Note: The settings hold a literal database PASSWORD: .*POSTGRES_PASSWORD in \.env must equal it/m);
  assert.ok(!text.includes('hunter2-literal'));
  assert.ok((parse(text) as { services: Record<string, Service> }).services.db, 'still valid YAML');
  assert.equal(composeText(project({ ...POSTGRES, settingsEnv: fieldsSettings() })).includes('# Note:'), false);
});

test('migrate runs manage.py from the image WORKDIR (manage.py\'s folder) when it sits in a subfolder', () => {
  assert.deepEqual(compose(project({ ...POSTGRES, managePy: 'src/manage.py' })).services.migrate.command, ['python', 'manage.py', 'migrate', '--noinput']);
});

test('beat: only with CELERY_BEAT_SCHEDULE or django_celery_beat (celeryBeat); default scheduler without the package', () => {
  const base = { ...POSTGRES, celery: true, settingsModule: 'config.settings', dependencies: ['django', 'celery', 'redis'] };
  assert.equal(compose(project(base)).services.beat, undefined);
  assert.deepEqual(compose(project({ ...base, celeryBeat: true })).services.beat.command, ['celery', '-A', 'config', 'beat', '--loglevel=INFO']);
});

test('postgres and mysql together get distinct service names; the connection configures the one of its engine', () => {
  const settings: SettingsEnvironment = {
    reads: [],
    secretKey: null,
    database: { url: null, fields: { ENGINE: { kind: 'literal', value: 'django.db.backends.mysql' }, NAME: env(read('BLOG_DB', 'blog')) } },
  };
  const doc = compose(project({ databaseEngines: ['postgresql', 'mysql'], settingsEnv: settings }));
  assert.deepEqual(Object.keys(doc.services).sort(), ['db', 'migrate', 'mysql', 'web']);
  assert.deepEqual(Object.keys(doc.services.web.depends_on ?? {}).sort(), ['db', 'migrate', 'mysql']);
  assert.equal(doc.services.mysql.environment?.MYSQL_DATABASE, 'blog');
  assert.equal(doc.services.db.environment?.POSTGRES_DB, 'django');
  assert.equal(doc.services.web.environment?.BLOG_DB, 'blog');
});

test('mysql as root: no MYSQL_USER (the image refuses root), web gets the root password', () => {
  const settings: SettingsEnvironment = {
    reads: [],
    secretKey: null,
    database: { url: null, fields: { ENGINE: { kind: 'literal', value: 'django.db.backends.mysql' }, USER: env(read('DB_USER', 'root')), PASSWORD: env(read('DB_PASS', null)) } },
  };
  const doc = compose(project({ databaseEngines: ['mysql'], settingsEnv: settings }));
  assert.equal(doc.services.db.environment?.MYSQL_USER, undefined);
  assert.equal(doc.services.web.environment?.DB_PASS, '${MYSQL_ROOT_PASSWORD}');
  assert.equal(doc.services.db.image, '${MYSQL_IMAGE:-mysql:8.4}');
});

test('no secret is ever literal: every password-like value is a ${...} reference', () => {
  for (const model of [project({ ...POSTGRES, settingsEnv: fieldsSettings() }), project({ databaseEngines: ['mysql'] })]) {
    const doc = compose(model);
    for (const [name, service] of Object.entries(doc.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET/.test(key)) assert.match(value, /^\$\{[A-Z_]+(:\?[^}]*)?\}$/, `${name}.${key}`);
      }
    }
  }
});
