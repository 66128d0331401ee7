import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../../dockerfile/model';
import { lintDockerfile } from '../engine';
import { genericRuleId, genericRuleIds, validateGeneric } from './dockerfile-utils';

const generic = (text: string) => lintDockerfile(text, { workspace: null }).filter((f) => f.source === 'dockerfile-utils');

test('generic findings carry mapped ids, severities and the dockerfile-utils source', () => {
  const found = generic('FROM python:3.12\nMAINTAINER me\nEXPOSE abc\nWORKDIR app\n');
  const ids = found.map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['dockerfile-utils/deprecated-maintainer', 'dockerfile-utils/invalid-port', 'dockerfile-utils/workdir-is-not-absolute']);
  assert.equal(found.find((f) => f.ruleId.endsWith('invalid-port'))!.severity, 'error');
  assert.equal(found.find((f) => f.ruleId.endsWith('deprecated-maintainer'))!.severity, 'warning');
  assert.equal(genericRuleId(39), 'dockerfile-utils/unknown-add-flag');
  assert.ok(genericRuleIds().includes('dockerfile-utils/invalid-reference-format'));
});

test('the wrapper reuses our parse yet reports exactly what validate() with full settings reports', () => {
  const text = 'from python:3.12 AS a\nCMD a\nCMD b\nENTRYPOINT ["x"]\nENTRYPOINT ["y"]\nRUN a \\\n\n b\nCOPY --from= a b\nHEALTHCHECK --interval=5 CMD x\n';
  const ours = validateGeneric(parseDockerfile(text)).map((f) => `${f.range.start.line}:${f.message}`).sort();
  const theirs = validate(text).map((d) => `${d.range.start.line}:${d.message}`).sort();
  assert.deepEqual(ours, theirs);
  assert.ok(ours.length >= 5);
});

test('ADD --unpack is modern BuildKit syntax, not an unknown flag; other unknown flags still are', () => {
  assert.deepEqual(generic('FROM python:3.12\nADD --unpack=true a.tar.gz /x/\n'), []);
  const unknown = generic('FROM python:3.12\nADD --bogus a /x/\n');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].ruleId, 'dockerfile-utils/unknown-add-flag');
});

test('modern syntax stays clean: heredocs, RUN --mount, COPY --chmod/--link/--exclude, check directives', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    '# check=skip=JSONArgsRecommended',
    'FROM python:3.12-slim-trixie',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install x',
    'RUN <<EOF',
    'apt-get update',
    'EOF',
    'COPY --chmod=755 --link a /b',
    'COPY --exclude=*.pyc . /app',
    'HEALTHCHECK --start-interval=5s CMD python -c 1',
  ].join('\n');
  assert.deepEqual(generic(text), []);
});

test('FROM with a global ARG is fine; a stage-local ARG in FROM is out of scope and an error', () => {
  assert.deepEqual(generic('ARG BASE\nFROM $BASE\n'), []);
  const found = generic('FROM python:3.12\nARG BASE\nFROM $BASE\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].ruleId, 'dockerfile-utils/base-name-empty');
  assert.equal('buildkit' in found[0], false, 'equivalents are not leaked into findings');
});

test('generic findings obey suppressions (our id, hadolint and BuildKit equivalents) and severities', () => {
  assert.deepEqual(generic('# check=skip=MaintainerDeprecated\nFROM python:3.12\nMAINTAINER me\n'), []);
  assert.deepEqual(generic('FROM python:3.12\n# hadolint ignore=DL4000\nMAINTAINER me\n'), []);
  assert.deepEqual(generic('FROM python:3.12\n# check=skip=dockerfile-utils/deprecated-maintainer\nMAINTAINER me\n'), []);
  assert.deepEqual(generic('FROM python:3.12\n# dockerfile-utils: ignore\nMAINTAINER me\n'), []);
  const off = lintDockerfile('FROM python:3.12\nMAINTAINER me\n', { workspace: null, severities: { 'dockerfile-utils/deprecated-maintainer': 'off' } });
  assert.equal(off.filter((f) => f.source === 'dockerfile-utils').length, 0);
  const raised = lintDockerfile('FROM python:3.12\nMAINTAINER me\n', { workspace: null, severities: { 'dockerfile-utils/deprecated-maintainer': 'error' } });
  assert.equal(raised.find((f) => f.source === 'dockerfile-utils')!.severity, 'error');
});

test('genericRules:false turns the layer off', () => {
  assert.equal(lintDockerfile('FROM python:3.12\nMAINTAINER me\n', { workspace: null, genericRules: false }).filter((f) => f.source === 'dockerfile-utils').length, 0);
});

test('a long stage name with a bad character does not hang (dockerfile-utils ReDoS) and is still an error', () => {
  const name = 'a'.repeat(40) + '!';
  const text = `FROM python:3.13 AS ${name}\nFROM python:3.13 AS ok\nEXPOSE abc\n`;
  const start = performance.now();
  const found = generic(text);
  assert.ok(performance.now() - start < 2_000, 'bounded time');
  const invalid = found.find((f) => f.ruleId === 'dockerfile-utils/invalid-build-stage-name')!;
  assert.ok(invalid);
  assert.deepEqual(invalid.range, { start: { line: 0, character: 20 }, end: { line: 0, character: 61 } });
  assert.equal(invalid.severity, 'error');
  assert.ok(found.some((f) => f.ruleId === 'dockerfile-utils/invalid-port' && f.range.start.line === 2), 'the rest is still validated');
  const short = validate('FROM python:3.13 AS b!\n').map((d) => d.message);
  assert.deepEqual(generic('FROM python:3.13 AS b!\n').map((f) => f.message), short, 'same message as dockerfile-utils');
});
