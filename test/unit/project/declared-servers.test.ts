/** The app server the project declares (extras and installed optional groups included) is the one the image runs. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { detectProjects, detectProjectsInFiles } from '../../../server/src/project/detect';
import { memoryProjectFiles } from '../../../server/src/project/project-files';
import type { DjangoProject } from '../../../server/src/project/types';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { renderContext } from '../../../server/src/generate/render';
import { packageRoot } from '../../../server/src/util/paths';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'projects');
const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n';

/** A WSGI project (shop.wsgi, shop.asgi) with the given manifests. */
async function detectWith(manifests: Record<string, string>): Promise<DjangoProject> {
  const files = new Map(Object.entries({
    'manage.py': MANAGE,
    'shop/__init__.py': '',
    'shop/settings.py': 'WSGI_APPLICATION = "shop.wsgi.application"\n',
    'shop/wsgi.py': 'application = 1\n',
    'shop/asgi.py': 'application = 1\n',
    ...manifests,
  }));
  const [project] = (await detectProjectsInFiles(memoryProjectFiles(files))).projects;
  return project;
}

const dockerfileOf = (project: DjangoProject): string => renderContext(buildTemplateContext(project)).find((f) => f.path === 'Dockerfile')!.content;

describe('uWSGI declared', () => {
  it('fixtures/projects/uwsgi: detected as uwsgi; the CMD runs uwsgi on $PORT and nothing is added', async () => {
    const [project] = (await detectProjects(path.join(FIXTURES, 'uwsgi'))).projects;
    assert.equal(project.appServer, 'uwsgi');
    const context = buildTemplateContext(project);
    assert.equal(context.server.kind, 'uwsgi');
    assert.deepEqual(context.server.argv, [
      'sh', '-c', 'exec uwsgi --http-socket ":$PORT" --module shop.wsgi:application --master --need-app --die-on-term',
    ]);
    assert.deepEqual(context.extraPackages, []);
    assert.ok(context.env.some((v) => v.name === 'UWSGI_PROCESSES'), 'the worker count is set');
    assert.ok(!context.env.some((v) => v.name === 'WEB_CONCURRENCY'), 'no gunicorn-only variable');
    assert.ok(!context.warnings.some((w) => /gunicorn/.test(w)), context.warnings.join('\n'));
    assert.deepEqual(context.buildPackages, ['gcc', 'libc6-dev'], 'uWSGI compiles at install time');
    assert.ok(!/GUNICORN_VERSION|gunicorn==/.test(dockerfileOf(project)), 'no gunicorn install');
  });

  it('pyuwsgi (the binary wheel) is uWSGI too', async () => {
    const project = await detectWith({ 'requirements.txt': 'Django==4.2.16\npyuwsgi==2.0.28\n' });
    assert.equal(project.appServer, 'uwsgi');
    assert.equal(buildTemplateContext(project).server.kind, 'uwsgi');
  });

  it('gunicorn and uWSGI both declared: gunicorn serves', async () => {
    const project = await detectWith({ 'requirements.txt': 'Django==4.2.16\nuwsgi\ngunicorn\n' });
    assert.equal(project.appServer, 'gunicorn');
    assert.equal(buildTemplateContext(project).server.kind, 'gunicorn');
  });

  it('a Django-style dotted application (--application x.wsgi.application) becomes module:callable for --module', async () => {
    const project = await detectWith({ 'requirements.txt': 'Django==4.2.16\nuwsgi\n' });
    const context = buildTemplateContext(project, { application: 'shop.wsgi.application' });
    assert.match(context.server.argv[2], /--module shop\.wsgi:application /);
  });

  it('ASGI required (Channels) with only uWSGI: uWSGI cannot serve it, uvicorn is added with a note', async () => {
    const project = await detectWith({ 'requirements.txt': 'Django==4.2.16\nuwsgi\nchannels\n', 'shop/settings.py': 'ASGI_APPLICATION = "shop.asgi.application"\n' });
    const context = buildTemplateContext(project);
    assert.equal(context.server.kind, 'uvicorn');
    assert.deepEqual(context.extraPackages.map((p) => p.name), ['uvicorn']);
  });
});

