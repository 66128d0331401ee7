import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../dockerfile/model';
import { pythonBaseEol } from './python-base-eol';
import { applyEdits, djangoProject, testWorkspace } from './testing';
import type { DjangoProject } from '../project/types';

const TODAY = new Date('2026-11-28T00:00:00Z');
const check = (text: string, now = TODAY) => pythonBaseEol.check({ dockerfile: parseDockerfile(text), workspace: null, now });

test('python:3.9 (the seed) is an error on each FROM, fixed to a supported minor keeping the variant', () => {
  const text = 'FROM python:3.9 as builder\nRUN true\nFROM python:3.9-slim\n';
  const found = check(text);
  assert.deepEqual(found.map((f) => f.range.start.line), [0, 2]);
  assert.match(found[0].message, /3\.9 reached end of life \(2025-10-31\)/);
  assert.equal(applyEdits(text, found[1].fixes![0].edits), 'FROM python:3.9 as builder\nRUN true\nFROM python:3.14-slim\n');
});

test('3.8 is EOL; 3.10 only from October 2026 (data-driven)', () => {
  assert.equal(check('FROM python:3.8.20-slim-bookworm\n').length, 1);
  assert.equal(check('FROM python:3.10-slim-bookworm\n').length, 1);
  assert.equal(check('FROM python:3.10-slim-bookworm\n', new Date('2026-06-01T00:00:00Z'))[0]?.severity, 'info', 'EOL soon: info');
  assert.deepEqual(check('FROM python:3.10-slim-bookworm\n', new Date('2025-06-01T00:00:00Z')), []);
});

test('bullseye is retired even for a supported Python; fix moves to bookworm', () => {
  const text = 'FROM python:3.12-slim-bullseye\n';
  const found = check(text);
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.equal(applyEdits(text, found[0].fixes![0].edits), 'FROM python:3.12-slim-bookworm\n');
});

test('ARG-resolved FROM is checked and the fix edits the ARG default', () => {
  const text = 'ARG PYTHON_VERSION=3.9\nFROM python:${PYTHON_VERSION}-slim-bookworm\n';
  const found = check(text);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 1);
  assert.equal(applyEdits(text, found[0].fixes![0].edits), 'ARG PYTHON_VERSION=3.14\nFROM python:${PYTHON_VERSION}-slim-bookworm\n');
});

test('the ECR Public mirror and uv images are Python images too', () => {
  assert.equal(check('FROM public.ecr.aws/docker/library/python:3.9-slim\n').length, 1);
  const uv = 'FROM ghcr.io/astral-sh/uv:python3.9-bookworm-slim\n';
  assert.equal(applyEdits(uv, check(uv)[0].fixes![0].edits), 'FROM ghcr.io/astral-sh/uv:python3.14-bookworm-slim\n');
});

test('supported versions, floating tags, unresolved ARGs and other images are clean', () => {
  const text = [
    'FROM python:3.13-slim-trixie AS a',
    'FROM python:3 AS b',
    'FROM python:slim AS c',
    'ARG V',
    'FROM python:${V} AS d',
    'FROM node:14 AS e',
    'FROM a',
  ].join('\n');
  assert.deepEqual(check(text), []);
});

test('an EOL Python the project itself asks for (the generator writes it) is a warning with the upgrade path, not an error', () => {
  const django = { spec: '==3.2.25', source: 'requirements.txt', exact: '3.2.25' };
  const run = (text: string, project: Partial<DjangoProject>) =>
    pythonBaseEol.check({ dockerfile: parseDockerfile(text), workspace: testWorkspace(undefined, djangoProject(project)), now: TODAY });
  const chosen = run('FROM python:3.10-slim-trixie\n', { pythonVersion: null, pythonPins: [], django });
  assert.equal(chosen.length, 1);
  assert.equal(chosen[0].severity, 'warning');
  assert.match(chosen[0].message, /upgrade path: .*Django 4\.2 LTS \(Python 3\.8-3\.12\), then pin Python 3\.12/);
  assert.equal(chosen[0].fixes, undefined, 'no fix that the project cannot run');
  const pinned = run('FROM python:3.9-slim-bookworm\n', { pythonVersion: '3.9' });
  assert.equal(pinned[0].severity, 'warning');
  assert.match(pinned[0].message, /pin Python 3\.14/);
  // The project asks for 3.12: an EOL image is the Dockerfile's own mistake, fixed to the project's Python (Django 4.2 has no 3.14).
  const text = 'FROM python:3.9-slim-bookworm\n';
  const mistake = run(text, { pythonVersion: '3.12', django: { spec: '==4.2.16', source: 'requirements.txt', exact: '4.2.16' } });
  assert.equal(mistake[0].severity, undefined);
  assert.equal(applyEdits(text, mistake[0].fixes![0].edits), 'FROM python:3.12-slim-bookworm\n');
});
