import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ecrRegistriesToLogIn, pulledImages, registryHostOf } from './pulled-images';

const BASE = '210987654321.dkr.ecr.eu-west-1.amazonaws.com/base/python:3.12';

test('FROM images with ARG defaults substituted; stage names and scratch are not pulled', () => {
  const text = [
    `ARG PYTHON_IMAGE=${BASE}`,
    'FROM ${PYTHON_IMAGE} AS builder',
    'RUN true',
    'FROM builder AS tested',
    'FROM scratch AS empty',
    'FROM ${PYTHON_IMAGE}',
    'COPY --from=builder /venv /venv',
    'COPY --from=tested /x /x',
    'COPY --from=0 /y /y',
    'COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv',
  ].join('\n');
  assert.deepEqual(pulledImages(text), [BASE, 'ghcr.io/astral-sh/uv:0.5']);
});

test('a --build-arg overrides a declared ARG; an undeclared one changes nothing; unresolved references are left out', () => {
  const text = 'ARG PYTHON_IMAGE=python:3.12-slim\nFROM ${PYTHON_IMAGE}\nFROM ${UNSET_IMAGE}\n';
  assert.deepEqual(pulledImages(text, { PYTHON_IMAGE: BASE }), [BASE]);
  assert.deepEqual(pulledImages('FROM python:3.12-slim\n', { PYTHON_IMAGE: BASE }), ['python:3.12-slim']);
});

test('registry hosts follow docker\'s reading of the first path component', () => {
  assert.equal(registryHostOf('python:3.12'), 'docker.io');
  assert.equal(registryHostOf('library/python:3.12'), 'docker.io');
  assert.equal(registryHostOf('127.0.0.1:5000/base/python:3.12'), '127.0.0.1:5000');
  assert.equal(registryHostOf('localhost/x'), 'localhost');
  assert.equal(registryHostOf(BASE), '210987654321.dkr.ecr.eu-west-1.amazonaws.com');
});

test('private ECR registries of any account and region, plus the push registry host, need a login; others do not', () => {
  const other = '123456789012.dkr.ecr.us-west-2.amazonaws.com/shared/base:1';
  const local = '127.0.0.1:5000/base/python:3.11';
  const logins = ecrRegistriesToLogIn(
    [BASE, `${BASE.split(':')[0]}:3.13`, other, local, 'python:3.12-slim', 'public.ecr.aws/docker/library/python:3.12', 'ghcr.io/x/y:1', '127.0.0.1:6000/elsewhere:1'],
    { host: '127.0.0.1:5000', region: 'us-east-1' },
  );
  assert.deepEqual(logins, [
    { host: '210987654321.dkr.ecr.eu-west-1.amazonaws.com', region: 'eu-west-1', images: [BASE, `${BASE.split(':')[0]}:3.13`] },
    { host: '123456789012.dkr.ecr.us-west-2.amazonaws.com', region: 'us-west-2', images: [other] },
    { host: '127.0.0.1:5000', region: 'us-east-1', images: [local] },
  ]);
});

test('placeholder ECR references are not logged in to', () => {
  assert.deepEqual(ecrRegistriesToLogIn(['<aws_account_id>.dkr.ecr.<region>.amazonaws.com/base:1'], { host: 'h', region: 'us-east-1' }), []);
});
