import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  debianSuiteFor,
  defaultPythonVersion,
  DJANGO_PYTHON_BREAKS,
  DJANGO_PYTHON_SUPPORT,
  isPythonEol,
  officialPythonTags,
  pythonImageInfo,
  pythonStatusAt,
  supportedPythonVersions,
  withPythonVersion,
} from './python';

const TODAY = new Date('2026-11-28T12:00:00Z');

test('EOL status follows the release table: 3.8/3.9 ended, 3.10 ended in October 2026, 3.11 is alive', () => {
  assert.equal(isPythonEol('3.8', TODAY), true);
  assert.equal(isPythonEol('3.9', TODAY), true);
  assert.equal(isPythonEol('3.10', TODAY), true);
  assert.equal(isPythonEol('3.10', new Date('2026-09-30T23:00:00Z')), false);
  assert.equal(isPythonEol('3.11', TODAY), false);
  assert.equal(pythonStatusAt('3.14', TODAY), 'bugfix');
  assert.equal(pythonStatusAt('3.12', TODAY), 'security');
  assert.equal(pythonStatusAt('2.7', TODAY), undefined);
  assert.deepEqual(supportedPythonVersions(TODAY), ['3.15', '3.14', '3.13', '3.12', '3.11']);
  assert.ok(supportedPythonVersions(TODAY).includes(defaultPythonVersion));
});

test('pythonImageInfo reads version, variant and suite of official tags', () => {
  const info = pythonImageInfo('python:3.12-slim-bookworm', TODAY)!;
  assert.equal(info.version, '3.12');
  assert.equal(info.variant, 'slim');
  assert.equal(info.suite, 'bookworm');
  assert.equal(info.floating, false);
  assert.equal(info.eolDate, '2028-10');
  assert.equal(info.isEol(TODAY), false);

  const old = pythonImageInfo('python:3.9-slim', TODAY)!;
  assert.equal(old.version, '3.9');
  assert.equal(old.suite, 'trixie');
  assert.equal(old.floating, true);
  assert.equal(old.isEol(TODAY), true);

  const bullseye = pythonImageInfo('docker.io/library/python:3.11.9-slim-bullseye', TODAY)!;
  assert.equal(bullseye.patch, '3.11.9');
  assert.equal(bullseye.isEol(TODAY), false);
  assert.equal(bullseye.isRetired(TODAY), true);

  const alpine = pythonImageInfo('public.ecr.aws/docker/library/python:3.13-alpine', TODAY)!;
  assert.equal(alpine.variant, 'alpine');
  assert.equal(alpine.suite, 'alpine3.24');
});

test('floating and untagged references resolve to the newest stable minor', () => {
  for (const ref of ['python', 'python:latest', 'python:3', 'python:slim', 'python:3-slim-trixie']) {
    const info = pythonImageInfo(ref, TODAY)!;
    assert.equal(info.version, '3.15', ref);
    assert.equal(info.floating, true, ref);
  }
  assert.equal(pythonImageInfo('python@sha256:' + 'a'.repeat(64), TODAY)!.floating, false);
});

test('uv images carry their Python in the tag; others and unresolved ARGs are not Python images', () => {
  const uv = pythonImageInfo('ghcr.io/astral-sh/uv:0.9-python3.14-bookworm-slim', TODAY)!;
  assert.equal(uv.version, '3.14');
  assert.equal(uv.variant, 'slim');
  assert.equal(uv.suite, 'bookworm');
  assert.equal(uv.uvImage, true);
  assert.equal(pythonImageInfo('ghcr.io/astral-sh/uv:0.9', TODAY), null);
  assert.equal(pythonImageInfo('node:20', TODAY), null);
  assert.equal(pythonImageInfo('python:${PYTHON_VERSION}-slim', TODAY), null);
  assert.equal(pythonImageInfo('localhost:5000/python', TODAY), null);
});

test('official tags list skips EOL versions and puts pinned slim tags first', () => {
  const tags = officialPythonTags({ at: TODAY });
  assert.ok(!tags.some((t) => t.version === '3.10' || t.version === '3.9'));
  assert.equal(tags[0].tag, '3.15-slim-trixie');
  assert.ok(tags.some((t) => t.tag === '3.12-slim-bookworm' && t.recommended));
  assert.ok(officialPythonTags({ at: TODAY, includeEol: true }).some((t) => t.tag === '3.9-slim-bookworm' && t.status === 'end-of-life'));
});

test('withPythonVersion keeps variant and suite', () => {
  assert.equal(withPythonVersion('3.9-slim-bookworm', '3.13'), '3.13-slim-bookworm');
  assert.equal(withPythonVersion('3.9.18', '3.13'), '3.13');
  assert.equal(withPythonVersion('0.9-python3.9-bookworm-slim', '3.13'), '0.9-python3.13-bookworm-slim');
});

test('Debian suites per minor are data: 3.8 has no trixie images (bookworm instead), 3.9 does; unknown minors keep the asked suite', () => {
  assert.equal(debianSuiteFor('3.8'), 'bookworm');
  assert.equal(debianSuiteFor('3.8', 'trixie'), 'bookworm');
  assert.equal(debianSuiteFor('3.9'), 'trixie');
  assert.equal(debianSuiteFor('3.14', 'bookworm'), 'bookworm');
  assert.equal(debianSuiteFor('3.16', 'trixie'), 'trixie');
  const tags = officialPythonTags({ at: TODAY, includeEol: true }).map((t) => t.tag);
  assert.ok(tags.includes('3.8-slim-bookworm') && !tags.includes('3.8-slim-trixie') && !tags.includes('3.8.20-slim-trixie'));
  assert.ok(tags.includes('3.9-slim-trixie'));
});

test('the Django support table covers 3.2 to 6.0 and the known failures are 3.13 for Django before 4.2', () => {
  assert.deepEqual(Object.keys(DJANGO_PYTHON_SUPPORT).sort(), ['3.2', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0']);
  assert.deepEqual(DJANGO_PYTHON_SUPPORT['3.2'].slice(-1), ['3.10']);
  assert.deepEqual(Object.keys(DJANGO_PYTHON_BREAKS).sort(), ['3.2', '4.0', '4.1']);
});
