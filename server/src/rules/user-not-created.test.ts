import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, findingsOf } from './testing';
import { userNotCreated } from './user-not-created';

test("--chown=app:app into plain python:slim (uv guide's example) is reported; the fix creates the user first", () => {
  const text = 'FROM python:3.12 AS builder\nRUN useradd app\nFROM python:3.12-slim\nCOPY --from=builder --chown=app:app /app /app\nUSER app\n';
  const found = findingsOf(userNotCreated, text);
  assert.equal(found.length, 1, 'one finding per user per stage');
  assert.equal(found[0].range.start.line, 3);
  assert.match(found[0].message, /'app' is never created/);
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.match(fixed, /RUN useradd --system --uid 10001 --user-group --no-create-home app\nCOPY --from=builder/);
  assert.deepEqual(findingsOf(userNotCreated, fixed), []);
});

test('USER before the useradd that creates it is reported; alpine gets busybox adduser', () => {
  const found = findingsOf(userNotCreated, 'FROM python:3.13-alpine\nUSER web\nRUN adduser -D web\n');
  assert.equal(found.length, 1);
  assert.match(found[0].fixes![0].edits[0].newText, /^RUN addgroup -S web && adduser -S -G web -u 10001 web\n$/);
});

test('created users (useradd/adduser with options, parent stages), numeric ids, base users and variables are fine', () => {
  const text = [
    'FROM python:3.13-slim AS base',
    'RUN groupadd -r django && useradd --system -g django --uid 999 --home-dir /app django',
    'FROM base',
    'RUN adduser --system --group worker',
    'COPY --chown=django:django . /app',
    'COPY --chown=worker . /w',
    'COPY --chown=10001:10001 . /n',
    'USER www-data',
    'ARG APP_USER=x',
    'USER $APP_USER',
    'USER nobody:nogroup',
    'USER 10001',
  ].join('\n');
  assert.deepEqual(findingsOf(userNotCreated, text), []);
});

test('unknown base images may ship their own users: not checked', () => {
  assert.deepEqual(findingsOf(userNotCreated, 'FROM node:20\nUSER node\nFROM mycorp/base:1\nUSER app\n'), []);
  assert.deepEqual(findingsOf(userNotCreated, 'FROM gcr.io/distroless/python3-debian12:nonroot\nUSER nonroot\n'), []);
});
