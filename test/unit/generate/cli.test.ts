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

test('bad --python and --base-image values: exit 2 with the reason, nothing written', () => {
  const dir = copy(MYSITE);
  const cases: Array<[string[], RegExp]> = [
    [['--python', '2.7'], /Python 2\.7 is not supported: Django images need Python 3/],
    [['--python', '3'], /must be major\.minor like 3\.12, got "3"/],
    [['--python', 'abc'], /must be major\.minor like 3\.12, got "abc"/],
    [['--base-image', 'python:3.12 slim'], /cannot contain spaces/],
    [['--base-image', 'Python:3.12-slim'], /must be lowercase \(did you mean "python:3\.12-slim"\?\)/],
    [['--base-image', 'python:'], /the tag after ":" is empty/],
    [['--base-image', 'python@sha256:zz'], /"sha256:zz" is not a digest/],
    [['--base-image', 'team/my..image:3.12'], /"team\/my\.\.image" is not a repository name/],
    [['--base-image', 'my..registry/python:3.12'], /"my\.\.registry" is not a registry host/],
  ];
  for (const [args, message] of cases) {
    const result = generate(dir, '--yes', ...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')));

  const registryPort = generate(dir, '--dry-run', '--base-image', 'localhost:5000/base/python:3.11-slim-bookworm');
  assert.equal(registryPort.status, 0, registryPort.stderr);
  const unknownPython = generate(dir, '--dry-run', '--python', '3.99');
  assert.equal(unknownPython.status, 0, unknownPython.stderr);
  assert.match(unknownPython.stderr, /warning: Python 3\.99 is not a release known/);
  const ancientPython = generate(dir, '--dry-run', '--python', '3.6');
  assert.match(ancientPython.stderr, /warning: Python 3\.6 is end-of-life/);
});

test('a --templates folder with a broken template: exit 2 naming the file, no stack trace', () => {
  const dir = copy(MYSITE);
  const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-cli-tpl-'));
  temps.push(templates);
  fs.mkdirSync(path.join(templates, 'partials'));
  fs.writeFileSync(path.join(templates, 'partials', 'install-pip.hbs'), '{{#each}}\n');
  const badPartial = generate(dir, '--yes', '--templates', templates);
  assert.equal(badPartial.status, 2);
  assert.match(badPartial.stderr, new RegExp(`template ${path.join(templates, 'partials', 'install-pip.hbs').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} has a syntax error`));

  fs.rmSync(path.join(templates, 'partials'), { recursive: true });
  fs.writeFileSync(path.join(templates, 'Dockerfile.hbs'), 'FROM {{baseImage}}\nRUN {{noSuchField}}\n');
  const missingField = generate(dir, '--yes', '--templates', templates);
  assert.equal(missingField.status, 2);
  assert.match(missingField.stderr, /Dockerfile\.hbs \(or a partial it uses\): "noSuchField" not defined/);
  assert.doesNotMatch(missingField.stderr, /\n\s+at /);
  assert.ok(!fs.existsSync(path.join(dir, 'Dockerfile')), 'nothing written');

  const missingFolder = generate(dir, '--yes', '--templates', path.join(templates, 'nope'));
  assert.equal(missingFolder.status, 2);
  assert.match(missingFolder.stderr, /templates folder .*nope does not exist/);
});

test('a file that cannot be written: exit 1 naming it, nothing written, existing files intact', () => {
  const dir = copy(MYSITE);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  fs.chmodSync(path.join(dir, 'Dockerfile'), 0o640);
  fs.mkdirSync(path.join(dir, '.dockerignore'));
  const result = generate(dir, '--yes', '--force');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /\.dockerignore in .* is a folder\nNothing was written\./);
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM scratch\n', 'the Dockerfile is untouched');

  fs.rmdirSync(path.join(dir, '.dockerignore'));
  const forced = generate(dir, '--yes', '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).mode & 0o777, 0o640, 'replacing keeps the file mode');
  assert.deepEqual(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
});

test('a Dockerfile that is a FIFO: no hang; exit 3 without --force, exit 1 with it, nothing written', () => {
  const dir = copy(MYSITE);
  spawnSync('mkfifo', [path.join(dir, 'Dockerfile')]);
  assert.ok(fs.statSync(path.join(dir, 'Dockerfile')).isFIFO());
  const plain = spawnSync(process.execPath, [CLI, 'generate', dir, '--yes'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(plain.signal, null, 'generate blocked reading the FIFO');
  assert.equal(plain.status, 3, plain.stderr);
  const forced = spawnSync(process.execPath, [CLI, 'generate', dir, '--yes', '--force'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(forced.signal, null);
  assert.equal(forced.status, 1, forced.stderr);
  assert.match(forced.stderr, /Dockerfile in .* is not a regular file/);
  assert.ok(!fs.existsSync(path.join(dir, '.dockerignore')), 'nothing written');
});

test('--application naming a module the project does not have: a warning (the image would fail to import it)', () => {
  const missing = generate(MYSITE, '--dry-run', '--application', 'nope.wsgi:application');
  assert.equal(missing.status, 0, missing.stderr);
  assert.match(missing.stderr, /warning: --application nope\.wsgi:application: no nope\/wsgi\.py or nope\/wsgi\/__init__\.py in /);
  const present = generate(MYSITE, '--dry-run', '--application', 'config.wsgi:application');
  assert.equal(present.status, 0, present.stderr);
  assert.doesNotMatch(present.stderr, /--application/);
});

test('DIR or --templates that is a symbolic link loop: exit 2 saying so, no raw ELOOP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-cli-loop-'));
  temps.push(dir);
  fs.symlinkSync('b', path.join(dir, 'a'));
  fs.symlinkSync('a', path.join(dir, 'b'));
  const loopDir = generate(path.join(dir, 'a'), '--dry-run');
  assert.equal(loopDir.status, 2);
  assert.match(loopDir.stderr, /^django-container generate: .*a is a symbolic link loop$/m);
  const loopTemplates = generate(MYSITE, '--dry-run', '--templates', path.join(dir, 'a'));
  assert.equal(loopTemplates.status, 2);
  assert.match(loopTemplates.stderr, /templates folder .*a is a symbolic link loop/);
});
