import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { djangoDebugBakedIn as rule } from './django-debug-baked-in';
import { applyEdits, findingsOf } from './testing';

test('DEBUG=True in the final image is reported on the property; the fix switches it off in the same spelling', () => {
  const text = 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 DEBUG=True\n';
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 1);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /DEBUG=False\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
  assert.match(applyEdits('FROM python:3.12-slim\nENV DJANGO_DEBUG=1\n', findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_DEBUG=1\n')[0].fixes![0].edits), /DJANGO_DEBUG=0/);
});

test('legacy form, quoted values and an inherited stage are found', () => {
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim\nENV DEBUG true\n').length, 1);
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_DEBUG="on"\n').length, 1);
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim AS base\nENV DEBUG=1\nFROM base AS prod\nCMD ["gunicorn"]\n').length, 1);
});

test('off values, variables, ARG, builder stages and development images are clean', () => {
  for (const text of [
    'FROM python:3.12-slim\nENV DEBUG=False\n',
    'FROM python:3.12-slim\nENV DEBUG=0\n',
    'FROM python:3.12-slim\nENV DEBUG=$DEBUG\n',
    'FROM python:3.12-slim\nARG DEBUG=True\n',
    'FROM python:3.12-slim AS build\nENV DEBUG=True\nFROM python:3.12-slim\nCMD ["gunicorn"]\n',
    'FROM python:3.12-slim AS dev\nENV DEBUG=True\n',
    'FROM python:3.12-slim\nENV SQL_DEBUG=True TEMPLATE_DEBUG_MODE=1\n',
  ]) {
    assert.deepEqual(findingsOf(rule, text), [], text);
  }
});
