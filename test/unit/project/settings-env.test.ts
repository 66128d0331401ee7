/** Env reads in settings: variable names and literal defaults, and the default database connection built from them. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectProjectsInFiles } from '../../../server/src/project/detect';
import { envReadsIn } from '../../../server/src/project/env-reads';
import { memoryProjectFiles } from '../../../server/src/project/project-files';
import { parsePython } from '../../../server/src/project/python';
import type { DjangoProject } from '../../../server/src/project/types';

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n';

async function detectSettings(settings: string, extra: Record<string, string> = {}): Promise<DjangoProject> {
  const files = memoryProjectFiles(new Map(Object.entries({ 'manage.py': MANAGE, 'site/__init__.py': '', 'site/settings.py': settings, ...extra })));
  const result = await detectProjectsInFiles(files);
  assert.equal(result.projects.length, 1);
  return result.projects[0];
}

const reads = (text: string) => envReadsIn(parsePython(text)).map(({ variable, default: d, hasDefault, url }) => [variable, d, hasDefault, url]);

describe('env reads', () => {
  it('os.environ / os.getenv, with and without defaults, through int()/str() casts', () => {
    assert.deepEqual(
      reads('import os\nA = os.environ.get("A", "x")\nB = os.getenv("B")\nC = int(os.environ.get("C", 5432))\nD = os.environ["D"]\nfrom os import environ, getenv\nE = environ.get("E", default="e")\nF = getenv("F", "1")\n'),
      [['A', 'x', true, false], ['B', null, true, false], ['C', '5432', true, false], ['D', null, false, false], ['E', 'e', true, false], ['F', '1', true, false]],
    );
  });

  it('django-environ: env(), typed methods, Env() constructor defaults, env.db()', () => {
    assert.deepEqual(
      reads('import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env("DEBUG")\nKEY = env("SECRET")\nHOSTS = env.list("HOSTS", default=["a"])\nN = env.str("N", "n")\nDB = env.db()\nOTHER = env.db("OTHER_URL", default="postgres://u@h/d")\n'),
      [['DEBUG', 'False', true, false], ['SECRET', null, false, false], ['HOSTS', null, true, false], ['N', 'n', true, false], ['DATABASE_URL', null, false, true], ['OTHER_URL', 'postgres://u@h/d', true, true]],
    );
    // A reader bound to another name is recognised; env("X", cast) has no positional default.
    assert.deepEqual(reads('from environ import Env\nsettings_env = Env()\nX = settings_env("X", str)\n'), [['X', null, false, false]]);
  });

  it('dj-database-url config()/parse() and python-decouple config()', () => {
    assert.deepEqual(
      reads('import dj_database_url, os\nfrom decouple import config\nA = dj_database_url.config(default="sqlite:///db.sqlite3")\nB = dj_database_url.config(env="PRIMARY_DB")\nC = dj_database_url.parse(os.environ["DB_URL"])\nD = config("SECRET_KEY")\nE = config("DEBUG", default=False, cast=bool)\n'),
      [['DATABASE_URL', 'sqlite:///db.sqlite3', true, true], ['PRIMARY_DB', null, false, true], ['DB_URL', null, false, true], ['SECRET_KEY', null, false, false], ['DEBUG', 'False', true, false]],
    );
  });

  it('not env reads: other calls, function bodies, dict lookups on other names', () => {
    assert.deepEqual(reads('import os\nX = os.path.join("a", "b")\nY = CONFIG["Z"]\ndef f():\n    return os.environ["INSIDE"]\nW = some.get("W", 1)\n'), []);
  });
});

describe('the default database connection', () => {
  it('fields read from env variables with non-default names, directly and through module variables', async () => {
    const project = await detectSettings([
      'import os',
      'DB_NAME = os.environ.get("SHOP_DB_NAME", "shop")',
      'DATABASES = {',
      '    "default": {',
      '        "ENGINE": "django.db.backends.postgresql",',
      '        "NAME": DB_NAME,',
      '        "USER": os.getenv("SHOP_DB_USER", "shopper"),',
      '        "PASSWORD": os.environ["SHOP_DB_PASSWORD"],',
      '        "HOST": os.environ.get("SHOP_DB_HOST", "localhost"),',
      '        "PORT": int(os.environ.get("SHOP_DB_PORT", 5432)),',
      '        "CONN_MAX_AGE": 60,',
      '    }',
      '}',
      'SECRET_KEY = os.environ["SHOP_SECRET"]',
    ].join('\n'));
    const env = project.settingsEnv;
    assert.ok(env);
    assert.equal(env.secretKey, 'SHOP_SECRET');
    assert.deepEqual(env.database?.url, null);
    const fields = env.database?.fields ?? {};
    assert.deepEqual(fields.ENGINE, { kind: 'literal', value: 'django.db.backends.postgresql' });
    assert.deepEqual(fields.NAME, { kind: 'env', read: { variable: 'SHOP_DB_NAME', default: 'shop', hasDefault: true, url: false } });
    assert.equal(fields.USER?.kind === 'env' && fields.USER.read.default, 'shopper');
    assert.equal(fields.PASSWORD?.kind === 'env' && fields.PASSWORD.read.hasDefault, false);
    assert.equal(fields.PORT?.kind === 'env' && fields.PORT.read.default, '5432');
    assert.deepEqual(env.reads.map((r) => r.variable), ['SHOP_DB_NAME', 'SHOP_DB_USER', 'SHOP_DB_PASSWORD', 'SHOP_DB_HOST', 'SHOP_DB_PORT', 'SHOP_SECRET']);
    assert.deepEqual(project.databaseEngines, ['postgresql']);
  });

  it('a URL: env.db(), and DATABASES["default"] = dj_database_url.config(...)', async () => {
    const environ = await detectSettings('import environ\nenv = environ.Env()\nDATABASES = {"default": env.db("DATABASE_URL", default="postgres://u@localhost/shop")}\n');
    assert.deepEqual(environ.settingsEnv?.database, { url: { variable: 'DATABASE_URL', default: 'postgres://u@localhost/shop', hasDefault: true, url: true }, fields: {} });
    const subscript = await detectSettings('import dj_database_url\nDATABASES = {}\nDATABASES["default"] = dj_database_url.config(env="MAIN_DB")\n');
    assert.equal(subscript.settingsEnv?.database?.url?.variable, 'MAIN_DB');
  });

  it('if/else branches: the server database wins over the SQLite fallback', async () => {
    const project = await detectSettings([
      'import os',
      'if os.environ.get("USE_SQLITE"):',
      '    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}',
      'else:',
      '    DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": os.environ.get("MYSQL_DB", "blog")}}',
    ].join('\n'));
    assert.equal(project.settingsEnv?.database?.fields.ENGINE?.kind === 'literal' && project.settingsEnv.database.fields.ENGINE.value, 'django.db.backends.mysql');
  });

  it('no DATABASES: no connection; no settings file: no settingsEnv at all', async () => {
    assert.equal((await detectSettings('DEBUG = True\n')).settingsEnv?.database, null);
    const files = memoryProjectFiles(new Map([['manage.py', 'print(1)\n']]));
    assert.equal((await detectProjectsInFiles(files)).projects[0].settingsEnv, undefined);
  });

  it('celery beat: CELERY_BEAT_SCHEDULE or django_celery_beat in INSTALLED_APPS', async () => {
    assert.equal((await detectSettings('CELERY_BEAT_SCHEDULE = {"x": {}}\n')).celeryBeat, true);
    assert.equal((await detectSettings('INSTALLED_APPS = ["django_celery_beat"]\n')).celeryBeat, true);
    assert.equal((await detectSettings('INSTALLED_APPS = ["django.contrib.admin"]\n')).celeryBeat, false);
  });
});
