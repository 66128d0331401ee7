import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintDockerfile } from './engine';

const findingsOf = (text: string) => lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'final-stage-runs-as-root');

test('no USER in the final stage is reported on its FROM', () => {
  const found = findingsOf('FROM python:3.12-slim AS build\nUSER app\nFROM python:3.12-slim\nCMD ["python"]\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
});

test('an explicit USER root at the end is reported on that USER', () => {
  const found = findingsOf('FROM python:3.12-slim\nUSER 10001\nUSER root\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
});

test('a non-root USER in the final stage is clean', () => {
  assert.deepEqual(findingsOf('FROM python:3.12-slim\nRUN useradd -u 10001 app\nUSER 10001:10001\n'), []);
});
