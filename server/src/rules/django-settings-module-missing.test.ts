import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { djangoSettingsModuleMissing as rule } from './django-settings-module-missing';
import { applyEdits, findingsOf, testWorkspace } from './testing';

test('a missing settings module is reported on its value with the detected module first', () => {
  const text = 'FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=myproject.settings\n';
  const [finding, ...rest] = findingsOf(rule, text, testWorkspace());
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 1);
  assert.equal(text.split('\n')[1].slice(finding.range.start.character, finding.range.end.character), 'myproject.settings');
  assert.match(finding.message, /placeholder.*config\.settings\.production/);
  assert.match(finding.message, /^Settings module myproject\.settings/);
  assert.equal(finding.fixes![0].title, 'Use config.settings.production');
  assert.equal(finding.fixes![0].preferred, true);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /DJANGO_SETTINGS_MODULE=config\.settings\.production\n/);
  assert.deepEqual(findingsOf(rule, fixed, testWorkspace()), []);
});

test('existing modules (a package or a file, legacy ENV form, ARG default) are clean', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE config.settings.production\n', ws), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nARG DJANGO_SETTINGS_MODULE=config.settings\n', ws), []);
});

test('variables, other names and no workspace are not judged', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=$SETTINGS\n', ws), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nENV SETTINGS=nope.settings\n', ws), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=nope.settings\n', null), []);
});

test('an ARG default naming a missing module is reported too', () => {
  const [finding] = findingsOf(rule, 'ARG DJANGO_SETTINGS_MODULE=mysite.settings\nFROM python:3.12-slim\n', testWorkspace());
  assert.equal(finding.range.start.line, 0);
});

test('inline assignments before a command, gunicorn --env and manage.py --settings are checked and fixed in place', () => {
  const ws = testWorkspace();
  const run = 'FROM python:3.12-slim\nRUN DJANGO_SETTINGS_MODULE=mysite.settings python manage.py collectstatic --noinput\n';
  const [inline] = findingsOf(rule, run, ws);
  assert.match(applyEdits(run, inline.fixes![0].edits), /RUN DJANGO_SETTINGS_MODULE=config\.settings\.production python/);
  const env = 'FROM python:3.12-slim\nCMD ["gunicorn", "--env", "DJANGO_SETTINGS_MODULE=mysite.settings", "config.wsgi"]\n';
  assert.match(applyEdits(env, findingsOf(rule, env, ws)[0].fixes![0].edits), /"--env", "DJANGO_SETTINGS_MODULE=config\.settings\.production"/);
  const settings = 'FROM python:3.12-slim\nRUN python manage.py check --deploy --settings mysite.settings && python manage.py migrate --settings=mysite.prod\n';
  assert.equal(findingsOf(rule, settings, ws).length, 2);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nRUN python manage.py check --settings config.settings.production\n', ws), []);
});
