import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_DIAGNOSTICS_DELAY_MS, initialSettings, mergeConfiguration } from './settings';

test('defaults: generic rules on, trusted, 200 ms debounce, no AWS settings', () => {
  const settings = initialSettings(undefined);
  assert.equal(settings.genericRules, true);
  assert.equal(settings.trusted, true);
  assert.equal(settings.diagnosticsDelayMs, DEFAULT_DIAGNOSTICS_DELAY_MS);
  assert.deepEqual(settings.aws, {});
});

test('initializationOptions: genericRules:false, trusted:false, diagnosticsDelayMs, and a settings object', () => {
  const settings = initialSettings({ genericRules: false, trusted: false, diagnosticsDelayMs: 0, settings: { aws: { region: 'eu-west-1' } } });
  assert.equal(settings.genericRules, false);
  assert.equal(settings.trusted, false);
  assert.equal(settings.diagnosticsDelayMs, 0);
  assert.equal(settings.aws.region, 'eu-west-1');
});

test('the djangoContainer section: severities, generic rules, AWS; malformed values are ignored', () => {
  const base = initialSettings(undefined);
  const merged = mergeConfiguration(base, {
    rules: { severity: { 'final-stage-runs-as-root': 'off', 'from-as-casing': 'error', bogus: 'loud', numeric: 3 } },
    lint: { genericRules: false },
    aws: { profile: ' dev ', region: '', endpoint: 'http://127.0.0.1:4599' },
  });
  assert.deepEqual(merged.severities, { 'final-stage-runs-as-root': 'off', 'from-as-casing': 'error' });
  assert.equal(merged.genericRules, false);
  assert.deepEqual(merged.aws, { profile: 'dev', region: undefined, endpoint: 'http://127.0.0.1:4599' });
  assert.equal(mergeConfiguration(base, null), base);
  assert.equal(mergeConfiguration(base, 'nonsense'), base);
  assert.equal(mergeConfiguration(base, { lint: { genericRules: 'no' } }).genericRules, true);
});

test('trusted is fixed at initialize: configuration cannot turn AWS calls on in an untrusted workspace', () => {
  const untrusted = initialSettings({ trusted: false });
  assert.equal(mergeConfiguration(untrusted, { trusted: true, aws: { profile: 'x' } }).trusted, false);
});
