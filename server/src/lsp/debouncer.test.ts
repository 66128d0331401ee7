import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Debouncer } from './debouncer';

for (const delayMs of [0, 5]) {
  test(`delay ${delayMs} ms: changes in one burst run once, with the last callback; cancel drops a pending run`, async () => {
    const debouncer = new Debouncer(delayMs);
    const runs: string[] = [];
    debouncer.schedule('a', () => runs.push('a1'));
    debouncer.schedule('a', () => runs.push('a2'));
    debouncer.schedule('b', () => runs.push('b1'));
    debouncer.cancel('b');
    assert.equal(runs.length, 0);
    await sleep(delayMs + 20);
    assert.deepEqual(runs, ['a2']);
    debouncer.schedule('c', () => runs.push('c1'));
    debouncer.cancelAll();
    await sleep(delayMs + 20);
    assert.deepEqual(runs, ['a2']);
  });
}
