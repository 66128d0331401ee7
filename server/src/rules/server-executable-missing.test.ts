import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverExecutableMissing as rule } from './server-executable-missing';
import { applyEdits, findingsOf } from './testing';

const SEED = `FROM python:3.9 as builder
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
FROM python:3.9-slim
WORKDIR /app
COPY --from=builder /usr/local/lib/python3.9/site-packages/ /usr/local/lib/python3.9/site-packages/
COPY . .
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "myproject.wsgi:application"]
`;

test('only site-packages copied: gunicorn is reported on its word, with the /usr/local/bin copy as preferred fix', () => {
  const [finding, ...rest] = findingsOf(rule, SEED);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 9);
  assert.equal(finding.range.start.character, 5);
  assert.match(finding.message, /site-packages/);
  const preferred = finding.fixes?.find((fix) => fix.preferred);
  assert.ok(preferred);
  const fixed = applyEdits(SEED, preferred.edits);
  assert.match(fixed, /site-packages\/\nCOPY --from=builder \/usr\/local\/bin \/usr\/local\/bin\nCOPY \. \./);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('the python -m fix rewrites the exec-form program and clears the finding', () => {
  const fix = findingsOf(rule, SEED)[0].fixes?.find((f) => /python -m/.test(f.title));
  assert.ok(fix);
  const fixed = applyEdits(SEED, fix.edits);
  assert.match(fixed, /CMD \["python", "-m", "gunicorn", "--bind"/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('shell-form CMD and uvicorn are found as well', () => {
  const text = SEED.replace(/CMD .*/, 'CMD uvicorn config.asgi:application --host 0.0.0.0');
  const found = findingsOf(rule, text);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /uvicorn/);
  const fix = found[0].fixes?.find((f) => /python -m/.test(f.title));
  assert.match(applyEdits(text, fix!.edits), /CMD python -m uvicorn config/);
});

test('a venv copied whole and put on PATH is fine', () => {
  const text = `FROM python:3.12-slim AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
CMD ["gunicorn", "config.wsgi"]
`;
  assert.deepEqual(findingsOf(rule, text), []);
});

test('a venv copied without PATH is reported, and the fix adds ENV PATH', () => {
  const text = `FROM python:3.12-slim AS build
RUN python -m venv /opt/venv
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
CMD ["gunicorn", "config.wsgi"]
`;
  const [finding] = findingsOf(rule, text);
  assert.match(finding.message, /\/opt\/venv\/bin is not on PATH/);
  const fixed = applyEdits(text, finding.fixes!.find((f) => f.preferred)!.edits);
  assert.match(fixed, /ENV PATH="\/opt\/venv\/bin:\$PATH"/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('absolute venv program path, uv project venv relative to WORKDIR', () => {
  const absolute = `FROM python:3.12-slim AS build
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
CMD ["/opt/venv/bin/gunicorn", "config.wsgi"]
`;
  assert.deepEqual(findingsOf(rule, absolute), []);
  const uv = `FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS builder
WORKDIR /app
RUN uv sync --locked --no-dev
FROM python:3.12-slim-bookworm
WORKDIR /app
COPY --from=builder /app/.venv .venv
ENV PATH="/app/.venv/bin:$PATH"
CMD ["gunicorn", "config.wsgi"]
`;
  assert.deepEqual(findingsOf(rule, uv), []);
});

test('whole /usr/local, --prefix install copied to /usr/local, or a single-stage pip install are fine', () => {
  const usrLocal = SEED.replace(/COPY --from=builder .*/, 'COPY --from=builder /usr/local /usr/local');
  assert.deepEqual(findingsOf(rule, usrLocal), []);
  const prefix = SEED.replace(/COPY --from=builder .*/, 'COPY --from=builder /install /usr/local');
  assert.deepEqual(findingsOf(rule, prefix), []);
  const single = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "config.wsgi"]\n';
  assert.deepEqual(findingsOf(rule, single), []);
  const poetry = 'FROM python:3.12-slim\nRUN poetry install --only main\nCMD gunicorn config.wsgi\n';
  assert.deepEqual(findingsOf(rule, poetry), []);
});

test('python -m gunicorn, an unknown base image and an inherited custom base are not flagged', () => {
  assert.deepEqual(findingsOf(rule, SEED.replace('"gunicorn",', '"python", "-m", "gunicorn",')), []);
  assert.deepEqual(findingsOf(rule, 'FROM mycorp/django-base:1\nCMD ["gunicorn", "config.wsgi"]\n'), []);
  const ecr = 'FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1 as base\nFROM base as final\nCMD ["gunicorn", "x.wsgi"]\n';
  assert.deepEqual(findingsOf(rule, ecr), []);
});

test('a server behind an entrypoint script or sh -c is still checked', () => {
  const script = SEED.replace(/CMD .*/, 'ENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "config.wsgi"]');
  const [viaScript] = findingsOf(rule, script);
  assert.equal(viaScript.range.start.line, 10);
  const shell = SEED.replace(/CMD .*/, 'CMD ["sh", "-c", "python manage.py migrate && exec gunicorn config.wsgi"]');
  const [viaShell] = findingsOf(rule, shell);
  assert.ok(viaShell);
  assert.ok(!viaShell.fixes?.some((f) => /python -m/.test(f.title)), 'no edit inside a sh -c string');
});

test('a bare python image that never installs anything but runs python is fine', () => {
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n'), []);
});

test('a server installed by apt is fine', () => {
  assert.deepEqual(findingsOf(rule, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3-gunicorn\nCMD ["gunicorn", "x.wsgi"]\n'), []);
});

test('venv paths given through ARG/ENV variables are resolved; unresolvable ones are not judged', () => {
  const viaArg = `ARG VENV=/opt/venv
FROM python:3.12-slim AS build
ARG VENV
RUN python -m venv $VENV && $VENV/bin/pip install gunicorn
FROM python:3.12-slim
ARG VENV
ENV PATH="\${VENV}/bin:$PATH"
COPY --from=build \${VENV} \${VENV}
CMD ["gunicorn", "config.wsgi"]
`;
  assert.deepEqual(findingsOf(rule, viaArg), []);
  const withoutPath = viaArg.replace('ENV PATH="${VENV}/bin:$PATH"\n', '');
  assert.match(findingsOf(rule, withoutPath)[0].message, /\/opt\/venv\/bin is not on PATH/);
  const unknown = 'FROM python:3.12-slim AS build\nFROM python:3.12-slim\nARG TARGET\nCOPY --from=build $TARGET $TARGET\nCMD ["gunicorn", "x.wsgi"]\n';
  assert.deepEqual(findingsOf(rule, unknown), []);
});

test('uwsgi is a server script: missing when only site-packages are copied, found in a copied venv on PATH', () => {
  const text = SEED.replace(/CMD .*/, 'CMD ["uwsgi", "--http-socket", ":8000", "--module", "config.wsgi:application"]');
  const [finding] = findingsOf(rule, text);
  assert.ok(finding);
  assert.match(finding.message, /`uwsgi` is not in the final stage/);
  assert.ok(!finding.fixes!.some((f) => /python -m/.test(f.title)), 'uWSGI is a C program: no python -m fix');
  const venv = `FROM python:3.12-slim AS builder\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install uwsgi\nFROM python:3.12-slim\nENV PATH="/opt/venv/bin:$PATH"\nCOPY --from=builder /opt/venv /opt/venv\nCMD ["sh", "-c", "exec uwsgi --http-socket \\":8000\\" --module config.wsgi"]\n`;
  assert.deepEqual(findingsOf(rule, venv), []);
});
