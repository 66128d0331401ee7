import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePushArgs, PUSH_USAGE } from './push';

test('scan options: default reads findings; --no-scan-findings, --scan and --scan-timeout parse; a bad timeout is a usage error', () => {
  assert.deepEqual(parsePushArgs(['-r', 'web']).scan, { skip: false, onDemand: false });
  assert.deepEqual(parsePushArgs(['-r', 'web', '--no-scan-findings']).scan, { skip: true, onDemand: false });
  assert.deepEqual(parsePushArgs(['-r', 'web', '--scan', '--scan-timeout', '90']).scan, { skip: false, onDemand: true, timeoutMs: 90_000 });
  assert.deepEqual(parsePushArgs(['-r', 'web', '--scan-timeout=5']).scan.timeoutMs, 5000);
  assert.throws(() => parsePushArgs(['-r', 'web', '--scan-timeout', 'soon']), /--scan-timeout needs a whole number of seconds/);
  assert.throws(() => parsePushArgs(['-r', 'web', '--scan-timeout']), /--scan-timeout needs a value/);
  assert.match(PUSH_USAGE, /--no-scan-findings/);
});
