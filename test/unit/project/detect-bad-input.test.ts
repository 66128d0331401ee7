/** Bad and unusual input: detection reports a clear warning and a partial model, never throws. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectProjectsInFiles } from '../../../server/src/project/detect';
import { memoryProjectFiles, type ProjectFiles } from '../../../server/src/project/project-files';
import type { DjangoProject } from '../../../server/src/project/types';

const MANAGE = (module: string): string =>
  `import os, sys\n\ndef main():\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n\nif __name__ == "__main__":\n    main()\n`;
const WSGI = (module: string): string =>
  `import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\napplication = get_wsgi_application()\n`;

/** Memory files where some paths fail to read, as unreadable files on disk do. */
function withUnreadable(files: Record<string, string>, unreadable: string[]): ProjectFiles {
  const memory = memoryProjectFiles(new Map(Object.entries(files)));
  return {
    files: memory.files,
    dirs: memory.dirs,
    read: (rel, max) => (unreadable.includes(rel) ? Promise.resolve({ error: 'permission denied' }) : memory.read(rel, max)),
  };
}

async function detectOne(files: Record<string, string>, unreadable: string[] = []): Promise<DjangoProject> {
  const result = await detectProjectsInFiles(withUnreadable(files, unreadable));
  assert.equal(result.projects.length, 1);
  return result.projects[0];
}

describe('detection on bad input', () => {
  it('an unreadable settings.py: a warning, and what the other files say', async () => {
    const project = await detectOne(
      {
        'manage.py': MANAGE('mysite.settings'),
        'mysite/__init__.py': '',
        'mysite/settings.py': 'WSGI_APPLICATION = "never.read"\n',
        'mysite/wsgi.py': WSGI('mysite.settings'),
        'requirements.txt': 'Django\ngunicorn\n',
      },
      ['mysite/settings.py'],
    );
    assert.deepEqual(project.warnings, ['mysite/settings.py: cannot read settings (permission denied); the model is partial']);
    assert.equal(project.settingsModule, 'mysite.settings');
    assert.equal(project.wsgiApplication, 'mysite.wsgi:application');
    assert.equal(project.appServer, 'gunicorn');
  });

  it('an unreadable manage.py: the settings module still comes from wsgi.py', async () => {
    const project = await detectOne(
      { 'manage.py': MANAGE('x'), 'site1/__init__.py': '', 'site1/settings.py': 'STATIC_ROOT = "/s"\n', 'site1/wsgi.py': WSGI('site1.settings') },
      ['manage.py'],
    );
    assert.deepEqual(project.warnings, ['manage.py: cannot read (permission denied)']);
    assert.equal(project.settingsModule, 'site1.settings');
    assert.equal(project.staticRoot, true);
    assert.equal(project.dependencyManager, null);
  });

  it('a settings module that does not exist', async () => {
    const project = await detectOne({ 'manage.py': MANAGE('gone.settings'), 'requirements.txt': 'django\n' });
    assert.equal(project.settingsModule, 'gone.settings');
    assert.equal(project.warnings.length, 1);
    assert.match(project.warnings[0], /settings module gone\.settings \(named in manage\.py\) not found/);
  });

  it('binary garbage and an empty manage.py do not crash', async () => {
    const garbage = await detectOne({ 'manage.py': MANAGE('g.settings'), 'g/__init__.py': '', 'g/settings.py': '\u0000\u00ff\u0001PK\u0003\u0004(((' });
    assert.match(garbage.warnings[0], /g\/settings\.py: Python syntax error at line 1/);
    const empty = await detectOne({ 'manage.py': '' });
    assert.equal(empty.settingsModule, null);
    assert.match(empty.warnings[0], /no settings module found/);
  });

  it('invalid TOML in pyproject.toml: a warning, and the requirements still count', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('a.settings'),
      'a/settings.py': '',
      'pyproject.toml': '[project\nname = ',
      'requirements.txt': 'django\n',
    });
    assert.equal(project.dependencyManager, 'pip');
    assert.deepEqual(project.dependencyFiles, ['requirements.txt']);
    assert.match(project.warnings.join('\n'), /pyproject\.toml: invalid TOML/);
  });

  it('a requirements include that is missing', async () => {
    const project = await detectOne({ 'manage.py': MANAGE('a.settings'), 'a/settings.py': '', 'requirements.txt': '-r requirements/base.txt\ngunicorn\n' });
    assert.deepEqual(project.dependencies, ['gunicorn']);
    assert.deepEqual(project.dependencyFiles, ['requirements.txt']);
    assert.match(project.warnings.join('\n'), /requirements\.txt refers to requirements\/base\.txt, which is missing/);
  });

  it('`-e .` in requirements.txt adds the project\'s pyproject.toml and its dependencies', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('a.settings'),
      'a/settings.py': '',
      'requirements.txt': 'gunicorn\n-e .\n',
      'pyproject.toml': '[project]\nname = "a"\ndependencies = ["Django>=4.2", "mysqlclient"]\n',
    });
    assert.equal(project.dependencyManager, 'pip');
    assert.deepEqual(project.dependencyFiles, ['requirements.txt', 'pyproject.toml']);
    assert.deepEqual(project.dependencies, ['django', 'gunicorn', 'mysqlclient']);
    assert.deepEqual(project.systemPackages.runtime, ['libmariadb3']);
  });

  it('star imports that form a cycle terminate', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('s.settings.a'),
      's/__init__.py': '',
      's/settings/__init__.py': '',
      's/settings/a.py': 'from .b import *\nSTATIC_ROOT = "x"\n',
      's/settings/b.py': 'from .a import *\nWSGI_APPLICATION = "s.wsgi.application"\n',
    });
    assert.equal(project.wsgiApplication, 's.wsgi:application');
    assert.equal(project.staticRoot, true);
    assert.deepEqual(project.warnings, []);
  });

  it('environment-driven settings are normal, not errors', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('cfg.settings'),
      'cfg/settings.py': [
        'import os',
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        'DEBUG = os.getenv("DEBUG") == "1"',
        'DATABASES = {"default": {"ENGINE": os.environ.get("ENGINE"), "NAME": os.environ["DB"]}}',
        'STATIC_ROOT = os.environ.get("STATIC_ROOT")',
      ].join('\n'),
    });
    assert.deepEqual(project.warnings, []);
    assert.deepEqual(project.databaseEngines, []);
    assert.equal(project.staticRoot, true);
  });
});

