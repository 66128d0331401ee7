/** Reading Python version and Debian suite from image references the user may give as --base-image. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageFacts, officialPythonImage } from '../../../server/src/generate/base-image';

test('official, mirror, uv-style, patch-level, digest-pinned and ECR references', () => {
  const cases: [string, string | null, string | null, boolean][] = [
    ['python:3.11-slim-bookworm', '3.11', 'bookworm', false],
    ['public.ecr.aws/docker/library/python:3.13-slim-trixie', '3.13', 'trixie', false],
    ['python:3.12.4-slim', '3.12', null, false],
    ['ghcr.io/astral-sh/uv:python3.12-bookworm-slim', '3.12', 'bookworm', false],
    ['python:3.12-alpine3.20', '3.12', null, true],
    ['python:3.10-slim-bookworm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '3.10', 'bookworm', false],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/python-base:3.12-slim-bookworm', '3.12', 'bookworm', false],
    ['localhost:5000/base:latest', null, null, false],
    ['python', null, null, false],
  ];
  for (const [ref, version, suite, alpine] of cases) {
    assert.deepEqual(imageFacts(ref), { pythonVersion: version, debianSuite: suite, alpine }, ref);
  }
});

test('official image names for Docker Hub and the ECR Public mirror', () => {
  assert.equal(officialPythonImage('3.12', 'bookworm'), 'python:3.12-slim-bookworm');
  assert.equal(officialPythonImage('3.13', 'trixie', 'ecr-public'), 'public.ecr.aws/docker/library/python:3.13-slim-trixie');
});
