/** compose.yaml: parsed with the yaml library, services inferred from the project, health-gated depends_on. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { MYSITE, project } from './projects';

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  env_file?: { path: string; required: boolean }[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

function compose(...args: Parameters<typeof renderProjectFiles>): { services: Record<string, Service>; volumes?: Record<string, unknown> } {
  const file = renderProjectFiles(...args).find((f) => f.path === 'compose.yaml');
  assert.ok(file, 'compose.yaml rendered');
  return parse(file.content);
}

test('no compose.yaml unless asked', () => {
  assert.deepEqual(renderProjectFiles(MYSITE).map((f) => f.path), ['Dockerfile', '.dockerignore']);
});

test('sqlite project: web only, port mapped, .env optional', () => {
  const doc = compose(MYSITE, { compose: true, port: 8123 });
  assert.deepEqual(Object.keys(doc.services), ['web']);
  assert.deepEqual(doc.services.web.ports, ['8123:8123']);
  assert.equal(doc.services.web.environment?.PORT, '8123');
  assert.deepEqual(doc.services.web.env_file, [{ path: '.env', required: false }]);
  assert.equal(doc.services.web.depends_on, undefined);
});

test('postgres + celery + redis: services with healthchecks, web and worker wait until healthy', () => {
  const doc = compose(
    project({ databaseEngines: ['postgresql'], celery: true, settingsModule: 'config.settings', dependencies: ['django', 'gunicorn', 'celery', 'redis', 'dj-database-url'] }),
    { compose: true },
  );
  assert.deepEqual(Object.keys(doc.services).sort(), ['db', 'redis', 'web', 'worker']);
  for (const name of ['web', 'worker']) {
    assert.deepEqual(doc.services[name].depends_on, { db: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  }
  assert.deepEqual(doc.services.worker.command, ['celery', '-A', 'config', 'worker', '--loglevel=INFO']);
  assert.ok(doc.services.db.healthcheck?.test?.includes('pg_isready'));
  assert.ok(doc.services.redis.healthcheck?.test?.includes('redis-cli'));
  assert.match(doc.services.web.environment?.DATABASE_URL ?? '', /^postgres:\/\/django:\$\{POSTGRES_PASSWORD\}@db:5432\/django$/);
  assert.match(String((doc.services.db.environment as Record<string, string>).POSTGRES_PASSWORD), /^\$\{POSTGRES_PASSWORD:\?/, 'no password written into the file');
  assert.ok(doc.volumes && 'postgres-data' in doc.volumes);
});

test('postgres and mysql together get distinct service names', () => {
  const doc = compose(project({ databaseEngines: ['postgresql', 'mysql'] }), { compose: true });
  assert.deepEqual(Object.keys(doc.services).sort(), ['db', 'mysql', 'web']);
  assert.deepEqual(Object.keys(doc.services.web.depends_on ?? {}).sort(), ['db', 'mysql']);
});
