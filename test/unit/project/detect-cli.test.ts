/** `django-container detect` through the bundled CLI (dist/cli.js), as users and CI run it. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../../server/src/util/paths';

const ROOT = packageRoot();
const CLI = path.join(ROOT, 'dist', 'cli.js');

function detect(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'detect', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The keys of issue 3's contract, in its order. */
const CONTRACT_KEYS = [
  'root', 'managePy', 'settingsModule', 'wsgiApplication', 'asgiApplication', 'pythonVersion', 'dependencyManager',
  'dependencyFiles', 'appServer', 'staticRoot', 'whitenoise', 'databaseEngines', 'celery', 'systemPackages',
];

describe('django-container detect', () => {
  it('prints the example project in the contract shape with --json', () => {
    const { code, stdout, stderr } = detect('examples/mysite', '--json');
    assert.equal(code, 0, stderr);
    const output = JSON.parse(stdout) as { projects: Array<Record<string, unknown>> };
    assert.equal(output.projects.length, 1);
    const project = output.projects[0];
    assert.deepEqual(Object.keys(project).slice(0, CONTRACT_KEYS.length), CONTRACT_KEYS);
    const contract = Object.fromEntries(CONTRACT_KEYS.map((key) => [key, project[key]]));
    assert.deepEqual(contract, {
      root: '.',
      managePy: 'manage.py',
      settingsModule: 'config.settings.production',
      wsgiApplication: 'config.wsgi:application',
      asgiApplication: null,
      pythonVersion: '3.11',
      dependencyManager: 'pip',
      dependencyFiles: ['requirements.txt'],
      appServer: 'gunicorn',
      staticRoot: true,
      whitenoise: true,
      databaseEngines: ['sqlite3'],
      celery: false,
      systemPackages: { build: [], runtime: [] },
    });
    assert.equal(stderr, '');
  });

  it('reports roots relative to DIR with forward slashes, one entry per manage.py', () => {
    const { code, stdout } = detect(path.join('test', 'fixtures', 'projects'), '--json');
    assert.equal(code, 0);
    const roots = (JSON.parse(stdout) as { projects: Array<{ root: string; managePy: string }> }).projects.map((p) => `${p.root}|${p.managePy}`);
    assert.ok(roots.includes('split-settings-requirements-folder|manage.py'), roots.join('\n'));
    assert.ok(roots.includes('src-layout|src/manage.py'));
    assert.ok(roots.includes('monorepo-subfolder/backend|manage.py'));
    assert.ok(roots.includes('two-projects/site_a|manage.py') && roots.includes('two-projects/site_b|manage.py'));
    assert.ok(!roots.some((r) => r.includes('node_modules') || r.includes('.venv') || r.includes('env/src')), roots.join('\n'));
    assert.ok(roots.includes('uv-workspace|apps/web/manage.py'), 'a uv workspace member is rooted at the workspace');
    assert.equal(roots.length, 23, roots.join('\n'));
  });

  it('prints a readable table by default', () => {
    const { code, stdout } = detect('examples/mysite');
    assert.equal(code, 0);
    assert.match(stdout, /^Settings\s+config\.settings\.production$/m);
    assert.match(stdout, /^WSGI application\s+config\.wsgi:application$/m);
    assert.match(stdout, /^Dependencies\s+pip: requirements\.txt$/m);
    assert.doesNotMatch(stdout, /^\s*[{[]/);
  });

  it('reports the Python choice, its reason and disagreeing pins, as a table and as pythonChoice in --json', () => {
    const fixture = path.join('test', 'fixtures', 'projects', 'conflicting-python-pins');
    const table = detect(fixture).stdout;
    assert.match(table, /^Python\s+3\.13 \(Python 3\.13 is the nearest to 3\.12 allowed by Django 5\.2 .*requires-python/m);
    assert.match(table, /^Python conflict\s+\.python-version says 3\.12 but requires-python \(pyproject\.toml\) says ">=3\.13"\.$/m);
    const project = JSON.parse(detect(fixture, '--json').stdout).projects[0];
    assert.deepEqual(
      { version: project.pythonChoice.version, source: project.pythonChoice.source, conflicts: project.pythonChoice.conflicts.length },
      { version: '3.13', source: 'django', conflicts: 1 },
    );
    const unpinned = JSON.parse(detect(path.join('test', 'fixtures', 'projects', 'django32-unpinned'), '--json').stdout).projects[0];
    assert.equal(unpinned.pythonChoice.version, '3.10');
    assert.deepEqual(unpinned.django, { spec: '==3.2.25', source: 'requirements.txt', exact: '3.2.25' });
  });

  it('exits 0 with a clear message on stderr when there is no project', () => {
    const { code, stdout, stderr } = detect(path.join('test', 'fixtures', 'projects', 'no-project'), '--json');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).projects, []);
    assert.match(stderr, /no Django project \(manage\.py\) found/);
  });

  it('prints warnings for broken settings on stderr and still the partial model', () => {
    const { code, stdout, stderr } = detect(path.join('test', 'fixtures', 'projects', 'broken-settings'), '--json');
    assert.equal(code, 0);
    assert.match(stderr, /warning: broken\/settings\.py: Python syntax error at line \d+/);
    assert.equal(JSON.parse(stdout).projects[0].wsgiApplication, 'broken.wsgi:application');
  });

  it('exits 2 for a missing folder, a file, extra arguments and unknown options', () => {
    const missing = detect(path.join(os.tmpdir(), 'dct-no-such-folder'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    assert.equal(detect('package.json').code, 2);
    assert.equal(detect('a', 'b').code, 2);
    const unknown = detect('--jsn');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option/i);
  });

  it('defaults DIR to the current folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-detect-cwd-'));
    try {
      fs.writeFileSync(path.join(dir, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.settings")\n');
      const run = spawnSync(process.execPath, [CLI, 'detect', '--json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const project = JSON.parse(run.stdout).projects[0];
      assert.equal(project.root, '.');
      assert.equal(project.settingsModule, 'a.settings');
      assert.match(run.stderr, /a\.settings.*not found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
