/**
 * ECR features over stdio with the REAL AWS SDK against the local ECR stand-in (SigV4 checked):
 * FROM completion lists the repositories and tags (DescribeRepositories/DescribeImages), served from the
 * cache at once even while the stand-in answers slowly; hovers and hints show the cached image; an
 * untrusted workspace never calls AWS.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { startEcrStandIn, type EcrStandIn } from '../support/ecr-standin';
import { copyExampleProject, LspClient } from './support/lsp-client';
import { complete, hoverText, labels, until, useExampleServer } from './support/example-server';

const KEY_ID = 'AKIDLSPCOMPLETION1';
const SECRET = 'lsp-completion-secret';

describe('ECR features against the local ECR stand-in', () => {
  let ecr: EcrStandIn;
  let repositoryUri: string;

  before(async () => {
    ecr = await startEcrStandIn({ keys: { [KEY_ID]: { secret: SECRET } } });
    ecr.createRepository('mysite/web');
    ecr.seedImage('mysite/web', ['v1']);
    ecr.clock.advance(60_000);
    ecr.seedImage('mysite/web', ['v2']);
    repositoryUri = `${ecr.accountId}.dkr.ecr.${ecr.region}.amazonaws.com/mysite/web`;
  });
  const server = useExampleServer(() => ({
    initializationOptions: { trusted: true, ecrCacheTtlMs: 300 },
    env: { ...ecr.env(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
  }));
  after(async () => {
    await ecr.stop();
  });

  test('the repositories and tags come from DescribeRepositories/DescribeImages, newest first', async () => {
    const uri = await server.client.open('Dockerfile', 'FROM \n');
    const list = await until('ECR items', async () => {
      const { list } = await complete(server.client, uri, 0, 5);
      return labels(list).includes(`${repositoryUri}:v2`) ? list : undefined;
    });
    const ecrItems = list.items.filter((item) => String(item.label).startsWith(repositoryUri)).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(ecrItems.map((i) => i.label), [`${repositoryUri}:v2`, `${repositoryUri}:v1`]);
    assert.match(ecrItems[0].detail ?? '', /^ECR mysite\/web · pushed \d{4}-\d\d-\d\d/);
    assert.ok((ecr.calls.DescribeRepositories ?? 0) >= 1 && (ecr.calls.DescribeImages ?? 0) >= 1, JSON.stringify(ecr.calls));
  });

  test('while the stand-in answers slowly, completion is still instant from the cache', async () => {
    const uri = server.client.uriOf('Dockerfile');
    ecr.setLatency(4000);
    ecr.seedImage('mysite/web', ['v3']);
    const callsBefore = ecr.calls.DescribeRepositories ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the 300 ms TTL: the next read refreshes
    const { list, ms } = await complete(server.client, uri, 0, 5);
    assert.ok(ms < 1000, `completion took ${ms.toFixed(0)} ms while ECR takes 4000 ms`);
    assert.ok(labels(list).includes(`${repositoryUri}:v2`), 'cached images served');
    assert.ok(!labels(list).includes(`${repositoryUri}:v3`), 'the new tag is not known yet');
    await until('the background refresh to reach the stand-in', async () => ((ecr.calls.DescribeRepositories ?? 0) > callsBefore ? true : undefined));
    ecr.setLatency(0);
    await until('v3 after the background refresh', async () => {
      const { list: next } = await complete(server.client, uri, 0, 5);
      return labels(next).includes(`${repositoryUri}:v3`) ? true : undefined;
    }, 15_000);
  });

  test('hover and inlay hint on an ECR reference show the cached digest, size, push time and scan status', async () => {
    const uri = await server.client.open('Dockerfile.ecr', `FROM ${repositoryUri}:v2 AS base\nUSER 10001\n`);
    const [v2] = ecr.images('mysite/web').filter((image) => image.tags.has('v2'));
    const value = await until('a hover with the cached image', async () => {
      const text = (await hoverText(server.client, uri, 0, 8)) ?? '';
      return text.includes('In ECR (cached)') ? text : undefined;
    });
    assert.match(value, new RegExp(`Account: \`${ecr.accountId}\``));
    assert.match(value, /Region: us-east-1/);
    assert.match(value, /Repository: mysite\/web/);
    assert.ok(value.includes(`Digest: \`${v2.digest}\``), value);
    assert.match(value, /Size: \d/);
    assert.match(value, /Pushed at: \d{4}-\d\d-\d\dT/);
    assert.match(value, /Scan status: /);
    const hints = await server.client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } });
    assert.ok(hints.some((hint) => new RegExp(`^${ecr.accountId} · us-east-1 · pushed \\d+ (min|h|d) ago$`).test(String(hint.label))), JSON.stringify(hints.map((h) => h.label)));
  });

  test('an untrusted workspace never calls AWS', async () => {
    const dir = copyExampleProject();
    const { client: untrusted } = await LspClient.start({
      workspaceDir: dir,
      initializationOptions: { trusted: false, ecrCacheTtlMs: 0 },
      env: { ...ecr.env(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET },
    });
    try {
      const before = JSON.stringify(ecr.calls);
      const uri = await untrusted.open('Dockerfile', 'FROM \n');
      for (let i = 0; i < 3; i++) {
        const { list } = await complete(untrusted, uri, 0, 5);
        assert.ok(!labels(list).some((label) => label.startsWith(repositoryUri)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(JSON.stringify(ecr.calls), before);
    } finally {
      await untrusted.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
