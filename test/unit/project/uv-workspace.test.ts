/** A Django project inside a uv workspace: built from the workspace root, synced with --package, reported by detect. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detectProjects, detectProjectsInFiles } from '../../../server/src/project/detect';
import { memoryProjectFiles } from '../../../server/src/project/project-files';
import type { DjangoProject } from '../../../server/src/project/types';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { renderContext } from '../../../server/src/generate/render';
import { packageRoot } from '../../../server/src/util/paths';

const FIXTURE = path.join(packageRoot(), 'test', 'fixtures', 'projects', 'uv-workspace');
const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n';
const dockerfileOf = (project: DjangoProject): string => renderContext(buildTemplateContext(project)).find((f) => f.path === 'Dockerfile')!.content;

/** A workspace in memory: root pyproject with `workspace`, the Django member in apps/web, a library in apps/lib. */
async function detectIn(rootPyproject: string, omit: string[] = []): Promise<DjangoProject> {
  const files = new Map(Object.entries({
    'pyproject.toml': rootPyproject,
    'uv.lock': 'version = 1\n',
    'apps/web/pyproject.toml': '[project]\nname = "Web_Site"\nversion = "1"\ndependencies = ["django", "lib"]\n[tool.uv.sources]\nlib = { workspace = true }\n',
    'apps/web/manage.py': MANAGE,
    'apps/web/config/__init__.py': '',
    'apps/web/config/settings.py': 'WSGI_APPLICATION = "config.wsgi.application"\n',
    'apps/web/config/wsgi.py': 'application = 1\n',
    'apps/lib/pyproject.toml': '[project]\nname = "lib"\nversion = "1"\ndependencies = ["uwsgi"]\n',
  }).filter(([file]) => !omit.includes(file)));
  const [project] = (await detectProjectsInFiles(memoryProjectFiles(files))).projects;
  return project;
}

describe('uv workspace detection', () => {
  it('fixtures/projects/uv-workspace: the workspace root is the build context and apps/web the member', async () => {
    const [project] = (await detectProjects(FIXTURE)).projects;
    assert.equal(project.root, '.');
    assert.equal(project.managePy, 'apps/web/manage.py');
    assert.deepEqual(project.uvWorkspace, { root: '.', member: 'apps/web', package: 'web', members: ['apps/lib', 'apps/web'] });
    assert.equal(project.dependencyManager, 'uv');
    assert.deepEqual(project.dependencyFiles, ['pyproject.toml', 'uv.lock', 'apps/lib/pyproject.toml', 'apps/web/pyproject.toml']);
    // whitenoise comes from the workspace library the web member depends on; pytest (dev group) is not installed.
    assert.deepEqual(project.dependencies, ['django', 'gunicorn', 'lib', 'whitenoise']);
    assert.equal(project.django?.source, 'uv.lock');
  });

  it('a server declared by a workspace library counts (lib needs uwsgi): the image runs it', async () => {
    const project = await detectIn('[tool.uv.workspace]\nmembers = ["apps/*"]\n');
    assert.equal(project.uvWorkspace?.package, 'web-site', 'the [project] name, normalised');
    assert.equal(project.appServer, 'uwsgi');
  });

  it('members globs: ** matches nested folders; exclude and non-matching globs leave the project on its own', async () => {
    assert.equal((await detectIn('[tool.uv.workspace]\nmembers = ["**"]\n')).uvWorkspace?.member, 'apps/web');
    assert.equal((await detectIn('[tool.uv.workspace]\nmembers = ["apps/w*"]\n')).uvWorkspace?.member, 'apps/web');
    for (const root of [
      '[tool.uv.workspace]\nmembers = ["apps/*"]\nexclude = ["apps/web"]\n',
      '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
      '[project]\nname = "other"\nversion = "1"\n',
    ]) {
      const project = await detectIn(root);
      assert.equal(project.uvWorkspace, undefined, root);
      assert.equal(project.root, 'apps/web', root);
      assert.equal(project.managePy, 'manage.py', root);
    }
  });
});

