import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { collectstaticEnvMissing as rule } from './collectstatic-env-missing';
import { applyEdits, djangoProject, findingsOf, testWorkspace } from './testing';
import type { DjangoProject } from '../project/types';

const read = (variable: string, hasDefault: boolean, url = false) => ({ variable, default: hasDefault ? 'x' : null, hasDefault, url });
const settingsEnv = (overrides: Partial<NonNullable<DjangoProject['settingsEnv']>> = {}) => ({
  reads: [read('APP_SECRET', false), read('ALLOWED_HOSTS', false), read('DEBUG', true), read('DATABASE_URL', false, true)],
  secretKey: 'APP_SECRET',
  database: null,
  ...overrides,
});
const workspace = (env = settingsEnv()) => testWorkspace(undefined, djangoProject({ settingsEnv: env }));
const DOCKERFILE = (run: string, before = '') =>
  `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n${before}RUN ${run}\nCMD ["gunicorn", "config.wsgi"]\n`;

test('required variables without a value on the RUN line are named; the fix sets throwaway values for that command only', () => {
  const text = DOCKERFILE('pip install -r requirements.txt && python manage.py collectstatic --noinput');
  const [finding, ...rest] = findingsOf(rule, text, workspace());
  assert.equal(rest.length, 0);
  assert.match(finding.message, /require APP_SECRET, ALLOWED_HOSTS, DATABASE_URL \(no default\)/);
  assert.equal(finding.range.start.line, 3);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /&& APP_SECRET=collectstatic-build-only-not-a-secret ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:\/\/\/\/tmp\/collectstatic\.sqlite3 python manage\.py collectstatic/);
  assert.ok(fixed.startsWith('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install'), 'pip is not given the values');
  assert.deepEqual(findingsOf(rule, fixed, workspace()), [], 'the fixed Dockerfile is clean');
});

test('only what is still missing is reported: ENV/ARG before it and inline assignments count', () => {
  const text = DOCKERFILE('APP_SECRET=x python manage.py collectstatic --noinput', 'ARG DATABASE_URL\n');
  const [finding] = findingsOf(rule, text, workspace());
  assert.match(finding.message, /require ALLOWED_HOSTS \(no default\)/);
});

test('negative: defaults only, no collectstatic, collectstatic at container start, or no project', () => {
  const defaultsOnly = workspace(settingsEnv({ reads: [read('DEBUG', true)] }));
  assert.deepEqual(findingsOf(rule, DOCKERFILE('python manage.py collectstatic --noinput'), defaultsOnly), []);
  assert.deepEqual(findingsOf(rule, DOCKERFILE('pip install -r requirements.txt'), workspace()), []);
  const atStart = 'FROM python:3.12-slim\nCMD ["sh", "-c", "python manage.py collectstatic --noinput && exec gunicorn config.wsgi"]\n';
  assert.deepEqual(findingsOf(rule, atStart, workspace()), []);
  assert.deepEqual(findingsOf(rule, DOCKERFILE('python manage.py collectstatic --noinput'), null), []);
  const allSet = DOCKERFILE('APP_SECRET=a ALLOWED_HOSTS=b python manage.py collectstatic --noinput', 'ENV DATABASE_URL=sqlite:///x\n');
  assert.deepEqual(findingsOf(rule, allSet, workspace()), []);
});
