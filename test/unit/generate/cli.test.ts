/** `django-container generate` as a process: writing, refusing to overwrite (exit 3), --dry-run, several projects (exit 2). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { packageRoot } from '../../../server/src/util/paths';

const ROOT = packageRoot();
const CLI = path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const MYSITE = path.join(ROOT, 'examples', 'mysite');
const TWO_PROJECTS = path.join(ROOT, 'test', 'fixtures', 'projects', 'two-projects');
const temps: string[] = [];
after(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function copy(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-cli-gen-'));
  temps.push(dir);
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

function generate(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'generate', ...args], { encoding: 'utf8' });
}

test('writes Dockerfile and .dockerignore into the project root; compose.yaml with --compose', () => {
  const dir = copy(MYSITE);
  const result = generate(dir, '--yes', '--compose', '--port', '8123');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /wrote Dockerfile, \.dockerignore, compose\.yaml/);
  const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /EXPOSE 8123/);
  assert.match(dockerfile, /DJANGO_SETTINGS_MODULE=config\.settings\.production/);
  assert.match(dockerfile, /ARG PYTHON_IMAGE=python:3\.11-slim-/, 'the Python version comes from .python-version');
  assert.ok(fs.existsSync(path.join(dir, 'compose.yaml')));
});

test('refuses to overwrite a different existing file: exit 3, names it, writes nothing', () => {
  const dir = copy(MYSITE);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  const result = generate(dir, '--yes');
  assert.equal(result.status, 3);
  assert.match(result.stderr, /Dockerfile/);
  assert.match(result.stderr, /--force/);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
  assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')), 'no partial write');

  const forced = generate(dir, '--yes', '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /AS runtime/);
});

test('running again with the same options is a no-op, not a conflict', () => {
  const dir = copy(MYSITE);
  assert.equal(generate(dir, '--yes').status, 0);
  const again = generate(dir, '--yes');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /already up to date/);
});

test('--dry-run prints the files and writes nothing', () => {
  const dir = copy(MYSITE);
  const result = generate(dir, '--dry-run', '--no-buildkit', '--base-image', 'public.ecr.aws/docker/library/python:3.11-slim-bookworm');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /----- .*Dockerfile -----/);
  assert.match(result.stdout, /ARG PYTHON_IMAGE=public\.ecr\.aws\/docker\/library\/python:3\.11-slim-bookworm/);
  assert.doesNotMatch(result.stdout, /--mount=type=cache/);
  assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));
});

test('several projects without --project: exit 2 listing them; --project picks one', () => {
  const dir = copy(TWO_PROJECTS);
  const result = generate(dir, '--dry-run');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--project/);
  assert.match(result.stderr, /site_a/);
  assert.match(result.stderr, /site_b/);

  const picked = generate(dir, '--project', 'site_b', '--yes');
  assert.equal(picked.status, 0, picked.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'site_b', 'Dockerfile')));
  assert.ok(!fs.existsSync(path.join(dir, 'site_a', 'Dockerfile')));

  const unknown = generate(dir, '--project', 'site_c', '--dry-run');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no project with root "site_c"/);
});

test('bad input: no project, bad port, missing folder, unknown flag -> exit 2 with a message', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-cli-empty-'));
  temps.push(empty);
  const none = generate(empty);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no Django project/);
  const badPort = generate(MYSITE, '--dry-run', '--port', 'eighty');
  assert.equal(badPort.status, 2);
  assert.match(badPort.stderr, /--port must be a number/);
  const outOfRange = generate(MYSITE, '--dry-run', '--port', '99999');
  assert.equal(outOfRange.status, 2);
  assert.match(outOfRange.stderr, /Port must be an integer from 1 to 65535/);
  assert.equal(generate(path.join(empty, 'missing')).status, 2);
  const unknownFlag = generate(MYSITE, '--frobnicate');
  assert.equal(unknownFlag.status, 2);
  assert.match(unknownFlag.stderr, /frobnicate/);
});