describe('the Django project is the workspace root', () => {
  const rootFiles = (pyproject: string) => new Map(Object.entries({
    'pyproject.toml': pyproject,
    'uv.lock': 'version = 1\n',
    'manage.py': MANAGE,
    'config/__init__.py': '',
    'config/settings.py': 'WSGI_APPLICATION = "config.wsgi.application"\n',
    'config/wsgi.py': 'application = 1\n',
    'libs/util/pyproject.toml': '[project]\nname = "util"\nversion = "1"\ndependencies = ["gunicorn"]\n',
  }));

  it('its members are copied and synced with it (member ".")', async () => {
    const pyproject = '[project]\nname = "site"\nversion = "1"\ndependencies = ["django", "util"]\n[tool.uv.sources]\nutil = { workspace = true }\n[tool.uv.workspace]\nmembers = ["libs/*"]\n';
    const [project] = (await detectProjectsInFiles(memoryProjectFiles(rootFiles(pyproject)))).projects;
    assert.deepEqual(project.uvWorkspace, { root: '.', member: '.', package: 'site', members: ['.', 'libs/util'] });
    assert.deepEqual(project.dependencyFiles, ['pyproject.toml', 'uv.lock', 'libs/util/pyproject.toml']);
    assert.equal(project.appServer, 'gunicorn', 'declared by the workspace library');
    assert.match(dockerfileOf(project), /COPY libs\/util\/pyproject\.toml libs\/util\/\n[\s\S]*--package site --no-install-workspace/);
  });

  it('negative: a workspace table with no member folders changes nothing', async () => {
    const pyproject = '[project]\nname = "site"\nversion = "1"\ndependencies = ["django"]\n[tool.uv.workspace]\nmembers = ["packages/*"]\n';
    const [project] = (await detectProjectsInFiles(memoryProjectFiles(rootFiles(pyproject)))).projects;
    assert.equal(project.uvWorkspace, undefined);
    assert.match(dockerfileOf(project), /--no-install-project\n/);
  });
});

describe('uv workspace generation', () => {
  it('copies the root manifests and every member pyproject, syncs the member deps, then the member non-editable', async () => {
    const [project] = (await detectProjects(FIXTURE)).projects;
    const context = buildTemplateContext(project);
    assert.equal(context.uvPackage, 'web');
    assert.equal(context.workdir, '/app/apps/web');
    assert.ok(context.warnings.some((w) => /uv workspace: .*apps\/web \(package web\)/.test(w)), context.warnings.join('\n'));
    const lines = dockerfileOf(project).split('\n');
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const copies = [at(/^COPY pyproject\.toml uv\.lock \.\/$/), at(/^COPY apps\/lib\/pyproject\.toml apps\/lib\/$/), at(/^COPY apps\/web\/pyproject\.toml apps\/web\/$/)];
    assert.ok(copies.every((i) => i > 0), lines.join('\n'));
    const deps = at(/uv sync --frozen --no-dev --package web --no-install-workspace$/);
    const source = lines.findIndex((line, i) => i > deps && line === 'COPY . .');
    const member = at(/uv sync --frozen --no-dev --package web --no-editable$/);
    assert.ok(Math.max(...copies) < deps && deps < source && source < member, 'manifests, dependency layer, sources, member');
    assert.ok(!lines.some((line) => /--no-install-project/.test(line)), 'the single-project sync is not used');
    assert.ok(lines.includes('WORKDIR /app/apps/web'));
  });

  it('no uv.lock at the workspace root: no --frozen, and the build says it is not reproducible', async () => {
    const project = await detectIn('[tool.uv.workspace]\nmembers = ["apps/*"]\n', ['uv.lock']);
    assert.deepEqual(project.dependencyFiles, ['pyproject.toml', 'apps/lib/pyproject.toml', 'apps/web/pyproject.toml']);
    const context = buildTemplateContext(project);
    assert.equal(context.locked, false);
    assert.ok(context.warnings.some((w) => /No uv\.lock/.test(w)));
    assert.match(dockerfileOf(project), /uv sync --no-dev --package web-site --no-install-workspace\n/);
  });

  it('a project that is not in a workspace keeps the single-project sync (from its own folder, no lock there)', async () => {
    const project = await detectIn('[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    const dockerfile = dockerfileOf(project);
    assert.match(dockerfile, /uv sync --no-dev --no-install-project\n/);
    assert.ok(!/--package/.test(dockerfile));
  });
});

describe('detect reports the workspace', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(packageRoot(), 'dist', 'cli.js'), 'detect', FIXTURE, ...args], { encoding: 'utf8' });

  it('in the table and in --json', () => {
    const table = cli();
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^uv workspace\s+member apps\/web \(package web\); members apps\/lib, apps\/web$/m);
    const json = cli('--json');
    const [project] = (JSON.parse(json.stdout) as { projects: DjangoProject[] }).projects;
    assert.deepEqual(project.uvWorkspace, { root: '.', member: 'apps/web', package: 'web', members: ['apps/lib', 'apps/web'] });
  });
});
