/** The shared folder walk: what it skips, how it caps, and what a 20,000-file workspace costs. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detectProjects } from '../../../server/src/project/detect';
import { scanTree } from '../../../server/src/project/scan';

function write(root: string, rel: string, text = ''): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('scanTree', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-scan-'));
    for (const rel of [
      'manage.py', 'app/models.py', 'app/__pycache__/models.cpython-311.pyc', '.git/HEAD', 'node_modules/x/index.js',
      'whatever-env/pyvenv.cfg', 'whatever-env/lib/x.py', 'conda/conda-meta/history', 'conda/bin/python', 'lib/python3.11/site-packages/django/__init__.py',
      'dist/app.whl', 'build/lib/app.py', '.tox/py311/x', '.mypy_cache/x.json', 'mylib.egg-info/PKG-INFO', '.github/workflows/ci.yml',
    ]) write(dir, rel);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists project files and skips VCS, caches, build output and virtualenvs by their pyvenv.cfg', async () => {
    const scan = await scanTree(dir);
    assert.deepEqual(scan.files, ['.github/workflows/ci.yml', 'app/models.py', 'manage.py']);
    assert.equal(scan.skippedDirs.get('whatever-env'), 'virtualenv');
    assert.equal(scan.skippedDirs.get('conda'), 'virtualenv');
    for (const ignored of ['.git', 'node_modules', 'app/__pycache__', 'lib/python3.11/site-packages', 'dist', 'build', '.tox', '.mypy_cache', 'mylib.egg-info']) {
      assert.equal(scan.skippedDirs.get(ignored), 'ignored', ignored);
    }
    assert.equal(scan.truncated, false);
  });

  it('a capped walk keeps the shallow files and says it was truncated', async () => {
    const deep = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-scan-cap-'));
    try {
      for (let i = 0; i < 30; i++) write(deep, `a/b/c/f${i}.py`);
      write(deep, 'manage.py');
      write(deep, 'requirements.txt');
      write(deep, 'a/settings.py');
      const scan = await scanTree(deep, { maxFiles: 10 });
      assert.equal(scan.truncated, true);
      assert.ok(scan.files.length <= 10);
      for (const shallow of ['manage.py', 'requirements.txt', 'a/settings.py']) assert.ok(scan.files.includes(shallow), shallow);
    } finally {
      fs.rmSync(deep, { recursive: true, force: true });
    }
  });

  it('a venv as the scanned folder itself is still walked', async () => {
    const scan = await scanTree(path.join(dir, 'whatever-env'));
    assert.deepEqual(scan.files, ['lib/x.py', 'pyvenv.cfg']);
  });
});

describe('detection on a 20,000-file workspace', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-big-'));
    for (let a = 0; a < 20; a++) {
      for (let b = 0; b < 20; b++) {
        const folder = path.join(dir, 'apps', `pkg${a}`, `mod${b}`);
        fs.mkdirSync(folder, { recursive: true });
        for (let c = 0; c < 50; c++) fs.writeFileSync(path.join(folder, `f${c}.py`), '');
      }
    }
    for (let p = 0; p < 20; p++) {
      const folder = path.join(dir, 'node_modules', `p${p}`);
      fs.mkdirSync(folder, { recursive: true });
      for (let c = 0; c < 100; c++) fs.writeFileSync(path.join(folder, `f${c}.js`), '');
    }
    write(dir, 'manage.py', 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site1.settings")\n');
    write(dir, 'site1/settings.py', 'WSGI_APPLICATION = "site1.wsgi.application"\n');
    write(dir, 'requirements.txt', 'django\ngunicorn\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the project quickly and skips node_modules', async () => {
    const started = process.hrtime.bigint();
    const result = await detectProjects(dir);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(result.projects.length, 1);
    assert.equal(result.projects[0].wsgiApplication, 'site1.wsgi:application');
    // Measured ~100-250 ms on a shared 2-core machine; the bound only catches pathological regressions.
    assert.ok(ms < 5000, `detection took ${ms.toFixed(0)} ms`);
    process.stdout.write(`# detectProjects over 20,003 files: ${ms.toFixed(0)} ms\n`);
  });
});
