import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runtimeLibraryMissing as rule } from './runtime-library-missing';
import { applyEdits, djangoProject, findingsOf, testWorkspace } from './testing';

const postgres = testWorkspace(undefined, djangoProject({ dependencies: ['django', 'gunicorn', 'psycopg2'], systemPackages: { build: ['gcc', 'libpq-dev'], runtime: ['libpq5'] } }));
const mysql = testWorkspace(undefined, djangoProject({ dependencies: ['django', 'mysqlclient'], systemPackages: { build: ['default-libmysqlclient-dev'], runtime: ['libmariadb3'] } }));

const TWO_STAGE = `FROM python:3.12-slim-bookworm AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
FROM python:3.12-slim-bookworm
COPY --from=builder /opt/venv /opt/venv
CMD ["/opt/venv/bin/gunicorn", "config.wsgi"]
`;

test('psycopg2 built in the builder, slim final stage without libpq5: reported on the final FROM; fix adds an install RUN', () => {
  const [finding, ...rest] = findingsOf(rule, TWO_STAGE, postgres);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 3);
  assert.match(finding.message, /lacks libpq5, needed at run time by psycopg2/);
  const fixed = applyEdits(TWO_STAGE, finding.fixes![0].edits);
  assert.match(fixed, /FROM python:3\.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf/);
  assert.deepEqual(findingsOf(rule, fixed, postgres), []);
});

test('an existing apt-get install in the final stage gets the package appended', () => {
  const text = TWO_STAGE.replace('COPY --from', 'RUN apt-get update && apt-get install -y --no-install-recommends curl\nCOPY --from');
  const [finding] = findingsOf(rule, text, mysql);
  assert.match(finding.message, /libmariadb3, needed at run time by mysqlclient/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /install -y --no-install-recommends curl libmariadb3\n/);
  assert.deepEqual(findingsOf(rule, fixed, mysql), []);
});

test('Alpine uses apk names', () => {
  const text = TWO_STAGE.replace(/python:3\.12-slim-bookworm/g, 'python:3.12-alpine');
  const [finding] = findingsOf(rule, text, postgres);
  assert.match(finding.message, /lacks libpq,/);
  assert.match(applyEdits(text, finding.fixes![0].edits), /RUN apk add --no-cache libpq\n/);
});

test('clean: library installed (or its -dev), full base image, binary wheels, nothing installed, no project', () => {
  assert.deepEqual(findingsOf(rule, TWO_STAGE.replace('COPY --from', 'RUN apt-get update && apt-get install -y libpq5\nCOPY --from'), postgres), []);
  assert.deepEqual(findingsOf(rule, TWO_STAGE.replace('COPY --from', 'RUN apt-get update && apt-get install -y libpq-dev\nCOPY --from'), postgres), []);
  assert.deepEqual(findingsOf(rule, TWO_STAGE.replace(/FROM python:3\.12-slim-bookworm\n/, 'FROM python:3.12-bookworm\n'), postgres), []);
  const binary = testWorkspace(undefined, djangoProject({ dependencies: ['django', 'psycopg'], systemPackages: { build: [], runtime: [] } }));
  assert.deepEqual(findingsOf(rule, TWO_STAGE, binary), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nCMD ["python", "-c", "print(1)"]\n', postgres), []);
  assert.deepEqual(findingsOf(rule, TWO_STAGE, null), []);
  assert.deepEqual(findingsOf(rule, TWO_STAGE.replace(/FROM python:3\.12-slim-bookworm\n/, 'FROM mycorp/runtime:1\n'), postgres), []);
});

test('without a project model, drivers named on pip install lines count too (psycopg2, psycopg[c]; not the binary wheels)', () => {
  const text = (packages: string) => `FROM python:3.12-slim AS builder
RUN apt-get update && apt-get install -y gcc libpq-dev default-libmysqlclient-dev
RUN pip install --prefix=/install ${packages}
FROM python:3.12-slim
COPY --from=builder /install /usr/local
CMD ["gunicorn", "config.wsgi"]
`;
  assert.match(findingsOf(rule, text('gunicorn psycopg2==2.9.10'), null)[0].message, /lacks libpq5, needed at run time by psycopg2/);
  assert.match(findingsOf(rule, text('"psycopg[c]>=3.2" mysqlclient'), null)[0].message, /lacks libpq5, libmariadb3/);
  assert.deepEqual(findingsOf(rule, text('psycopg2-binary "psycopg[binary]"'), null), []);
  assert.deepEqual(findingsOf(rule, text('-r requirements.txt'), null), []);
});
