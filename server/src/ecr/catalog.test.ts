import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EcrCatalog, type EcrImageSummary, type EcrListingSource, type EcrRepositorySummary } from './catalog';

/** An in-memory listing whose answers the test releases by hand, to observe what readers get meanwhile. */
class ControlledSource implements EcrListingSource {
  calls = 0;
  repositories: EcrRepositorySummary[] = [{ name: 'web', uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web', registryId: '123456789012' }];
  images: EcrImageSummary[] = [{ repositoryName: 'web', digest: 'sha256:aa', tags: ['v1'], pushedAt: new Date(1000) }];
  fail = false;
  private gates: Array<() => void> = [];
  listRepositories(): Promise<EcrRepositorySummary[]> {
    this.calls++;
    return new Promise((resolve, reject) => this.gates.push(() => (this.fail ? reject(new Error('AccessDenied')) : resolve(this.repositories))));
  }
  async listImages(): Promise<EcrImageSummary[]> {
    return this.images;
  }
  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
}

test('readers get the empty snapshot at once and the listing after the background refresh', async () => {
  const source = new ControlledSource();
  const catalog = new EcrCatalog(source);
  assert.deepEqual(catalog.snapshot().repositories, []);
  assert.equal(source.calls, 1);
  catalog.snapshot();
  assert.equal(source.calls, 1, 'one refresh at a time');
  const done = catalog.refresh();
  source.release();
  await done;
  assert.equal(catalog.snapshot().repositories[0].name, 'web');
  assert.deepEqual(catalog.findImage('web', 'v1')?.digest, 'sha256:aa');
  assert.equal(catalog.findImage('web', 'sha256:aa')?.tags[0], 'v1');
});

test('a stale snapshot is served while the refresh is pending, then replaced', async () => {
  let now = 0;
  const source = new ControlledSource();
  const catalog = new EcrCatalog(source, { ttlMs: 100, now: () => now });
  const first = catalog.refresh();
  source.release();
  await first;
  source.images = [{ repositoryName: 'web', digest: 'sha256:bb', tags: ['v2'] }];
  now = 500;
  assert.equal(catalog.snapshot().images.get('web')?.[0].digest, 'sha256:aa', 'old snapshot served');
  assert.equal(source.calls, 2);
  const second = catalog.refresh();
  source.release();
  await second;
  assert.equal(catalog.snapshot().images.get('web')?.[0].digest, 'sha256:bb');
});

test('a failing refresh keeps the previous snapshot and records the error; no retry inside the TTL', async () => {
  let now = 0;
  const source = new ControlledSource();
  const catalog = new EcrCatalog(source, { ttlMs: 1000, now: () => now });
  const first = catalog.refresh();
  source.release();
  await first;
  now = 2000;
  source.fail = true;
  const failing = catalog.refresh();
  source.release();
  await failing;
  const snapshot = catalog.snapshot();
  assert.equal(snapshot.repositories[0].name, 'web');
  assert.match(snapshot.error ?? '', /AccessDenied/);
  assert.equal(source.calls, 2, 'no new call within the TTL after a failure');
});
