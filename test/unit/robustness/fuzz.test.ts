/**
 * Thousands of seeded random and mutated Dockerfiles: lintDockerfile never throws, no rule crashes, every
 * finding points inside the document, and no case takes long. Seeds are fixed so a failure reproduces
 * (case i of a run is always the same text). Each test stops at its case count or its wall-time budget,
 * whichever comes first, so a loaded machine runs fewer cases instead of stalling the unit layer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { corpus, lintChecked, mutate, random, randomDocument } from './support';

const PER_CASE_MS = 2_000;
const BUDGET_MS = 12_000;
/** Even on a slow machine, at least this many cases must run for the test to mean something. */
const MIN_CASES = 200;

function fuzz(label: string, cases: number, seed: number, make: (rand: () => number, i: number) => string): number {
  const rand = random(seed);
  const deadline = performance.now() + BUDGET_MS;
  let ran = 0;
  for (let i = 0; i < cases && (i < MIN_CASES || performance.now() < deadline); i++) {
    const text = make(rand, i);
    const { ms } = lintChecked(text, `${label} #${i}`);
    assert.ok(ms < PER_CASE_MS, `${label} #${i} took ${ms.toFixed(0)} ms`);
    ran++;
  }
  return ran;
}

test('up to 2,000 mutated Dockerfiles from the seed and a syntax-rich corpus', (t) => {
  const base = corpus();
  const ran = fuzz('mutation', 2_000, 0x5eed, (rand, i) => mutate(base[i % base.length], rand));
  t.diagnostic(`${ran} mutated Dockerfiles linted`);
});

test('up to 1,000 documents of random fragments and characters (surrogates, NUL, BOM, operators)', (t) => {
  const ran = fuzz('random', 1_000, 42, (rand) => randomDocument(rand));
  t.diagnostic(`${ran} random documents linted`);
});

test('every prefix of the seed Dockerfile (what the server sees while it is typed)', () => {
  const seed = corpus().find((text) => text.includes('FROM python:3.9 as builder'));
  assert.ok(seed);
  for (let end = 0; end <= seed.length; end += 7) lintChecked(seed.slice(0, end), `prefix ${end}`);
});
