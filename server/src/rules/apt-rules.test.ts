import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { aptGetUpdateAlone } from './apt-get-update-alone';
import { aptListsNotRemoved } from './apt-lists-not-removed';
import { applyEdits, findingsOf } from './testing';

const SEED_TAIL = [
  'FROM python:3.9-slim', // 0
  'COPY . .', // 1
  '# Clean up temporary files', // 2
  'RUN apt-get update \\', // 3
  '    && apt-get clean \\', // 4
  '    && rm -rf /var/lib/apt/lists/* \\', // 5
  '    && rm -rf /tmp/*', // 6
  'EXPOSE 8000', // 7
  '',
].join('\n');

test("the seed's update-and-clean RUN is reported on apt-get update, and the fix removes the RUN", () => {
  const found = findingsOf(aptGetUpdateAlone, SEED_TAIL);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 18 } });
  const fixed = applyEdits(SEED_TAIL, found[0].fixes![0].edits);
  assert.equal(fixed, 'FROM python:3.9-slim\nCOPY . .\n# Clean up temporary files\nEXPOSE 8000\n');
  assert.deepEqual(findingsOf(aptGetUpdateAlone, fixed), []);
  assert.deepEqual(findingsOf(aptListsNotRemoved, SEED_TAIL), [], 'nothing installed, so no lists rule');
});

test('an isolated update followed by an install RUN is reported without a removal fix when it does more', () => {
  const text = 'FROM debian:12\nRUN apt-get update && echo hi\nRUN apt-get install -y curl\n';
  const found = findingsOf(aptGetUpdateAlone, text);
  assert.equal(found.length, 1);
  assert.equal(found[0].fixes, undefined);
});

test('update with install (shell form, heredoc, apt, env prefixes) is not "update alone"', () => {
  const text = [
    'FROM debian:12',
    'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    'RUN <<EOF',
    'apt update',
    'apt install -y git',
    'apt-get dist-clean',
    'EOF',
    'RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*',
  ].join('\n');
  assert.deepEqual(findingsOf(aptGetUpdateAlone, text), []);
  assert.deepEqual(findingsOf(aptListsNotRemoved, text), []);
});

test('an install without cleanup in the final stage is info on the install, fixed by appending rm -rf', () => {
  const text = 'FROM python:3.13-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends libpq5\nUSER 10001\n';
  const found = findingsOf(aptListsNotRemoved, text);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 2);
  const fixed = applyEdits(text, found[0].fixes![0].edits);
  assert.equal(fixed, 'FROM python:3.13-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends libpq5 \\\n    && rm -rf /var/lib/apt/lists/*\nUSER 10001\n');
  assert.deepEqual(findingsOf(aptListsNotRemoved, fixed), []);
});

test('trixie dist-clean, cache mounts and builder stages are accepted', () => {
  assert.deepEqual(findingsOf(aptListsNotRemoved, 'FROM python:3.13-slim-trixie\nRUN apt-get update && apt-get install -y libpq5 && apt-get dist-clean\n'), []);
  assert.deepEqual(
    findingsOf(aptListsNotRemoved, 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y libpq5\n'),
    [],
  );
  assert.deepEqual(findingsOf(aptListsNotRemoved, 'FROM python:3.13 AS builder\nRUN apt-get update && apt-get install -y gcc\nFROM python:3.13-slim\nCOPY --from=builder /opt/venv /opt/venv\n'), []);
  const inherited = findingsOf(aptListsNotRemoved, 'FROM python:3.13 AS base\nRUN apt-get update && apt-get install -y gcc\nFROM base\nUSER 1\n');
  assert.equal(inherited.length, 1, 'a stage the final one builds on ships its layers');
});
