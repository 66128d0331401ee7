/**
 * `django-container lint` as users run it: the bundled dist/cli.js in a child process (run `npm run build` first),
 * against the seed Dockerfile and the example project, in every output format.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../support/testbed';

const root = repoRoot();
const cli = path.join(root, 'dist', 'cli.js');
const seed = path.join(root, 'test', 'fixtures', 'seed', 'multi-stage.Dockerfile');
const mysite = path.join(root, 'examples', 'mysite');
let tmp: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lint(args: string[], cwd = tmp): Run {
  const result = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-lint-cli-'));
});

test('json: 1-based positions, severities, codes and sources; exit 1 with error findings', () => {
  const run = lint([seed, '--workspace', mysite, '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const findings = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  for (const finding of findings) {
    assert.deepEqual(Object.keys(finding).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity', 'source']);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(finding.severity as string));
    assert.equal(finding.file, seed);
  }
  const text = fs.readFileSync(seed, 'utf8').split('\n');
  const fromLine = text.findIndex((line) => line.startsWith('FROM python:3.9 as builder')) + 1;
  const eol = findings.find((f) => f.code === 'python-base-eol' && f.line === fromLine)!;
  assert.ok(eol, 'python 3.9 is reported on the first FROM');
  assert.equal(eol.column, 6, 'the image starts at column 6 (1-based)');
  assert.equal(eol.severity, 'error');
  assert.equal(eol.source, 'django-container');
  const casing = findings.find((f) => f.code === 'from-as-casing')!;
  assert.equal(text[(casing.line as number) - 1].slice((casing.column as number) - 1, (casing.endColumn as number) - 1), 'as');
  const codes = new Set(findings.map((f) => f.code));
  for (const code of ['env-legacy-format', 'final-stage-runs-as-root', 'dockerignore-missing', 'apt-get-update-alone']) assert.ok(codes.has(code), code);
});

test('text format prints file:line:col lines and a summary; a clean file exits 0', () => {
  const dockerfile = path.join(tmp, 'Dockerfile');
  fs.writeFileSync(dockerfile, 'FROM python:3.13-slim-trixie\nRUN useradd --system --uid 10001 app\nUSER 10001\nCMD ["python", "-c", "print(1)"]\n');
  const clean = lint(['Dockerfile']);
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /1 file checked, no problems/);
  fs.writeFileSync(dockerfile, 'FROM python:3.13-slim-trixie\nENV A 1\nUSER 10001\n');
  const warned = lint(['Dockerfile']);
  assert.equal(warned.status, 0, 'warnings alone exit 0');
  assert.match(warned.stdout, /^Dockerfile:2:1: warning env-legacy-format: /m);
  assert.match(warned.stdout, /1 problem \(0 errors, 1 warnings, 0 info\) in 1 file/);
});

test('sarif: a valid 2.1.0 log with rules, levels and regions', () => {
  const run = lint([seed, '--workspace', mysite, '--format', 'sarif']);
  assert.equal(run.status, 1);
  const log = JSON.parse(run.stdout);
  assert.equal(log.version, '2.1.0');
  const [sarifRun] = log.runs;
  assert.equal(sarifRun.tool.driver.name, 'django-container');
  const rules = sarifRun.tool.driver.rules as Array<{ id: string; shortDescription: { text: string } }>;
  assert.ok(rules.some((rule) => rule.id === 'python-base-eol' && rule.shortDescription.text.length > 0));
  assert.ok(sarifRun.results.length > 0);
  for (const result of sarifRun.results) {
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    const region = result.locations[0].physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1);
  }
});

test('usage and I/O errors exit 2 with a clear message, other files are still linted', () => {
  const missing = lint(['no-such-Dockerfile', '--format', 'json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read no-such-Dockerfile: no such file/);
  assert.deepEqual(JSON.parse(missing.stdout), []);
  const mixed = lint([seed, 'no-such-Dockerfile', '--format', 'json', '--workspace', mysite]);
  assert.equal(mixed.status, 2);
  assert.ok(JSON.parse(mixed.stdout).length > 0, 'the readable file is still reported');
  assert.equal(lint([]).status, 2);
  assert.equal(lint([seed, '--format', 'xml']).status, 2);
  assert.match(lint([seed, '--format', 'xml']).stderr, /unknown format 'xml'/);
  assert.equal(lint([seed, '--workspace', path.join(tmp, 'nope')]).status, 2);
  const folder = lint([tmp]);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /is a folder/);
  assert.equal(lint(['--help']).status, 0);
});

test('without --workspace the context is the nearest folder with manage.py', () => {
  const project = path.join(tmp, 'proj');
  fs.mkdirSync(path.join(project, 'docker'), { recursive: true });
  fs.writeFileSync(path.join(project, 'manage.py'), 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n');
  fs.writeFileSync(path.join(project, '.env'), 'SECRET_KEY=x\n');
  fs.writeFileSync(path.join(project, 'docker', 'Dockerfile'), 'FROM python:3.13-slim\nCOPY . /app\nUSER 10001\n');
  const run = lint([path.join('proj', 'docker', 'Dockerfile'), '--format', 'json']);
  const ignore = (JSON.parse(run.stdout) as Array<{ code: string; severity: string }>).find((f) => f.code === 'dockerignore-missing');
  assert.ok(ignore, run.stdout + run.stderr);
  assert.equal(ignore.severity, 'error', 'the .env at the context root makes it an error');
  assert.equal(run.status, 1);
});

test('--no-generic leaves out dockerfile-utils findings; BOM and CRLF files lint like plain ones', () => {
  const dockerfile = path.join(tmp, 'Generic.Dockerfile');
  fs.writeFileSync(dockerfile, '\uFEFFFROM python:3.13-slim-trixie\r\nMAINTAINER me\r\nUSER 10001\r\n');
  const withGeneric = JSON.parse(lint([dockerfile, '--format', 'json']).stdout) as Array<{ code: string; source: string; line: number; column: number }>;
  const maintainer = withGeneric.find((f) => f.code === 'dockerfile-utils/deprecated-maintainer');
  assert.ok(maintainer);
  assert.equal(maintainer.source, 'dockerfile-utils');
  assert.deepEqual([maintainer.line, maintainer.column], [2, 1]);
  const without = JSON.parse(lint([dockerfile, '--format', 'json', '--no-generic']).stdout) as Array<{ source: string }>;
  assert.ok(without.every((f) => f.source !== 'dockerfile-utils'));
});
