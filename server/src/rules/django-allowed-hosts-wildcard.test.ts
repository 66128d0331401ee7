import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { djangoAllowedHostsWildcard as rule } from './django-allowed-hosts-wildcard';
import { findingsOf } from './testing';

test('ALLOWED_HOSTS=* and a wildcard inside a list are reported on their line', () => {
  const [finding] = findingsOf(rule, 'FROM python:3.12-slim\nENV DJANGO_ALLOWED_HOSTS=*\n');
  assert.equal(finding.range.start.line, 1);
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim\nENV ALLOWED_HOSTS="example.com,*"\n').length, 1);
});

test('real hosts, leading-dot subdomain patterns, variables and dev images are clean', () => {
  for (const text of [
    'FROM python:3.12-slim\nENV ALLOWED_HOSTS=example.com,.example.com\n',
    'FROM python:3.12-slim\nENV DJANGO_ALLOWED_HOSTS=$HOSTS\n',
    'FROM python:3.12-slim\nARG ALLOWED_HOSTS=*\n',
    'FROM python:3.12-slim AS local\nENV ALLOWED_HOSTS=*\n',
    'FROM python:3.12-slim\nENV CORS_ALLOWED_ORIGINS=*\n',
  ]) {
    assert.deepEqual(findingsOf(rule, text), [], text);
  }
});
