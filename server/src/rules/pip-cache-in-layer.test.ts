import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { pipCacheInLayer } from './pip-cache-in-layer';
import { applyEdits, findingsOf } from './testing';

test('pip install in the final stage without --no-cache-dir is reported; the fix adds the flag', () => {
  const text = 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
  const found = findingsOf(pipCacheInLayer, text);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.equal(fixed, 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n');
  assert.deepEqual(findingsOf(pipCacheInLayer, fixed), []);
});

test('python -m pip and pip3.12 count; each pip install of a RUN is reported', () => {
  const found = findingsOf(pipCacheInLayer, 'FROM python:3.12\nRUN python3 -m pip install -U pip && pip3.12 install django\n');
  assert.equal(found.length, 2);
});

test('--no-cache-dir, PIP_NO_CACHE_DIR (ENV, inline, inherited), and pip cache mounts are fine', () => {
  const text = [
    'FROM python:3.13-slim AS base',
    'ENV PIP_NO_CACHE_DIR=1',
    'FROM base',
    'RUN pip install django',
    'RUN PIP_NO_CACHE_DIR=off pip install gunicorn',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install whitenoise',
  ].join('\n');
  assert.deepEqual(findingsOf(pipCacheInLayer, text), []);
  assert.deepEqual(findingsOf(pipCacheInLayer, 'FROM python:3.13\nRUN pip install --no-cache-dir -r r.txt\n'), []);
});

test('traps: builder stages, uv, poetry, pipx and a uv cache mount', () => {
  assert.deepEqual(findingsOf(pipCacheInLayer, 'FROM python:3.13 AS builder\nRUN pip install -r r.txt\nFROM python:3.13-slim\nCOPY --from=builder /opt/venv /opt/venv\n'), []);
  assert.deepEqual(findingsOf(pipCacheInLayer, 'FROM python:3.13\nRUN uv pip install -r r.txt && uv sync --locked && poetry install && pipx install black\n'), []);
  const uvMount = findingsOf(pipCacheInLayer, 'FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache/uv pip install django\n');
  assert.equal(uvMount.length, 1, 'a uv cache mount does not hold pip\'s cache');
});
