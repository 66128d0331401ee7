import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImageLatest } from './base-image-latest';
import { baseImageUntagged } from './base-image-untagged';
import { applyEdits, findingsOf } from './testing';

test('untagged FROM is reported; a python one gets a pinned-tag fix', () => {
  const text = 'FROM python AS build\nFROM debian\n';
  const found = findingsOf(baseImageUntagged, text);
  assert.deepEqual(found.map((f) => f.range.start.line), [0, 1]);
  assert.equal(applyEdits(text, found[0].fixes![0].edits), 'FROM python:3.14-slim-trixie AS build\nFROM debian\n');
  assert.equal(found[1].fixes, undefined);
});

test(':latest is reported and the python fix replaces the tag', () => {
  const text = 'FROM python:latest\n';
  const found = findingsOf(baseImageLatest, text);
  assert.equal(found.length, 1);
  assert.equal(applyEdits(text, found[0].fixes![0].edits), 'FROM python:3.14-slim-trixie\n');
  assert.deepEqual(findingsOf(baseImageUntagged, text), []);
});

test('ARG-resolved FROM: a pinned default is clean, an untagged or latest default is reported without a fix', () => {
  assert.deepEqual(findingsOf(baseImageUntagged, 'ARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim\n'), []);
  assert.deepEqual(findingsOf(baseImageUntagged, 'ARG BASE\nFROM ${BASE}\n'), [], 'no default: decided at build time');
  const untagged = findingsOf(baseImageUntagged, 'ARG BASE=python\nFROM ${BASE}\n');
  assert.equal(untagged.length, 1);
  assert.equal(untagged[0].fixes, undefined);
  assert.equal(findingsOf(baseImageLatest, 'ARG TAG=latest\nFROM python:$TAG\n').length, 1);
});

test('stage references, scratch, digests, registry ports and tagged images are clean', () => {
  const text = [
    'FROM python:3.13-slim AS builder',
    'FROM builder AS test',
    'FROM BUILDER',
    'FROM scratch',
    'FROM python@sha256:' + 'a'.repeat(64),
    'FROM localhost:5000/app:1.0',
    'FROM ghcr.io/astral-sh/uv:0.9.2 AS uv',
  ].join('\n');
  assert.deepEqual(findingsOf(baseImageUntagged, text), []);
  assert.deepEqual(findingsOf(baseImageLatest, text), []);
  assert.equal(findingsOf(baseImageUntagged, 'FROM localhost:5000/app\n').length, 1);
});
