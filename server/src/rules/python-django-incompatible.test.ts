import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../dockerfile/model';
import { pythonDjangoIncompatible } from './python-django-incompatible';
import { applyEdits, djangoProject, testWorkspace } from './testing';
import type { DjangoProject } from '../project/types';

const NOW = new Date('2026-11-28T00:00:00Z');
const DJANGO_32 = { spec: '==3.2.25', source: 'requirements.txt', exact: '3.2.25' };
const check = (text: string, project: Partial<DjangoProject>) =>
  pythonDjangoIncompatible.check({ dockerfile: parseDockerfile(text), workspace: testWorkspace(undefined, djangoProject(project)), now: NOW });

test('Django 3.2 on Python 3.13: an error naming the cgi removal; the fix moves to the Python the project can use, keeping variant and suite', () => {
  const text = 'FROM python:3.13-slim-bookworm AS build\nFROM python:3.13-slim-bookworm\n';
  const found = check(text, { pythonVersion: null, pythonPins: [], django: DJANGO_32 });
  assert.equal(found.length, 2);
  assert.equal(found[0].severity, 'error');
  assert.match(found[0].message, /Django 3\.2 \(requirements\.txt: ==3\.2\.25\) supports Python 3\.6-3\.10; .*cgi/);
  assert.equal(applyEdits(text, found[1].fixes![0].edits), 'FROM python:3.13-slim-bookworm AS build\nFROM python:3.10-slim-bookworm\n');
});

test('Django 6.0 below its minimum Python (pip refuses it) is an error; a range spec is judged by what pip would install', () => {
  assert.equal(check('FROM python:3.11-slim-trixie\n', { pythonPins: [], django: { spec: '==6.0.1', source: 'uv.lock', exact: '6.0.1' } })[0]?.severity, 'error');
  // >=4.2 on 3.11: pip installs 5.2, which supports 3.11.
  assert.deepEqual(check('FROM python:3.11-slim-trixie\n', { pythonPins: [], django: { spec: '>=4.2', source: 'requirements.txt', exact: null } }), []);
});

test('unsupported but not known to fail: a warning, none when the project pins that Python itself (generate keeps it)', () => {
  const unpinned = check('FROM python:3.12-slim-trixie\n', { pythonVersion: null, pythonPins: [], django: DJANGO_32 });
  assert.equal(unpinned[0].severity, 'warning');
  assert.ok(unpinned[0].fixes, 'a fix to 3.10');
  const pins = [{ source: '.python-version', text: '3.11', kind: 'exact' as const, version: '3.11' }];
  assert.deepEqual(check('FROM python:3.11-slim-bookworm\n', { pythonPins: pins, django: DJANGO_32 }), []);
});

test('supported versions, no Django in the model, floating tags and other images are clean; no fix onto a suite the target lacks', () => {
  const django = { spec: '==4.2.16', source: 'requirements.txt', exact: '4.2.16' };
  assert.deepEqual(check('FROM python:3.12-slim-trixie\nFROM node:22\nFROM python:3-slim\n', { django }), []);
  assert.deepEqual(check('FROM python:3.13-slim-trixie\n', { django: undefined }), []);
  const pins = [{ source: '.python-version', text: '3.8', kind: 'exact' as const, version: '3.8' }];
  const found = check('FROM python:3.13-slim-trixie\n', { pythonPins: pins, django: DJANGO_32 });
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes, undefined, 'python:3.8-slim-trixie does not exist');
});
