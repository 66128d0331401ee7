/**
 * Special files on disk (FIFOs, symlink loops, broken links, non-UTF-8 names): detection and the
 * workspace reader must finish and warn, never block. Each case runs in a child process with a
 * timeout, because a blocked read would hang this test process instead of failing it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { packageRoot } from '../../../server/src/util/paths';

const ROOT = packageRoot();
const CLI = path.join(ROOT, 'dist', 'cli.js');
const LOAD_WORKSPACE = path.join(ROOT, 'out', 'server', 'src', 'project', 'load-workspace.js');
const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-detect-special-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

function project(name: string): string {
  const dir = path.join(temp, name);
  fs.mkdirSync(path.join(dir, 'mysite'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manage.py'), MANAGE);
  fs.writeFileSync(path.join(dir, 'mysite', 'settings.py'), 'WSGI_APPLICATION = "mysite.wsgi.application"\n');
  return dir;
}

function detectJson(dir: string): { code: number | null; signal: NodeJS.Signals | null; json?: { projects: Array<Record<string, unknown>> }; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'detect', dir, '--json'], { encoding: 'utf8', timeout: 20_000 });
  return { code: run.status, signal: run.signal, json: run.status === 0 ? JSON.parse(run.stdout) : undefined, stderr: run.stderr };
}

describe('detection with special files on disk', () => {
  it('a requirements.txt symlinked to a FIFO does not block detect', () => {
    const dir = project('fifo-link');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    fs.symlinkSync('pipe', path.join(dir, 'requirements.txt'));
    const { code, signal, json, stderr } = detectJson(dir);
    assert.equal(signal, null, 'detect was killed by the timeout: it blocked on the FIFO');
    assert.equal(code, 0, stderr);
    assert.equal(json?.projects[0].wsgiApplication, 'mysite.wsgi:application');
  });

  it('a settings.py symlinked to a FIFO: a warning naming it, no hang', () => {
    const dir = project('fifo-settings');
    fs.rmSync(path.join(dir, 'mysite', 'settings.py'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    fs.symlinkSync('../pipe', path.join(dir, 'mysite', 'settings.py'));
    const { code, signal, json, stderr } = detectJson(dir);
    assert.equal(signal, null, 'detect was killed by the timeout: it blocked on the FIFO');
    assert.equal(code, 0, stderr);
    assert.equal(json?.projects[0].settingsModule, 'mysite.settings');
    assert.match(stderr, /mysite\/settings\.py: cannot read settings \(not a regular file\)/);
  });

  it('symlink loops, broken links and a non-UTF-8 folder name: detect finishes', () => {
    const dir = project('links');
    fs.symlinkSync('.', path.join(dir, 'self'));
    fs.symlinkSync('/nonexistent/target', path.join(dir, 'broken.py'));
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    fs.mkdirSync(Buffer.concat([Buffer.from(dir), Buffer.from([0x2f, 0x64, 0xe9, 0x72])])); // "/dér" in Latin-1
    const { code, signal, json, stderr } = detectJson(dir);
    assert.equal(signal, null);
    assert.equal(code, 0, stderr);
    assert.equal(json?.projects.length, 1);
    assert.match(stderr, /d\uFFFDr: its name is not valid UTF-8 \(rename it\); projects inside it are not detected/);
  });

  it('the workspace reader (lint, language server) returns nothing for a FIFO instead of blocking', () => {
    const dir = project('reader');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\n');
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    fs.symlinkSync('pipe', path.join(dir, 'requirements.txt'));
    const script = `require(${JSON.stringify(LOAD_WORKSPACE)}).loadWorkspaceModel(${JSON.stringify(path.join(dir, 'Dockerfile'))})` +
      `.then((m) => { process.stdout.write(JSON.stringify(m.readFile('requirements.txt') ?? null)); process.exit(0); })`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.signal, null, 'readFile was killed by the timeout: it blocked on the FIFO');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'null');
  });

  it('DIR that is a symbolic link loop: exit 2 saying so (not "does not exist")', () => {
    fs.symlinkSync('loop-y', path.join(temp, 'loop-x'));
    fs.symlinkSync('loop-x', path.join(temp, 'loop-y'));
    const run = spawnSync(process.execPath, [CLI, 'detect', path.join(temp, 'loop-x')], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /loop-x is a symbolic link loop/);
  });
});
