import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copyExampleProject, LspClient } from './support/lsp-client';
import { useExampleServer } from './support/example-server';

const ROOT_RULE = 'final-stage-runs-as-root';
const AS_ROOT = 'FROM python:3.12-slim\nWORKDIR /app\nCMD ["gunicorn", "config.wsgi:application"]\n';
const AS_USER = 'FROM python:3.12-slim\nWORKDIR /app\nUSER 10001\nCMD ["gunicorn", "config.wsgi:application"]\n';

const server = useExampleServer();

const codes = (diagnostics: { code?: number | string }[]) => diagnostics.map((d) => d.code);

test('didOpen publishes diagnostics for the opened version', async () => {
  const uri = await server.client.open('Dockerfile', AS_ROOT);
  const published = await server.client.diagnostics(uri);
  assert.equal(published.version, 1);
  const rootFinding = published.diagnostics.find((d) => d.code === ROOT_RULE);
  assert.ok(rootFinding, `expected ${ROOT_RULE} in ${JSON.stringify(codes(published.diagnostics))}`);
  assert.equal(rootFinding.source, 'django-container');
  assert.equal(rootFinding.range.start.line, 0);
});

test('an incremental didChange that adds USER clears the finding', async () => {
  const uri = server.client.uriOf('Dockerfile');
  const version = await server.client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'USER 10001\n' }]);
  const published = await server.client.diagnostics(uri, (_d, params) => params.version === version);
  assert.ok(!codes(published.diagnostics).includes(ROOT_RULE), JSON.stringify(published.diagnostics));
});

test('a burst of keystrokes is debounced: only the last version is published', async () => {
  const uri = await server.client.open('docker/Dockerfile.burst', AS_USER);
  await server.client.diagnostics(uri);
  const since = server.client.published.length;
  let last = 0;
  // Type "USER root" at the end, one character per change, as an editor would.
  const typed = 'USER root';
  for (let i = 0; i < typed.length; i++) {
    last = await server.client.change(uri, [{ range: { start: { line: 4, character: i }, end: { line: 4, character: i } }, text: typed[i] }]);
  }
  const published = await server.client.diagnostics(uri, (_d, params) => params.version === last, 10_000, since);
  assert.ok(codes(published.diagnostics).includes(ROOT_RULE));
  const forBurst = server.client.published.slice(since).filter((p) => p.uri === uri);
  assert.ok(forBurst.length < typed.length / 2, `expected the burst to be debounced, got ${forBurst.length} publications`);
  assert.ok(forBurst.every((p) => p.version === last), `stale versions published: ${forBurst.map((p) => p.version)}`);
});

test('a long lint never delays other requests: completion answers while a 6000-line file is linted', async () => {
  const dir = copyExampleProject();
  const { client: fast } = await LspClient.start({ workspaceDir: dir, initializationOptions: { diagnosticsDelayMs: 0 } });
  try {
    const small = await fast.open('Dockerfile', 'FROM python:3.13-slim-trixie\nCMD ["gunicorn", ""]\n');
    await fast.diagnostics(small);
    const block = [
      'FROM python:3.13-slim-trixie AS s',
      'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*',
      'ENV DJANGO_SETTINGS_MODULE=config.settings.production',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
    ];
    const big = Array.from({ length: 1000 }, (_, i) => block.map((line) => (line.endsWith(' AS s') ? `${line}${i}` : line)).join('\n')).join('\n');
    const started = performance.now();
    const bigUri = await fast.open('Dockerfile.big', big);
    await new Promise((resolve) => setTimeout(resolve, 30)); // the lint of the big file is under way
    const askedAt = performance.now();
    const list = await fast.request<{ items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: small }, position: { line: 1, character: 17 } });
    const completionMs = performance.now() - askedAt;
    const answeredAt = performance.now();
    await fast.diagnostics(bigUri, () => true, 60_000);
    const lintMs = performance.now() - started;
    assert.deepEqual(list.items.map((item) => item.label), ['config.wsgi:application']);
    assert.ok(answeredAt < started + lintMs, 'completion answered before the big file was linted');
    assert.ok(completionMs < lintMs / 2, `completion ${completionMs.toFixed(0)} ms vs lint ${lintMs.toFixed(0)} ms`);
  } finally {
    await fast.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
