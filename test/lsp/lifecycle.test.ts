/** The server's lifecycle over stdio: capabilities at initialize, clean shutdown and exit. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copyExampleProject, LspClient } from './support/lsp-client';

test('initialize announces every capability; shutdown then exit ends the process with code 0', async () => {
  const workspaceDir = copyExampleProject();
  try {
    const { client, init } = await LspClient.start({ workspaceDir });
    const capabilities = init.capabilities;
    assert.equal(init.serverInfo?.name, 'django-container-tools');
    assert.equal(capabilities.textDocumentSync, 2, 'incremental sync');
    assert.ok(capabilities.completionProvider?.triggerCharacters?.includes('='));
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(capabilities.inlayHintProvider, true);
    assert.ok(capabilities.documentLinkProvider);
    assert.equal(await client.stop(), 0);
  } finally {
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  }
});

test('closing a document clears its diagnostics', async () => {
  const workspaceDir = copyExampleProject();
  const { client } = await LspClient.start({ workspaceDir });
  try {
    const uri = await client.open('Dockerfile', 'FROM python:3.13-slim-trixie\n');
    await client.diagnostics(uri, (diagnostics) => diagnostics.length > 0);
    const since = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.diagnostics(uri, (diagnostics) => diagnostics.length === 0, 5000, since);
  } finally {
    await client.stop();
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  }
});
