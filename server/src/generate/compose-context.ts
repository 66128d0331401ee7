/** compose.yaml decisions: which backing services the project needs, inferred from its settings and dependencies. */
import * as path from 'node:path';
import type { DjangoProject } from '../project/types';
import { databaseSetup, overridableImage, type DatabaseService } from './compose-database';
import { settingsPassthrough } from './compose-environment';

export type { DatabaseService } from './compose-database';
export { SERVICE_IMAGES } from './compose-database';

export interface ComposeContext {
  port: number;
  /** Environment of web, worker, beat and migrate: values already YAML-quoted. */
  environment: { name: string; value: string }[];
  /** Services that must be healthy before migrate (and the app services) start. */
  dependsOn: string[];
  postgres: DatabaseService | null;
  mysql: DatabaseService | null;
  redis: { image: string } | null;
  /** One-shot `manage.py migrate` that web, worker and beat wait for (a server database only: SQLite lives in each container). */
  migrate: { command: string } | null;
  /** web, worker and beat have something to wait for (migrate, or a backing service). */
  appWaits: boolean;
  /** Celery worker command (exec form JSON), or null. */
  worker: { command: string } | null;
  /** Celery beat command (exec form JSON), or null. */
  beat: { command: string } | null;
  /** Settings problems compose cannot fix, as header comments. */
  notes: string[];
  /** Variables to put in .env (named in the file's header). */
  secrets: string[];
  volumes: string[];
}

export function composeContext(project: DjangoProject, deps: Set<string>, port: number): ComposeContext {
  const { postgres, mysql, environment, notes } = databaseSetup(project, deps);
  const redisClients = ['redis', 'django-redis', 'channels-redis', 'django-rq', 'rq'];
  const redis = project.celery || redisClients.some((name) => deps.has(name)) ? { image: overridableImage('redis') } : null;

  if (redis) {
    environment.push({ name: 'REDIS_URL', value: 'redis://redis:6379/0' });
    if (project.celery) environment.push({ name: 'CELERY_BROKER_URL', value: 'redis://redis:6379/0' });
  }
  const passthrough = settingsPassthrough(project, new Set(['PORT', ...environment.map((e) => e.name)]));
  environment.push(...passthrough.environment);

  const dependsOn = [...(postgres ? [postgres.service] : []), ...(mysql ? [mysql.service] : []), ...(redis ? ['redis'] : [])];
  const celeryApp = project.settingsModule?.split('.')[0];
  const worker = project.celery && celeryApp ? { command: execForm(['celery', '-A', celeryApp, 'worker', '--loglevel=INFO']) } : null;
  const scheduler = project.dependencies.includes('django-celery-beat') ? ['--scheduler', 'django_celery_beat.schedulers:DatabaseScheduler'] : [];
  const beat = worker && project.celeryBeat && celeryApp ? { command: execForm(['celery', '-A', celeryApp, 'beat', '--loglevel=INFO', ...scheduler]) } : null;
  const volumes = [...(postgres ? ['postgres-data'] : []), ...(mysql ? ['mysql-data'] : [])];
  const passwords = [...(postgres ? ['POSTGRES_PASSWORD'] : []), ...(mysql ? [...(mysql.rootUser ? [] : ['MYSQL_PASSWORD']), 'MYSQL_ROOT_PASSWORD'] : [])];
  return {
    port,
    environment: environment.map(({ name, value }) => ({ name, value: JSON.stringify(value) })),
    dependsOn,
    postgres,
    mysql,
    redis,
    // The image's WORKDIR is manage.py's folder (context.ts), so the bare file name.
    migrate: postgres || mysql ? { command: execForm(['python', path.posix.basename(project.managePy), 'migrate', '--noinput']) } : null,
    appWaits: !!(postgres || mysql) || dependsOn.length > 0,
    worker,
    beat,
    secrets: [...passthrough.required, ...passwords],
    notes,
    volumes,
  };
}

/** JSON array on one line, the way compose files are usually written. */
function execForm(argv: string[]): string {
  return JSON.stringify(argv).replace(/","/g, '", "');
}
