import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fromAsCasing } from './from-as-casing';
import { applyEdits, findingsOf } from './testing';

test('FROM … as … is reported on the as, and the fix upper-cases it', () => {
  const text = 'FROM python:3.9 as builder\nFROM python:3.9-slim\n';
  const found = findingsOf(fromAsCasing, text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, { start: { line: 0, character: 16 }, end: { line: 0, character: 18 } });
  assert.equal(applyEdits(text, found[0].fixes![0].edits), 'FROM python:3.9 AS builder\nFROM python:3.9-slim\n');
});

test('lower-case from wants lower-case as', () => {
  const found = findingsOf(fromAsCasing, 'from python:3.12 AS b\n');
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes![0].edits[0].newText, 'as');
});

test('matching case, mixed-case keyword, no stage name, and an image called "as" are clean', () => {
  assert.deepEqual(findingsOf(fromAsCasing, 'FROM python:3.12 AS b\nfrom python:3.12 as c\nFrom x as d\nFROM python:3.12\n'), []);
  assert.deepEqual(findingsOf(fromAsCasing, 'FROM --platform=linux/amd64 python:3.12 AS b\n'), []);
});
