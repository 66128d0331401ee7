import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { applyEdits, findingsOf } from './testing';

test('a typo in --from is reported on the flag value, with a fix to the close stage name', () => {
  const text = 'FROM python:3.13-slim AS builder\nRUN true\nFROM python:3.13-slim\nCOPY --from=buidler /opt/venv /opt/venv\n';
  const found = findingsOf(copyFromUnknownStage, text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, { start: { line: 3, character: 12 }, end: { line: 3, character: 19 } });
  assert.match(found[0].message, /did you mean 'builder'/);
  assert.equal(applyEdits(text, found[0].fixes![0].edits), text.replace('buidler', 'builder'));
});

test('self references, later stages and out-of-range indexes are reported', () => {
  const text = 'FROM a:1 AS one\nCOPY --from=one x y\nCOPY --from=two x y\nCOPY --from=1 x y\nFROM b:1 AS two\n';
  const found = findingsOf(copyFromUnknownStage, text);
  assert.deepEqual(found.map((f) => f.range.start.line), [1, 2, 3]);
  assert.match(found[0].message, /itself/);
  assert.match(found[1].message, /defined after/);
});

test('earlier stages (any case, by index), images with tag/registry and variables are clean', () => {
  const text = [
    'FROM python:3.13 AS Builder',
    'FROM python:3.13-slim',
    'COPY --from=builder /a /a',
    'COPY --from=BUILDER /a /a',
    'COPY --from=0 /a /a',
    'COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /bin/',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    'ARG SRC=builder',
    'COPY --from=$SRC /a /a',
    'COPY . /app',
  ].join('\n');
  assert.deepEqual(findingsOf(copyFromUnknownStage, text), []);
});
