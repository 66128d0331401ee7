import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runserverInProduction as rule } from './runserver-in-production';
import { applyEdits, findingsOf, testWorkspace } from './testing';

const image = (lines: string, name = '') => `FROM python:3.12-slim AS build\nFROM python:3.12-slim${name ? ` AS ${name}` : ''}\n${lines}\n`;

test('runserver as the final CMD is reported on its line; the fix writes a gunicorn exec-form CMD', () => {
  const text = image('CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]');
  const [finding, ...rest] = findingsOf(rule, text, testWorkspace());
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 2);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /CMD \["gunicorn", "--bind", "0\.0\.0\.0:8000", "config\.wsgi:application"\]\n/);
  assert.deepEqual(findingsOf(rule, fixed, testWorkspace()), []);
});

test('shell form, django-admin, python -m django and a sh -c chain are all found', () => {
  for (const cmd of [
    'CMD python manage.py runserver 0.0.0.0:8000',
    'CMD ["django-admin", "runserver", "0.0.0.0:8000"]',
    'CMD ["python", "-m", "django", "runserver"]',
    'CMD ["sh", "-c", "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"]',
    'ENTRYPOINT ["python3", "/app/manage.py", "runserver", "0.0.0.0:8000"]',
  ]) {
    assert.equal(findingsOf(rule, image(cmd)).length, 1, cmd);
  }
});

test('no fix without a detected WSGI module or when chained in sh -c', () => {
  assert.deepEqual(findingsOf(rule, image('CMD ["python", "manage.py", "runserver"]'), null)[0].fixes, []);
  const chained = image('CMD ["sh", "-c", "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"]');
  assert.deepEqual(findingsOf(rule, chained, testWorkspace())[0].fixes, []);
});

test('development stages, a non-final runserver stage and other manage.py commands are clean', () => {
  assert.deepEqual(findingsOf(rule, image('CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]', 'development')), []);
  assert.deepEqual(findingsOf(rule, image('CMD ["python", "manage.py", "runserver"]', 'dev')), []);
  const devFirst = 'FROM python:3.12-slim AS dev\nCMD ["python", "manage.py", "runserver"]\nFROM python:3.12-slim AS prod\nCMD ["gunicorn", "x.wsgi"]\n';
  assert.deepEqual(findingsOf(rule, devFirst), []);
  assert.deepEqual(findingsOf(rule, image('CMD ["python", "manage.py", "migrate"]')), []);
  assert.deepEqual(findingsOf(rule, image('RUN python manage.py runserver --help || true\nCMD ["gunicorn", "x.wsgi"]')), []);
});
