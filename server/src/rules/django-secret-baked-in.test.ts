import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { djangoSecretBakedIn as rule } from './django-secret-baked-in';
import { applyEdits, findingsOf } from './testing';

test('a literal SECRET_KEY in ENV is reported on its property; removal deletes the line', () => {
  const text = 'FROM python:3.12-slim\nENV DJANGO_SECRET_KEY=s3cr3t-value\nCMD ["gunicorn"]\n';
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 1);
  assert.doesNotMatch(finding.message, /s3cr3t/, 'the message never repeats the secret');
  assert.equal(applyEdits(text, finding.fixes![0].edits), 'FROM python:3.12-slim\nCMD ["gunicorn"]\n');
});

test('django-insecure keys under any name, ARG defaults, and passwords in URLs are reported', () => {
  assert.match(findingsOf(rule, 'FROM python:3.12-slim\nENV KEY=django-insecure-abc123\n')[0].message, /django-insecure/);
  assert.equal(findingsOf(rule, 'ARG SECRET_KEY=abc\nFROM python:3.12-slim\n').length, 1);
  const [url] = findingsOf(rule, 'FROM python:3.12-slim\nENV A=1 DATABASE_URL=postgres://app:hunter2@db:5432/app\n');
  assert.match(url.message, /DATABASE_URL \(postgres:\/\/app:\*\*\*\*@…\)/);
  assert.doesNotMatch(url.message, /hunter2/);
  const fixed = applyEdits('FROM python:3.12-slim\nENV A=1 DATABASE_URL=postgres://app:hunter2@db:5432/app\n', url.fixes![0].edits);
  assert.doesNotMatch(fixed, /hunter2/);
  assert.match(fixed, /ENV A=1 \n/);
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim\nENV CELERY_BROKER_URL=redis://:pw@redis:6379/0\n').length, 1);
});

test('variables, no default, no password, and file paths are clean', () => {
  for (const text of [
    'FROM python:3.12-slim\nARG DJANGO_SECRET_KEY\n',
    'FROM python:3.12-slim\nENV DJANGO_SECRET_KEY=$DJANGO_SECRET_KEY\n',
    'FROM python:3.12-slim\nENV DJANGO_SECRET_KEY_FILE=/run/secrets/key\n',
    'FROM python:3.12-slim\nENV DATABASE_URL=postgres://app@db/app\n',
    'FROM python:3.12-slim\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n',
    'FROM python:3.12-slim\nENV SECRET_KEY=\n',
    'FROM python:3.12-slim\nENV PIP_INDEX_URL=https://pypi.org/simple\n',
  ]) {
    assert.deepEqual(findingsOf(rule, text), [], text);
  }
});
