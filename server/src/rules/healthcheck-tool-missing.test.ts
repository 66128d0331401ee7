import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { healthcheckToolMissing as rule } from './healthcheck-tool-missing';
import { applyEdits, findingsOf } from './testing';

test('curl on python:*-slim is reported on the HEALTHCHECK; the fix checks with urllib', () => {
  const text = 'FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health/ || exit 1\nCMD ["gunicorn"]\n';
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 2);
  assert.match(finding.message, /curl/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.equal(
    fixed.split('\n')[2],
    `HEALTHCHECK --interval=30s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health/', timeout=5)"]`,
  );
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('exec form, sh -c and curl on Alpine are reported; wget on Alpine is busybox and fine', () => {
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim-bookworm\nHEALTHCHECK CMD ["curl", "-f", "http://127.0.0.1:8000/"]\n').length, 1);
  assert.equal(findingsOf(rule, 'FROM python:3.12-slim\nHEALTHCHECK CMD ["sh", "-c", "wget -qO- http://127.0.0.1:8000/ || exit 1"]\n').length, 1);
  assert.equal(findingsOf(rule, 'FROM python:3.12-alpine\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n').length, 1);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-alpine\nHEALTHCHECK CMD wget -qO- http://127.0.0.1:8000/\n'), []);
});

test('installed tools, full images, unknown bases, python checks and HEALTHCHECK NONE are clean', () => {
  for (const text of [
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
    'FROM python:3.12-slim\nCOPY --from=curlimages/curl:8.10.1 /usr/bin/curl /usr/local/bin/curl\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
    'FROM python:3.12-bookworm\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
    'FROM mycorp/base:1\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
    'FROM cgr.dev/chainguard/python:latest-dev\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
    'FROM python:3.12-slim\nHEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/\')"]\n',
    'FROM python:3.12-slim\nHEALTHCHECK NONE\n',
    'FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/\n',
  ]) {
    assert.deepEqual(findingsOf(rule, text), [], text);
  }
});

test('an earlier HEALTHCHECK overridden by a later python one is clean; distroless is judged', () => {
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://x/\nHEALTHCHECK CMD ["python", "-c", "1"]\n'), []);
  const [d] = findingsOf(rule, 'FROM gcr.io/distroless/python3-debian12\nHEALTHCHECK CMD ["curl", "-f", "http://127.0.0.1:8000/"]\n');
  assert.ok(d);
  assert.deepEqual(d.fixes, []);
});
