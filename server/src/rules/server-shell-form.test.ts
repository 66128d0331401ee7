import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverShellForm as rule } from './server-shell-form';
import { applyEdits, findingsOf } from './testing';

const image = (line: string) => `FROM python:3.12-slim\nRUN pip install gunicorn\n${line}\n`;

test('a simple shell-form gunicorn CMD is reported and converted to exec form', () => {
  const text = image('CMD gunicorn --bind 0.0.0.0:8000 config.wsgi:application');
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 2);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /CMD \["gunicorn", "--bind", "0\.0\.0\.0:8000", "config\.wsgi:application"\]\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('variables keep the shell: the fix prefixes exec', () => {
  const text = image('CMD gunicorn --bind 0.0.0.0:$PORT config.wsgi');
  const [finding] = findingsOf(rule, text);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /CMD exec gunicorn --bind 0\.0\.0\.0:\$PORT config\.wsgi\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('a chain ending in the server gets exec before the server', () => {
  const text = image('CMD python manage.py migrate && gunicorn config.wsgi');
  const [finding] = findingsOf(rule, text);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /CMD python manage\.py migrate && exec gunicorn config\.wsgi\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('ENTRYPOINT shell form, uvicorn, celery and runserver count as servers', () => {
  assert.equal(findingsOf(rule, image('ENTRYPOINT uvicorn config.asgi:application --host 0.0.0.0')).length, 1);
  assert.equal(findingsOf(rule, image('CMD celery -A config worker')).length, 1);
  assert.equal(findingsOf(rule, image('CMD python manage.py runserver 0.0.0.0:8000')).length, 1);
});

test('exec form, exec-prefixed shell form, non-server commands and earlier stages are clean', () => {
  for (const line of [
    'CMD ["gunicorn", "config.wsgi"]',
    'CMD exec gunicorn config.wsgi',
    'CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:$PORT config.wsgi"]',
    'CMD python -c "print(1)"',
    'CMD echo hello',
  ]) {
    assert.deepEqual(findingsOf(rule, image(line)), [], line);
  }
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim AS a\nCMD gunicorn x.wsgi\nFROM python:3.12-slim\nCMD ["gunicorn", "x.wsgi"]\n'), []);
});
