import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ago, formatBytes } from './format';

test('ago is compact: minutes, hours, days', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  assert.equal(ago(new Date('2026-11-27T23:55:00Z'), now), '5 min ago');
  assert.equal(ago(new Date('2026-11-27T21:00:00Z'), now), '3 h ago');
  assert.equal(ago(new Date('2026-11-25T00:00:00Z'), now), '3 d ago');
  assert.equal(ago(new Date('2026-11-29T00:00:00Z'), now), '0 min ago', 'clock skew never gives a negative age');
});

test('formatBytes uses binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(52_428_800), '50 MiB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
});
