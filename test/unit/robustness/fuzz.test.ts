/**
 * Thousands of seeded random and mutated Dockerfiles: lintDockerfile never throws, no rule crashes, every
 * finding points inside the document, and no case takes long. Seeds are fixed so a failure reproduces.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { corpus, lintChecked, mutate, random, randomDocument } from './support';

const PER_CASE_MS = 2_000;

test('1,600 mutated Dockerfiles from the seed and a syntax-rich corpus', () => {
  const rand = random(0x5eed);
  const base = corpus();
  let slowest = 0;
  for (let i = 0; i < 1_600; i++) {
    const text = mutate(base[i % base.length], rand);
    const { ms } = lintChecked(text, `mutation #${i}`);
    slowest = Math.max(slowest, ms);
    assert.ok(ms < PER_CASE_MS, `mutation #${i} took ${ms.toFixed(0)} ms`);
  }
  assert.ok(slowest > 0);
});

test('600 documents of random fragments and characters (surrogates, NUL, BOM, operators)', () => {
  const rand = random(42);
  for (let i = 0; i < 600; i++) {
    const text = randomDocument(rand);
    const { ms } = lintChecked(text, `random #${i}`);
    assert.ok(ms < PER_CASE_MS, `random #${i} took ${ms.toFixed(0)} ms`);
  }
});

test('every prefix of the seed Dockerfile (what the server sees while it is typed)', () => {
  const seed = corpus().find((text) => text.includes('FROM python:3.9 as builder'))!;
  assert.ok(seed);
  for (let end = 0; end <= seed.length; end += 3) lintChecked(seed.slice(0, end), `prefix ${end}`);
});