describe('daphne through channels[daphne]', () => {
  it('fixtures/projects/channels-daphne-extra: daphne serves the ASGI app, no uvicorn outside the lock', async () => {
    const [project] = (await detectProjects(path.join(FIXTURES, 'channels-daphne-extra'))).projects;
    assert.equal(project.appServer, 'daphne');
    const context = buildTemplateContext(project);
    assert.deepEqual(context.server.argv, ['sh', '-c', 'exec daphne --bind 0.0.0.0 --port "$PORT" chat.asgi:application']);
    assert.deepEqual(context.extraPackages, []);
    assert.equal(context.extraPackagesNote, null);
    assert.ok(!/UVICORN_VERSION|uvicorn==/.test(dockerfileOf(project)), 'no uvicorn install');
  });

  it('Poetry and Pipenv tables with extras = ["daphne"] declare daphne too', async () => {
    const settings = { 'shop/settings.py': 'ASGI_APPLICATION = "shop.asgi.application"\nINSTALLED_APPS = ["channels"]\n' };
    const poetry = await detectWith({ ...settings, 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "^5.2"\nchannels = { version = "^4.2", extras = ["daphne"] }\n', 'poetry.lock': '' });
    assert.equal(poetry.appServer, 'daphne');
    const pipenv = await detectWith({ ...settings, Pipfile: '[packages]\ndjango = "*"\nchannels = { version = "*", extras = ["daphne"] }\n' });
    assert.equal(pipenv.appServer, 'daphne');
  });
});

describe('optional groups the install uses', () => {
  const PYPROJECT = '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django>=4.2"]\n[project.optional-dependencies]\nserver = ["uWSGI>=2.0"]\n';

  it('-e .[server] in requirements.txt installs the server group: uWSGI is declared', async () => {
    const project = await detectWith({ 'requirements.txt': '-e .[server]\n', 'pyproject.toml': PYPROJECT });
    assert.ok(project.dependencies.includes('uwsgi'), project.dependencies.join(', '));
    assert.equal(project.appServer, 'uwsgi');
  });

  it('a self-referencing extra in [project] dependencies (shop[server]) pulls the group in', async () => {
    const pyproject = PYPROJECT.replace('dependencies = ["django>=4.2"]', 'dependencies = ["django>=4.2", "shop[server]"]');
    const project = await detectWith({ 'pyproject.toml': pyproject, 'uv.lock': '' });
    assert.equal(project.appServer, 'uwsgi');
    assert.ok(!project.dependencies.includes('shop'), 'the project itself is no dependency');
  });

  it('uv default-groups other than dev are synced by uv sync --no-dev: a server there is declared', async () => {
    const pyproject = '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django"]\n[dependency-groups]\ndev = ["pytest"]\nprod = [{ include-group = "web" }]\nweb = ["gunicorn"]\n[tool.uv]\ndefault-groups = ["dev", "prod"]\n';
    const project = await detectWith({ 'pyproject.toml': pyproject, 'uv.lock': '' });
    assert.equal(project.appServer, 'gunicorn');
    assert.ok(!project.dependencies.includes('pytest'), 'the dev group is not installed');
  });

  it('negative: a group the install does not use declares nothing, so gunicorn is added with a note', async () => {
    const project = await detectWith({ 'requirements.txt': '-e .\n', 'pyproject.toml': PYPROJECT });
    assert.equal(project.appServer, null);
    const devOnly = await detectWith({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django"]\n[dependency-groups]\ndev = ["uwsgi"]\n', 'uv.lock': '' });
    assert.equal(devOnly.appServer, null);
    const context = buildTemplateContext(devOnly);
    assert.equal(context.server.kind, 'gunicorn');
    assert.deepEqual(context.extraPackages.map((p) => p.name), ['gunicorn']);
  });
});

describe('a server added outside the lock is said so', () => {
  it('uv project without a WSGI server: the warning and a Dockerfile comment name uv.lock', async () => {
    const project = await detectWith({ 'pyproject.toml': '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django"]\n', 'uv.lock': 'version = 1\n' });
    const context = buildTemplateContext(project);
    assert.deepEqual(context.extraPackages.map((p) => p.name), ['gunicorn']);
    assert.ok(context.warnings.some((w) => /gunicorn is not among the project's dependencies.*outside uv\.lock/.test(w)), context.warnings.join('\n'));
    const dockerfile = dockerfileOf(project);
    const comment = dockerfile.split('\n').findIndex((line) => /^# gunicorn is not among .*outside uv\.lock/.test(line));
    assert.ok(comment > 0, dockerfile);
    assert.match(dockerfile.split('\n')[comment + 1], /^ARG GUNICORN_VERSION=/);
  });

  it('a WSGI project declaring only uvicorn is served by uvicorn on its ASGI app (nothing added)', async () => {
    const project = await detectWith({ 'requirements.txt': 'Django==4.2.16\nuvicorn\n' });
    const context = buildTemplateContext(project);
    assert.deepEqual(context.server.argv, ['sh', '-c', 'exec uvicorn --host 0.0.0.0 --port "$PORT" shop.asgi:application']);
    assert.deepEqual(context.extraPackages, []);
    assert.ok(context.warnings.some((w) => /declares uvicorn and no WSGI server/.test(w)));
    // --server wsgi still means gunicorn.
    assert.equal(buildTemplateContext(project, { server: 'wsgi' }).server.kind, 'gunicorn');
  });
});

describe('servers the lock installs for production', () => {
  const UV_PYPROJECT = '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django", "kit[server]"]\n';
  const uvLock = (kitServer: string, devOfRoot = '') => [
    'version = 1', '',
    '[[package]]', 'name = "shop"', 'version = "1"', 'source = { virtual = "." }',
    'dependencies = [{ name = "django" }, { name = "kit", extra = ["server"] }]', devOfRoot, '',
    '[[package]]', 'name = "kit"', 'version = "1"', 'source = { registry = "https://pypi.org/simple" }',
    '[package.optional-dependencies]', `server = [{ name = "${kitServer}" }]`, '',
    '[[package]]', 'name = "uwsgi"', 'version = "2.0.28"', 'source = { registry = "https://pypi.org/simple" }', '',
    '[[package]]', 'name = "gunicorn"', 'version = "23.0.0"', 'source = { registry = "https://pypi.org/simple" }', '',
  ].join('\n');

  it('uv.lock: a server reached through an extra of a dependency (kit[server] -> uwsgi) is declared', async () => {
    const project = await detectWith({ 'pyproject.toml': UV_PYPROJECT, 'uv.lock': uvLock('uwsgi') });
    assert.equal(project.appServer, 'uwsgi');
    assert.equal(buildTemplateContext(project).server.kind, 'uwsgi');
  });

  it('uv.lock negative: a server only in the dev group or in an extra nobody asks for is not', async () => {
    const devOnly = uvLock('uwsgi', '[package.dev-dependencies]\ndev = [{ name = "gunicorn" }]')
      .replace('{ name = "kit", extra = ["server"] }', '{ name = "kit" }');
    const project = await detectWith({ 'pyproject.toml': UV_PYPROJECT.replace('kit[server]', 'kit'), 'uv.lock': devOnly });
    assert.equal(project.appServer, null, project.dependencies.join(', '));
  });

  it('pdm.lock default group, poetry.lock main group, Pipfile.lock default section; dev groups are not', async () => {
    const pdm = (group: string) => `[[package]]\nname = "gunicorn"\nversion = "23.0.0"\ngroups = ["${group}"]\n`;
    const pdmToml = '[project]\nname = "shop"\nversion = "1"\ndependencies = ["django", "kit"]\n[tool.pdm]\n';
    assert.equal((await detectWith({ 'pyproject.toml': pdmToml, 'pdm.lock': pdm('default') })).appServer, 'gunicorn');
    assert.equal((await detectWith({ 'pyproject.toml': pdmToml, 'pdm.lock': pdm('dev') })).appServer, null);
    const poetryToml = '[tool.poetry.dependencies]\npython = "^3.12"\ndjango = "*"\nkit = "*"\n';
    assert.equal((await detectWith({ 'pyproject.toml': poetryToml, 'poetry.lock': pdm('main').replace('name = "gunicorn"', 'name = "uWSGI"') })).appServer, 'uwsgi');
    assert.equal((await detectWith({ 'pyproject.toml': poetryToml, 'poetry.lock': pdm('dev') })).appServer, null);
    const pipfileLock = (section: string) => JSON.stringify({ _meta: {}, default: { django: {} }, develop: {}, [section]: { django: {}, daphne: { version: '==4.1.2' } } });
    const settings = { 'shop/settings.py': 'ASGI_APPLICATION = "shop.asgi.application"\n' };
    assert.equal((await detectWith({ ...settings, Pipfile: '[packages]\ndjango = "*"\n', 'Pipfile.lock': pipfileLock('default') })).appServer, 'daphne');
    assert.equal((await detectWith({ ...settings, Pipfile: '[packages]\ndjango = "*"\n', 'Pipfile.lock': pipfileLock('develop') })).appServer, null);
  });
});
