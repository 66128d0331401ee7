import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { pythonStageMismatch as rule } from './python-stage-mismatch';
import { applyEdits, findingsOf } from './testing';

const build = (builder: string, final: string, copy = 'COPY --from=builder /usr/local/lib/python3.9/site-packages/ /usr/local/lib/python3.9/site-packages/') =>
  `FROM ${builder} AS builder\nRUN pip install -r requirements.txt\nFROM ${final}\n${copy}\nCMD ["python", "-m", "gunicorn", "x.wsgi"]\n`;

test('python:3.9 builder into python:3.10-slim is an error on the COPY, fixed by retagging the final FROM', () => {
  const text = build('python:3.9', 'python:3.10-slim');
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 3);
  assert.match(finding.message, /Python 3\.9 environment .* Python 3\.10 stage/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /FROM python:3\.9-slim\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('the seed pair python:3.9 / python:3.9-slim is consistent', () => {
  assert.deepEqual(findingsOf(rule, build('python:3.9', 'python:3.9-slim')), []);
});

test('Debian suite mismatch (bookworm vs bullseye) is a warning with a suite fix', () => {
  const text = build('python:3.12-bookworm', 'python:3.12-slim-bullseye', 'COPY --from=builder /opt/venv /opt/venv');
  const [finding] = findingsOf(rule, text);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /bookworm .* bullseye/);
  assert.match(applyEdits(text, finding.fixes![0].edits), /FROM python:3\.12-slim-bookworm\n/);
});

test('Debian builder into Alpine is reported', () => {
  const [finding] = findingsOf(rule, build('python:3.12-slim', 'python:3.12-alpine', 'COPY --from=builder /opt/venv /opt/venv'));
  assert.match(finding.message, /debian .* alpine/);
});

test('ARG-resolved FROMs are compared after substitution', () => {
  const text = `ARG PY=3.11\nFROM python:\${PY}-slim-bookworm AS builder\nFROM python:3.12-slim-bookworm\nCOPY --from=builder /app/.venv /app/.venv\n`;
  const [finding] = findingsOf(rule, text);
  assert.match(finding.message, /3\.11 .* 3\.12/);
  const same = `ARG PY=3.12\nFROM python:\${PY}-slim-bookworm AS builder\nFROM python:\${PY}-slim-bookworm\nCOPY --from=builder /app/.venv /app/.venv\n`;
  assert.deepEqual(findingsOf(rule, same), []);
});

test('uv builder image and the matching official runtime are consistent', () => {
  const text = build('ghcr.io/astral-sh/uv:python3.12-bookworm-slim', 'python:3.12-slim-bookworm', 'COPY --from=builder /app/.venv /app/.venv');
  assert.deepEqual(findingsOf(rule, text), []);
});

test('copying non-Python files (static assets, wheels dir, app code) between different images is fine', () => {
  assert.deepEqual(findingsOf(rule, build('node:20', 'python:3.12-slim', 'COPY --from=builder /app/dist /app/static')), []);
  assert.deepEqual(findingsOf(rule, build('python:3.11', 'python:3.12-slim', 'COPY --from=builder /app/staticfiles /app/staticfiles')), []);
});

test('unknown images (custom, ECR) are not judged', () => {
  assert.deepEqual(findingsOf(rule, build('mycorp/builder:1', 'python:3.12-slim', 'COPY --from=builder /opt/venv /opt/venv')), []);
});

test('a stage built FROM the builder inherits its Python', () => {
  const text = 'FROM python:3.12-slim AS base\nFROM base AS builder\nRUN pip install x\nFROM python:3.13-slim\nCOPY --from=builder /usr/local /usr/local\n';
  const [finding] = findingsOf(rule, text);
  assert.match(finding.message, /3\.12 .* 3\.13/);
});

test('ARG-driven FROMs get their ARG default rewritten (whole image or just the version)', () => {
  const image = 'ARG BUILDER_IMAGE=python:3.11-slim-bookworm\nARG RUNTIME_IMAGE=python:3.13-slim-bookworm\nFROM ${BUILDER_IMAGE} AS builder\nFROM ${RUNTIME_IMAGE}\nCOPY --from=builder /opt/venv /opt/venv\n';
  const [finding] = findingsOf(rule, image);
  assert.match(finding.fixes![0].title, /ARG RUNTIME_IMAGE=python:3\.11-slim-bookworm/);
  const fixed = applyEdits(image, finding.fixes![0].edits);
  assert.match(fixed, /^ARG RUNTIME_IMAGE=python:3\.11-slim-bookworm$/m);
  assert.deepEqual(findingsOf(rule, fixed), []);
  const version = 'ARG PY=3.13\nFROM python:3.11-slim AS builder\nFROM python:${PY}-slim\nCOPY --from=builder /opt/venv /opt/venv\n';
  const fixedVersion = applyEdits(version, findingsOf(rule, version)[0].fixes![0].edits);
  assert.match(fixedVersion, /^ARG PY=3\.11$/m);
  assert.deepEqual(findingsOf(rule, fixedVersion), []);
});

test('version and suite both differing are fixed in one edit', () => {
  const text = build('python:3.11-slim-bookworm', 'python:3.13-slim-trixie', 'COPY --from=builder /opt/venv /opt/venv');
  const fixed = applyEdits(text, findingsOf(rule, text)[0].fixes![0].edits);
  assert.match(fixed, /FROM python:3\.11-slim-bookworm\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});
