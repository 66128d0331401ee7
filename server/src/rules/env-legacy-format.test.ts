import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { envLegacyFormat } from './env-legacy-format';
import { applyEdits, findingsOf } from './testing';

test('ENV KEY value is reported and rewritten to KEY=value', () => {
  const text = 'FROM python:3.12\nENV PYTHONDONTWRITEBYTECODE 1\nENV PYTHONUNBUFFERED 1\n';
  const found = findingsOf(envLegacyFormat, text);
  assert.deepEqual(found.map((f) => f.range.start.line), [1, 2]);
  const fixed = applyEdits(applyEdits(text, found[1].fixes![0].edits), found[0].fixes![0].edits);
  assert.equal(fixed, 'FROM python:3.12\nENV PYTHONDONTWRITEBYTECODE=1\nENV PYTHONUNBUFFERED=1\n');
  assert.deepEqual(findingsOf(envLegacyFormat, fixed), []);
});

test('a value with spaces is quoted by the fix; a quoted one is kept', () => {
  const text = 'FROM python:3.12\nENV GREETING hello big world\nENV NAME "x y"\n';
  const found = findingsOf(envLegacyFormat, text);
  assert.equal(found[0].fixes![0].edits[0].newText, 'GREETING="hello big world"');
  assert.equal(found[1].fixes![0].edits[0].newText, 'NAME="x y"');
});

test('KEY=value forms, ARG and several pairs are clean', () => {
  assert.deepEqual(findingsOf(envLegacyFormat, 'FROM python:3.12\nENV A=1 B="2 3"\nENV C=\nARG D\nARG E=1\n'), []);
});