describe('settings module sources', () => {
  it('pytest.ini names the settings when manage.py does not', async () => {
    const project = await detectOne({
      'manage.py': 'import sys\n',
      'pytest.ini': '[pytest]\nDJANGO_SETTINGS_MODULE = proj.settings\npython_files = tests.py\n',
      'proj/settings.py': 'WSGI_APPLICATION = "proj.wsgi.application"\n',
    });
    assert.equal(project.settingsModule, 'proj.settings');
    assert.equal(project.wsgiApplication, 'proj.wsgi:application');
    assert.deepEqual(project.warnings, []);
  });

  it('pyproject [tool.pytest.ini_options] names the settings', async () => {
    const project = await detectOne({
      'manage.py': '',
      'pyproject.toml': '[tool.pytest.ini_options]\nDJANGO_SETTINGS_MODULE = "proj.settings.test"\n',
      'proj/settings/__init__.py': '',
      'proj/settings/test.py': '',
      'proj/settings/prod.py': 'from .test import *\n',
    });
    assert.equal(project.settingsModule, 'proj.settings.prod');
    assert.deepEqual(project.settingsModules, ['proj.settings.prod', 'proj.settings.test']);
  });

  it('os.environ["DJANGO_SETTINGS_MODULE"] = ... and a getenv default', async () => {
    const assigned = await detectOne({ 'manage.py': 'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "a.settings"\n', 'a/settings.py': '' });
    assert.equal(assigned.settingsModule, 'a.settings');
    const fallback = await detectOne({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", os.getenv("SETTINGS", "b.settings"))\n',
      'b/settings.py': '',
    });
    assert.equal(fallback.settingsModule, 'b.settings');
  });

  it('a settings package named as the package itself, with a production module', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('config.settings'),
      'config/settings/__init__.py': 'from .base import *\n',
      'config/settings/base.py': 'STATIC_ROOT = "/x"\n',
      'config/settings/prod.py': 'from .base import *\nWSGI_APPLICATION = "config.wsgi.app"\n',
      'config/settings/_helpers.py': '',
    });
    assert.equal(project.settingsModule, 'config.settings.prod');
    assert.deepEqual(project.settingsModules, ['config.settings.prod', 'config.settings', 'config.settings.base']);
    assert.equal(project.wsgiApplication, 'config.wsgi:app');
    assert.equal(project.staticRoot, true);
  });

  it('a namespace settings package (no __init__.py), and a package shadowing a module of the same name', async () => {
    const namespace = await detectOne({
      'manage.py': MANAGE('cfg.settings.dev'),
      'cfg/settings/dev.py': 'from .common import *\n',
      'cfg/settings/live.py': 'from .common import *\nSTATIC_ROOT = "/s"\n',
      'cfg/settings/common.py': 'WSGI_APPLICATION = "cfg.wsgi.application"\n',
    });
    assert.deepEqual(namespace.settingsModules, ['cfg.settings.live', 'cfg.settings.common', 'cfg.settings.dev']);
    assert.equal(namespace.wsgiApplication, 'cfg.wsgi:application');
    assert.equal(namespace.staticRoot, true);
    const shadowed = await detectOne({
      'manage.py': MANAGE('p.settings'),
      'p/settings.py': 'STATIC_ROOT = "/module"\n',
      'p/settings/__init__.py': 'STATIC_ROOT = None\n',
    });
    assert.equal(shadowed.staticRoot, false);
  });

  it('DATABASES set in both branches of an if: both engines count', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('s'),
      'requirements.txt': 'django\ndj-database-url\npsycopg2-binary\n',
      's.py': [
        'import os',
        'if os.environ.get("DATABASE_URL"):',
        '    DATABASES = {"default": dj_database_url.config()}',
        'else:',
        '    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}',
      ].join('\n'),
    });
    // sqlite3 from the else branch, postgresql from the URL branch's installed driver.
    assert.deepEqual(project.databaseEngines, ['sqlite3', 'postgresql']);
  });

  it('django-split-settings include() is followed', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('server.settings'),
      'server/settings/__init__.py': 'from split_settings.tools import include, optional\ninclude("components/*.py", optional("local.py"))\n',
      'server/settings/components/common.py': 'INSTALLED_APPS = ["channels"]\n',
      'server/settings/components/database.py': 'DATABASES = {"default": {"ENGINE": "django.db.backends.mysql"}}\n',
    });
    assert.deepEqual(project.databaseEngines, ['mysql']);
    assert.equal(project.asgiRequired, true);
  });

  it('INSTALLED_APPS built with +=, append and spreads', async () => {
    const project = await detectOne({
      'manage.py': MANAGE('s'),
      's.py': 'BASE = ["django.contrib.staticfiles"]\nINSTALLED_APPS = [*BASE]\nINSTALLED_APPS += ("x",)\nINSTALLED_APPS.append("django.contrib.gis")\n',
    });
    assert.equal(project.geoDjango, true);
    assert.deepEqual(project.systemPackages.runtime, ['binutils', 'gdal-bin', 'libproj-dev']);
  });
});

describe('oversized settings', () => {
  it('a settings.py over the read limit: a warning that the rest was not read (not a silent miss)', async () => {
    const padding = 'X = "padding padding padding padding"\n'.repeat(Math.ceil((1024 * 1024) / 38) + 10);
    const project = await detectOne({
      'manage.py': MANAGE('mysite.settings'),
      'mysite/__init__.py': '',
      'mysite/settings.py': `STATIC_ROOT = "/static"\n${padding}WSGI_APPLICATION = "mysite.wsgi.application"\n`,
    });
    assert.equal(project.staticRoot, true, 'the head is still read');
    assert.ok(
      project.warnings.includes('mysite/settings.py: larger than 1 MB; only its start was read, so settings further down are not seen'),
      project.warnings.join('\n'),
    );
  });
});
