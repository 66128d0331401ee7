/**
 * Throwaway values for the environment variables the settings require at import (no default), so that
 * `manage.py collectstatic` can import them during `docker build`. They are set on that one RUN line only,
 * never with ENV, so none of them reaches the image's configuration. Values are chosen to survive the
 * usual casts (django-environ/decouple int, bool, list) and URL parsers.
 */
import type { DjangoProject } from './types';

export interface BuildTimeValue {
  name: string;
  value: string;
}

/** The throwaway SECRET_KEY: obviously not a secret, so nobody mistakes it for one. */
export const BUILD_ONLY_SECRET = 'collectstatic-build-only-not-a-secret';
const SQLITE_URL = 'sqlite:////tmp/collectstatic.sqlite3';
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A value the settings accept at import for a variable they require. */
function throwawayValue(name: string, isUrl: boolean, isSecretKey: boolean): string {
  if (isSecretKey || /SECRET/.test(name)) return BUILD_ONLY_SECRET;
  if (isUrl || /DATABASE_URL$|(^|_)DB_URL$/.test(name)) return SQLITE_URL;
  if (/CACHE_URL$/.test(name)) return 'locmemcache://';
  if (/EMAIL_URL$/.test(name)) return 'consolemail://';
  if (/(BROKER|REDIS|CELERY)[A-Z_]*URL$/.test(name)) return 'memory://';
  if (/URL$/.test(name)) return 'http://localhost';
  if (/HOSTS$/.test(name)) return 'localhost';
  // "1" passes as str, int, float, bool (True) and a one-item list.
  return '1';
}

/** Variables the settings need without a default, each with a throwaway value (names that are not shell-safe are left out). */
export function requiredSettingsEnv(project: DjangoProject): BuildTimeValue[] {
  const settingsEnv = project.settingsEnv;
  if (!settingsEnv) return [];
  return settingsEnv.reads
    .filter((read) => !read.hasDefault && SHELL_NAME.test(read.variable))
    .map((read) => ({ name: read.variable, value: throwawayValue(read.variable, read.url, read.variable === settingsEnv.secretKey) }));
}

/**
 * Everything collectstatic gets at build time: the settings' required variables, plus the SECRET_KEY names and
 * (for URL-configured databases) DATABASE_URL that settings commonly read in ways a static reading may miss.
 */
export function collectstaticBuildEnv(project: DjangoProject): BuildTimeValue[] {
  const values = new Map<string, string>([['SECRET_KEY', BUILD_ONLY_SECRET], ['DJANGO_SECRET_KEY', BUILD_ONLY_SECRET]]);
  const deps = new Set(project.dependencies);
  if (deps.has('django-environ') || deps.has('dj-database-url')) values.set('DATABASE_URL', SQLITE_URL);
  for (const { name, value } of requiredSettingsEnv(project)) if (!values.has(name)) values.set(name, value);
  return [...values].map(([name, value]) => ({ name, value }));
}
