import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintDockerfile } from './engine';
import { ecrImageReferenceInvalid } from './ecr-image-reference-invalid';
import { ecrImageReferencePlaceholder } from './ecr-image-reference-placeholder';
import { findingsOf } from './testing';

const slice = (text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
  text.split('\n')[range.start.line].slice(range.start.character, range.end.character);

test("the seed's second Dockerfile: the placeholder FROM is one finding over the whole reference", () => {
  const text = '# Stage 1\nFROM your_ecr_repository_url/your_image_name:tag as base\nFROM base as final\n';
  const found = findingsOf(ecrImageReferencePlaceholder, text);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 1);
  assert.equal(slice(text, found[0].range), 'your_ecr_repository_url/your_image_name:tag');
  assert.match(found[0].message, /your_ecr_repository_url/);
  assert.deepEqual(findingsOf(ecrImageReferenceInvalid, text), []);
});

test('placeholder account and region in a registry host, in FROM, COPY --from, ARG and ENV', () => {
  const ref = 'your-aws-account-id.dkr.ecr.your-aws-region.amazonaws.com/web:1';
  const text = `ARG BASE=${ref}\nFROM ${ref}\nCOPY --from=${ref} /a /a\nENV IMAGE="${ref}"\n`;
  const found = findingsOf(ecrImageReferencePlaceholder, text);
  assert.deepEqual(found.map((f) => f.range.start.line), [0, 1, 2, 3]);
  for (const finding of found) assert.equal(slice(text, finding.range), ref);
});

test('malformed parts are reported each on its exact span', () => {
  const text = 'FROM 12345.dkr.ecr.us-east-9.amazonaws.com/Web:v1\n';
  const found = findingsOf(ecrImageReferenceInvalid, text);
  assert.deepEqual(found.map((f) => slice(text, f.range)).sort(), ['12345', 'Web', 'us-east-9']);
  assert.deepEqual(findingsOf(ecrImageReferencePlaceholder, text), []);
});

test('valid references, unresolved variables and non-ECR images are clean; doc example account is info', () => {
  const text = [
    'ARG REGISTRY',
    'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/base/python:3.13-slim AS base',
    'FROM ${REGISTRY}/web:1',
    'FROM public.ecr.aws/docker/library/python:3.13-slim',
    'COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /bin/',
    'ENV DJANGO_SETTINGS_MODULE=config.settings',
  ].join('\n');
  assert.deepEqual(findingsOf(ecrImageReferenceInvalid, text), []);
  assert.deepEqual(findingsOf(ecrImageReferencePlaceholder, text), []);
  const example = findingsOf(ecrImageReferencePlaceholder, 'FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1\n');
  assert.equal(example.length, 1);
  assert.equal(example[0].severity, 'info');
});

test('dockerfile-utils reference-format errors on the same line give way to ours', () => {
  const text = 'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/web:-bad\n';
  const found = lintDockerfile(text, { workspace: null });
  assert.ok(found.some((f) => f.ruleId === 'ecr-image-reference-invalid'));
  assert.ok(!found.some((f) => f.ruleId === 'dockerfile-utils/invalid-reference-format'));
});
