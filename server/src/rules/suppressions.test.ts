import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../dockerfile/model';
import { lintDockerfile } from './engine';
import { parseSuppressions } from './suppressions';

const ROOT = { id: 'final-stage-runs-as-root', hadolint: 'DL3002' };
const OTHER = { id: 'some-other-rule', hadolint: 'DL9999', buildkit: 'OtherCheck' };
const suppressionsOf = (text: string) => parseSuppressions(parseDockerfile(text));
const rootFindings = (text: string) => lintDockerfile(text, { workspace: null, genericRules: false }).filter((f) => f.ruleId === ROOT.id);

test('file-level # check=skip= directive names our id or an equivalent id', () => {
  const byOurId = suppressionsOf('# syntax=docker/dockerfile:1\n# check=skip=final-stage-runs-as-root;error=true\nFROM python:3.12\n');
  assert.equal(byOurId.isSuppressed(ROOT, 2), true);
  assert.equal(byOurId.isSuppressed(OTHER, 2), false);
  assert.equal(suppressionsOf('# check=skip=OtherCheck, DL0000\nFROM x\n').isSuppressed(OTHER, 1), true);
  assert.equal(suppressionsOf('# check=skip=all\nFROM x\n').isSuppressed(OTHER, 1), true);
});

test('a check directive after the parser-directive block is not file-level', () => {
  const text = 'FROM python:3.12\n# check=skip=all\n\nRUN true\n';
  assert.equal(suppressionsOf(text).isSuppressed(ROOT, 0), false);
  assert.equal(suppressionsOf(text).isSuppressed(ROOT, 3), false, 'a blank line separates it from RUN');
  const afterBlank = '# syntax=docker/dockerfile:1\n\n# check=skip=all\nFROM x\n';
  assert.equal(suppressionsOf(afterBlank).isSuppressed(ROOT, 3), true, 'directly above FROM it still applies to FROM');
  assert.equal(suppressionsOf(afterBlank + 'USER root\n').isSuppressed(ROOT, 4), false);
});

test('# check=skip= and # hadolint ignore= directly above one instruction cover all its lines only', () => {
  const text = [
    'FROM python:3.12', // 0
    '# some explanation', // 1
    '# hadolint ignore=DL3002,DL3008', // 2
    'RUN apt-get update \\', // 3
    '    && apt-get install -y curl', // 4
    '# check=skip=OtherCheck', // 5
    'USER root', // 6
    'USER root', // 7
  ].join('\n');
  const suppressions = suppressionsOf(text);
  assert.equal(suppressions.isSuppressed(ROOT, 3), true);
  assert.equal(suppressions.isSuppressed(ROOT, 4), true, 'continuation line of the same RUN');
  assert.equal(suppressions.isSuppressed(OTHER, 4), false);
  assert.equal(suppressions.isSuppressed(OTHER, 6), true);
  assert.equal(suppressions.isSuppressed(ROOT, 6), false);
  assert.equal(suppressions.isSuppressed(OTHER, 7), false);
  assert.equal(suppressions.isSuppressed(ROOT, 0), false);
});

test('hadolint global and stage pragmas', () => {
  const text = 'FROM a AS one\n# hadolint stage ignore=DL9999\nRUN x\nFROM b\nRUN y\n# hadolint global ignore=DL3002\n';
  const suppressions = suppressionsOf(text);
  assert.equal(suppressions.isSuppressed(OTHER, 2), true);
  assert.equal(suppressions.isSuppressed(OTHER, 4), false);
  assert.equal(suppressions.isSuppressed(ROOT, 4), true);
});

test('the engine drops suppressed findings of our rules', () => {
  assert.equal(rootFindings('FROM python:3.12\nUSER root\n').length, 1);
  assert.equal(rootFindings('FROM python:3.12\n# hadolint ignore=DL3002\nUSER root\n').length, 0);
  assert.equal(rootFindings('FROM python:3.12\n# check=skip=final-stage-runs-as-root\nUSER root\n').length, 0);
  assert.equal(rootFindings('# check=skip=FINAL-STAGE-RUNS-AS-ROOT\nFROM python:3.12\n').length, 0, 'case-insensitive');
  assert.equal(lintDockerfile('FROM python:3.12\n# hadolint ignore=DL3002\nUSER root\n', { workspace: null, suppressions: false })
    .filter((f) => f.ruleId === ROOT.id).length, 1, 'suppressions can be turned off');
});

test('CRLF and BOM files are read the same way', () => {
  const text = '\uFEFF# check=skip=DL3002\r\nFROM python:3.12\r\nUSER root\r\n';
  assert.equal(suppressionsOf(text).isSuppressed(ROOT, 2), true);
  const above = 'FROM python:3.12\r\n# hadolint ignore=DL3002\r\nUSER root\r\n';
  assert.equal(suppressionsOf(above).isSuppressed(ROOT, 2), true);
});
