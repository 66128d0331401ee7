/**
 * `django-container lint` on bad input (H11 audit): missing files, folders, empty and CRLF+BOM files,
 * unknown formats, a workspace that does not exist, special files inside the build context.
 * Runs the bundled dist/cli.js (run `npm run build` first) in a child process with a timeout.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/testbed';

const cli = path.join(repoRoot(), 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-lint-bad-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function lint(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: tmp, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.signal, null, `lint ${args.join(' ')} was killed by the timeout`);
  assert.doesNotMatch(run.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
  return run;
}

const DOCKERFILE = 'FROM python:3.12-slim\nRUN pip install django gunicorn\nCMD ["gunicorn", "mysite.wsgi"]\n';

test('a missing file and a folder: exit 2 with a message naming them', () => {
  const missing = lint('nope/Dockerfile');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read nope\/Dockerfile: no such file/);
  fs.mkdirSync(path.join(tmp, 'folder'));
  const folder = lint('folder');
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /folder is a folder; pass the Dockerfile itself/);
});

test('an empty file is linted (no FROM), not a crash', () => {
  fs.writeFileSync(path.join(tmp, 'empty.Dockerfile'), '');
  const run = lint('empty.Dockerfile', '--format', 'json');
  assert.equal(run.status, 1, run.stderr);
  assert.ok(Array.isArray(JSON.parse(run.stdout)));
});

test('CRLF line ends and a BOM give the same findings as the plain file', () => {
  fs.writeFileSync(path.join(tmp, 'plain.Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(tmp, 'crlf.Dockerfile'), `\uFEFF${DOCKERFILE.replace(/\n/g, '\r\n')}`);
  const strip = (stdout: string) =>
    (JSON.parse(stdout) as Array<{ code: string; line: number; column: number }>).map(({ code, line, column }) => ({ code, line, column }));
  const plain = lint('plain.Dockerfile', '--format', 'json', '--no-generic');
  const crlf = lint('crlf.Dockerfile', '--format', 'json', '--no-generic');
  assert.equal(crlf.status, plain.status);
  assert.ok(strip(plain.stdout).length > 0);
  assert.deepEqual(strip(crlf.stdout), strip(plain.stdout));
});

test('an unknown --format and a --workspace that is not a folder: exit 2', () => {
  fs.writeFileSync(path.join(tmp, 'Dockerfile'), DOCKERFILE);
  const xml = lint('Dockerfile', '--format', 'xml');
  assert.equal(xml.status, 2);
  assert.match(xml.stderr, /unknown format 'xml' \(text, json or sarif\)/);
  const nowhere = lint('Dockerfile', '--workspace', path.join(tmp, 'nowhere'));
  assert.equal(nowhere.status, 2);
  assert.match(nowhere.stderr, /workspace .*nowhere is not a folder/);
});

test('a build context with a requirements.txt symlinked to a FIFO: lint finishes', () => {
  const context = path.join(tmp, 'fifo-context');
  fs.mkdirSync(path.join(context, 'mysite'), { recursive: true });
  fs.writeFileSync(path.join(context, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n');
  fs.writeFileSync(path.join(context, 'mysite', 'settings.py'), 'WSGI_APPLICATION = "mysite.wsgi.application"\n');
  fs.writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
  execFileSync('mkfifo', [path.join(context, 'pipe')]);
  fs.symlinkSync('pipe', path.join(context, 'requirements.txt'));
  const run = lint(path.join(context, 'Dockerfile'), '--format', 'json');
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  assert.ok(Array.isArray(JSON.parse(run.stdout)));
});

test('special files never hang: a FIFO is refused, and "-" reads standard input', () => {
  const fifo = path.join(tmp, 'fifo.Dockerfile');
  execFileSync('mkfifo', [fifo]);
  const refused = lint('fifo.Dockerfile');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /cannot read fifo\.Dockerfile: not a regular file \(use '-' to read standard input\)/);
  assert.equal(refused.stdout, '', 'no "no problems" summary for a file that was never read');

  const piped = spawnSync(process.execPath, [cli, 'lint', '-', '--format', 'json'], { cwd: tmp, input: DOCKERFILE, encoding: 'utf8', timeout: 30_000 });
  assert.equal(piped.signal, null);
  const findings = JSON.parse(piped.stdout) as Array<{ file: string; code: string }>;
  assert.ok(findings.some((finding) => finding.file === '-' && finding.code === 'final-stage-runs-as-root'), piped.stdout);
});

test('binary content, a symlink loop and an endless device get a reason, not a crash or garbage findings', () => {
  fs.writeFileSync(path.join(tmp, 'binary.Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0x46, 0x52, 0x4f, 0x4d]));
  const binary = lint('binary.Dockerfile', '--format', 'json');
  assert.equal(binary.status, 2);
  assert.match(binary.stderr, /binary content, not a Dockerfile/);
  assert.deepEqual(JSON.parse(binary.stdout), []);

  fs.symlinkSync('loop.Dockerfile', path.join(tmp, 'loop.Dockerfile'));
  const loop = lint('loop.Dockerfile');
  assert.equal(loop.status, 2);
  assert.match(loop.stderr, /cannot read loop\.Dockerfile: symbolic link loop/);

  const zero = lint('/dev/zero');
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /cannot read \/dev\/zero: not a regular file/);
});
