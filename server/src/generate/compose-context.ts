/** compose.yaml decisions: which backing services the project needs, inferred from its settings and dependencies. */
import type { DjangoProject } from '../project/types';

export interface ComposeContext {
  port: number;
  /** Environment of web (and worker): values already YAML-quoted. */
  environment: { name: string; value: string }[];
  /** Services web and worker wait for until healthy. */
  dependsOn: string[];
  postgres: DatabaseService | null;
  mysql: DatabaseService | null;
  redis: { image: string } | null;
  /** Celery worker command (exec form JSON), or null. */
  worker: { command: string } | null;
  volumes: string[];
}

export interface DatabaseService {
  /** Compose service name ("db", or "mysql" beside a Postgres "db"). */
  service: string;
  image: string;
  database: string;
  user: string;
}

export const SERVICE_IMAGES = { postgres: 'postgres:17', mysql: 'mysql:8.4', redis: 'redis:7' } as const;
const DB_NAME = 'django';

export function composeContext(project: DjangoProject, deps: Set<string>, port: number): ComposeContext {
  const engines = new Set(project.databaseEngines);
  const postgres = engines.has('postgresql') || engines.has('postgis') ? { service: 'db', image: SERVICE_IMAGES.postgres, database: DB_NAME, user: DB_NAME } : null;
  const mysql = engines.has('mysql') ? { service: postgres ? 'mysql' : 'db', image: SERVICE_IMAGES.mysql, database: DB_NAME, user: DB_NAME } : null;
  const redisClients = ['redis', 'django-redis', 'channels-redis', 'django-rq', 'rq'];
  const redis = project.celery || redisClients.some((name) => deps.has(name)) ? { image: SERVICE_IMAGES.redis } : null;
  const urlSettings = deps.has('django-environ') || deps.has('dj-database-url');

  const environment: { name: string; value: string }[] = [];
  if (postgres && urlSettings) environment.push({ name: 'DATABASE_URL', value: `postgres://${DB_NAME}:\${POSTGRES_PASSWORD}@${postgres.service}:5432/${DB_NAME}` });
  else if (mysql && urlSettings) environment.push({ name: 'DATABASE_URL', value: `mysql://${DB_NAME}:\${MYSQL_PASSWORD}@${mysql.service}:3306/${DB_NAME}` });
  if (redis) {
    environment.push({ name: 'REDIS_URL', value: 'redis://redis:6379/0' });
    if (project.celery) environment.push({ name: 'CELERY_BROKER_URL', value: 'redis://redis:6379/0' });
  }

  const dependsOn = [...(postgres ? [postgres.service] : []), ...(mysql ? [mysql.service] : []), ...(redis ? ['redis'] : [])];
  const celeryApp = project.settingsModule?.split('.')[0];
  const worker = project.celery && celeryApp ? { command: JSON.stringify(['celery', '-A', celeryApp, 'worker', '--loglevel=INFO']).replace(/","/g, '", "') } : null;
  const volumes = [...(postgres ? ['postgres-data'] : []), ...(mysql ? ['mysql-data'] : [])];
  return {
    port,
    environment: environment.map(({ name, value }) => ({ name, value: JSON.stringify(value) })),
    dependsOn,
    postgres,
    mysql,
    redis,
    worker,
    volumes,
  };
}
