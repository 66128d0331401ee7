import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../dockerfile/model';
import { ENGINE_SOURCE, findRule, lintDockerfile, lintSteps } from './engine';
import { allRules } from './index';

const SEED_LIKE = 'FROM python:3.10 as builder\nENV A 1\nFROM python:3.10-slim\nMAINTAINER me\n';

test('findings are sorted by position, carry their source, and resolve severities (rule default, per-finding, settings)', () => {
  const found = lintDockerfile(SEED_LIKE, { workspace: null, now: new Date('2026-11-28T00:00:00Z') });
  const positions = found.map((f) => [f.range.start.line, f.range.start.character]);
  assert.deepEqual(positions, [...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  assert.ok(found.every((f) => f.source === ENGINE_SOURCE || f.source === 'dockerfile-utils'));
  assert.equal(found.find((f) => f.ruleId === 'env-legacy-format')!.severity, 'warning');
  const tuned = lintDockerfile(SEED_LIKE, { workspace: null, severities: { 'env-legacy-format': 'error', 'from-as-casing': 'off' } });
  assert.equal(tuned.find((f) => f.ruleId === 'env-legacy-format')!.severity, 'error');
  assert.ok(!tuned.some((f) => f.ruleId === 'from-as-casing'));
});

test('`now` drives date-based rules: Python 3.10 is fine in 2025, EOL after October 2026', () => {
  const eol = (now: Date) => lintDockerfile(SEED_LIKE, { workspace: null, now }).filter((f) => f.ruleId === 'python-base-eol');
  assert.equal(eol(new Date('2025-01-01T00:00:00Z')).length, 0);
  assert.equal(eol(new Date('2026-11-28T00:00:00Z')).length, 2);
});

test('a pre-parsed model is used as is, and a throwing rule costs only its own findings', () => {
  const model = parseDockerfile(SEED_LIKE);
  assert.deepEqual(
    lintDockerfile('ignored when a model is given', { workspace: null, model }).map((f) => f.ruleId),
    lintDockerfile(SEED_LIKE, { workspace: null }).map((f) => f.ruleId),
  );
  const rule = findRule('from-as-casing')!;
  const original = rule.check;
  const errors: string[] = [];
  const log = console.error;
  rule.check = () => {
    throw new Error('boom');
  };
  console.error = (message: string) => errors.push(message);
  try {
    const found = lintDockerfile(SEED_LIKE, { workspace: null });
    assert.ok(!found.some((f) => f.ruleId === 'from-as-casing'));
    assert.ok(found.some((f) => f.ruleId === 'env-legacy-format'));
    assert.match(errors.join('\n'), /rule from-as-casing failed: Error: boom/);
  } finally {
    rule.check = original;
    console.error = log;
  }
});

test('the registry: every rule defined once, kebab-case ids, a title, a doc and a default severity', () => {
  const ids = allRules.map((rule) => rule?.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of allRules) {
    assert.ok(rule, 'no undefined entry (import cycle)');
    assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(rule.title && rule.doc.length > 40, rule.id);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.defaultSeverity), rule.id);
  }
});

test('lintSteps pauses between rules and before the generic layer, and ends with what lintDockerfile returns', () => {
  const text = 'FROM python:3.12-slim\nMAINTAINER me\nCMD ["gunicorn", "config.wsgi:application"]\n';
  const steps = lintSteps(text, { workspace: null, severities: { 'from-as-casing': 'off' } });
  let pauses = 0;
  let step = steps.next();
  for (; !step.done; step = steps.next()) pauses++;
  // One pause before each rule that is on, one before the generic layer.
  assert.equal(pauses, allRules.length - 1 + 1);
  const whole = lintDockerfile(text, { workspace: null, severities: { 'from-as-casing': 'off' } });
  assert.deepEqual(step.value.map((f) => f.ruleId), whole.map((f) => f.ruleId));
  assert.ok(whole.some((f) => f.source === 'dockerfile-utils'), 'MAINTAINER is reported by the generic layer');
});
