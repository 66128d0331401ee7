import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintDockerfile } from './engine';
import { finalStageRunsAsRoot } from './final-stage-runs-as-root';
import { applyEdits, findingsOf } from './testing';

const findings = (text: string) => lintDockerfile(text, { workspace: null }).filter((f) => f.ruleId === 'final-stage-runs-as-root');

test('no USER in the final stage is reported on its FROM', () => {
  const found = findings('FROM python:3.12-slim AS build\nUSER app\nFROM python:3.12-slim\nCMD ["python"]\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
});

test('an explicit USER root at the end is reported on that USER', () => {
  const found = findings('FROM python:3.12-slim\nUSER 10001\nUSER root\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
});

test('a non-root USER in the final stage is clean', () => {
  assert.deepEqual(findings('FROM python:3.12-slim\nRUN useradd -u 10001 app\nUSER 10001:10001\n'), []);
});

test('the fix creates uid 10001 and switches to it before CMD; the result is clean', () => {
  const text = 'FROM python:3.13-slim\nCOPY . /app\nCMD ["gunicorn", "config.wsgi"]\n';
  const found = findingsOf(finalStageRunsAsRoot, text);
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.equal(fixed, 'FROM python:3.13-slim\nCOPY . /app\nRUN useradd --system --uid 10001 --no-create-home app\nUSER 10001\nCMD ["gunicorn", "config.wsgi"]\n');
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, fixed), []);
});

test('after a temporary USER root, the fix switches back to the earlier user at the end', () => {
  const text = 'FROM python:3.13-slim\nUSER app\nRUN true\nUSER root\nRUN apt-get update';
  const found = findingsOf(finalStageRunsAsRoot, text);
  assert.equal(found[0].range.start.line, 3);
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.equal(fixed, text + '\nUSER app');
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, fixed), []);
});

test('traps: already non-root bases, USER inherited from a parent stage, USER from a variable', () => {
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, 'FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY . /app\n'), []);
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, 'FROM cgr.dev/chainguard/python:latest\nCOPY . /app\n'), []);
  assert.equal(findingsOf(finalStageRunsAsRoot, 'FROM cgr.dev/chainguard/python:latest-dev\n').length, 1, '-dev variants run as root');
  assert.equal(findingsOf(finalStageRunsAsRoot, 'FROM gcr.io/distroless/python3-debian12\n').length, 1, 'the default distroless tag is root');
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, 'FROM python:3.13-slim AS base\nRUN useradd app\nUSER app\nFROM base\nCMD ["x"]\n'), []);
  assert.deepEqual(findingsOf(finalStageRunsAsRoot, 'FROM python:3.13-slim\nARG RUN_AS=app\nUSER $RUN_AS\n'), []);
});
