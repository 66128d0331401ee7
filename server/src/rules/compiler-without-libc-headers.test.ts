import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compilerWithoutLibcHeaders as rule } from './compiler-without-libc-headers';
import { applyEdits, djangoProject, findingsOf, testWorkspace } from './testing';

const psycopg2 = testWorkspace(undefined, djangoProject({ dependencies: ['django', 'psycopg2'], systemPackages: { build: ['gcc', 'libpq-dev'], runtime: ['libpq5'] } }));
const wheelsOnly = testWorkspace(undefined, djangoProject());

const BUILDER = `FROM python:3.12-slim-bookworm AS builder
RUN apt-get update \\
    && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
RUN pip install --prefix=/install -r requirements.txt
FROM python:3.12-slim-bookworm
COPY --from=builder /install /usr/local
`;

test('gcc with --no-install-recommends, no libc6-dev, then pip install: error on gcc when the project compiles; fix appends libc6-dev', () => {
  const [finding, ...rest] = findingsOf(rule, BUILDER, psycopg2);
  assert.equal(rest.length, 0);
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, { start: { line: 2, character: 50 }, end: { line: 2, character: 53 } });
  assert.match(finding.message, /`gcc` without `libc6-dev`.*stdio\.h/);
  const fixed = applyEdits(BUILDER, finding.fixes![0].edits);
  assert.match(fixed, /--no-install-recommends gcc libpq-dev libc6-dev \\\n/);
  assert.deepEqual(findingsOf(rule, fixed, psycopg2), []);
});

test('a warning when nothing in the project is known to compile; versioned gcc, -o APT::Install-Recommends=false and setup.py count', () => {
  assert.equal(findingsOf(rule, BUILDER, wheelsOnly)[0].severity, 'warning');
  assert.equal(findingsOf(rule, BUILDER, null)[0].severity, 'warning');
  const versioned = BUILDER.replace('--no-install-recommends gcc', '-o APT::Install-Recommends=false gcc-12');
  assert.match(findingsOf(rule, versioned, null)[0].message, /`gcc-12`/);
  const setupPy = BUILDER.replace('pip install --prefix=/install -r requirements.txt', 'cd src && python setup.py build_ext');
  assert.equal(findingsOf(rule, setupPy, null).length, 1);
});

test('a parent stage installs gcc, the child stage compiles: reported once, on the parent\'s install', () => {
  const text = `FROM python:3.12-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends gcc
FROM toolchain AS builder
RUN pip wheel -w /wheels uwsgi
FROM toolchain AS other
RUN pip wheel -w /wheels psycopg2
`;
  const findings = findingsOf(rule, text, null);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].range.start.line, 1);
});

test('clean: libc6-dev or a package that depends on it, recommends on, full or Alpine image, nothing compiled', () => {
  assert.deepEqual(findingsOf(rule, BUILDER.replace('gcc libpq-dev', 'gcc libc6-dev libpq-dev'), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace('gcc libpq-dev', 'build-essential libpq-dev'), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace('gcc libpq-dev', 'gcc g++ libpq-dev'), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace('gcc libpq-dev', 'gcc default-libmysqlclient-dev'), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace('gcc libpq-dev', 'gcc libpq-dev python3.12-dev'), psycopg2), []);
  // gcc Recommends libc6-dev: without --no-install-recommends apt installs it.
  assert.deepEqual(findingsOf(rule, BUILDER.replace('-y --no-install-recommends gcc', '-y gcc'), psycopg2), []);
  // libc6-dev in a second install of the same stage also counts.
  assert.deepEqual(findingsOf(rule, BUILDER.replace('RUN pip install', 'RUN apt-get install -y --no-install-recommends libc6-dev\nRUN pip install'), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace(/python:3\.12-slim-bookworm AS/, 'python:3.12-bookworm AS'), psycopg2), []);
  const alpine = 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev postgresql-dev\nRUN pip install psycopg2\n';
  assert.deepEqual(findingsOf(rule, alpine, psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace('RUN pip install --prefix=/install -r requirements.txt\n', ''), psycopg2), []);
  assert.deepEqual(findingsOf(rule, BUILDER.replace(/python:3\.12-slim-bookworm AS/, 'mycorp/base:1 AS'), psycopg2), []);
});
