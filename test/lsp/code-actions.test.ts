/**
 * Quick fixes over stdio: ask for the actions on a diagnostic, apply the returned WorkspaceEdit to the
 * text as an editor would, send it back with didChange, and see the diagnostic gone.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { useExampleServer } from './support/example-server';

const SEED_LIKE = [
  'FROM python:3.13-slim-trixie as builder',
  'RUN pip install gunicorn',
  'FROM python:3.13-slim-trixie',
  'COPY --from=builder /usr/local /usr/local',
  'USER 10001',
  'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "myproject.wsgi:application"]',
  '',
].join('\n');

const server = useExampleServer();

async function fixAndCheck(relPath: string, text: string, ruleId: string, pick: (actions: CodeAction[]) => CodeAction | undefined): Promise<{ fixed: string; remaining: Diagnostic[] }> {
  const uri = await server.client.open(relPath, text);
  const published = await server.client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === ruleId));
  const diagnostic = published.diagnostics.find((d) => d.code === ruleId)!;
  const actions = await server.client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const action = pick(actions);
  assert.ok(action, `no matching action among ${actions.map((a) => a.title)}`);
  assert.deepEqual(action.diagnostics?.map((d) => d.code), [ruleId]);
  const [change] = action.edit!.documentChanges as TextDocumentEdit[];
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, 1);
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), change.edits as TextEdit[]);
  const version = await server.client.change(uri, fixed);
  const after = await server.client.diagnostics(uri, (_d, params) => params.version === version);
  return { fixed, remaining: after.diagnostics };
}

test('the placeholder WSGI module is replaced by the detected one and its diagnostic goes away', async () => {
  const { fixed, remaining } = await fixAndCheck('Dockerfile', SEED_LIKE, 'django-app-module-missing', (actions) => actions.find((a) => a.isPreferred));
  assert.match(fixed, /"config\.wsgi:application"\]/);
  assert.ok(!remaining.some((d) => d.code === 'django-app-module-missing'), JSON.stringify(remaining));
});

test('"as" casing is fixed in place', async () => {
  const { fixed, remaining } = await fixAndCheck('docker/Dockerfile.casing', SEED_LIKE, 'from-as-casing', (actions) => actions.find((a) => a.title === "Write 'AS'"));
  assert.match(fixed, /^FROM python:3\.13-slim-trixie AS builder$/m);
  assert.ok(!remaining.some((d) => d.code === 'from-as-casing'));
});

test('suppressing a rule for its instruction silences it and nothing else', async () => {
  const text = SEED_LIKE.replace('USER 10001\n', '');
  const { fixed, remaining } = await fixAndCheck('Dockerfile.suppress', text, 'final-stage-runs-as-root', (actions) => actions.find((a) => a.title === 'Suppress final-stage-runs-as-root for this instruction'));
  assert.match(fixed, /# hadolint ignore=DL3002\nFROM python:3\.13-slim-trixie\nCOPY/);
  assert.ok(!remaining.some((d) => d.code === 'final-stage-runs-as-root'));
  assert.ok(remaining.some((d) => d.code === 'from-as-casing'), 'other findings stay');
});

test('a fix that writes another file: CreateFile + edit for .dockerignore, then the finding is gone', async () => {
  const text = 'FROM python:3.13-slim-trixie\nWORKDIR /app\nCOPY . .\nUSER 10001\n';
  const uri = await server.client.open('Dockerfile.ignore', text);
  const published = await server.client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === 'dockerignore-missing'));
  const diagnostic = published.diagnostics.find((d) => d.code === 'dockerignore-missing')!;
  const actions = await server.client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const create = actions.find((a) => a.title === 'Create a .dockerignore for Django');
  assert.ok(create, actions.map((a) => a.title).join(', '));
  const [createFile, edit] = create.edit!.documentChanges as [CreateFile, TextDocumentEdit];
  const ignoreUri = pathToFileURL(path.join(server.workspaceDir, '.dockerignore')).href;
  assert.deepEqual(createFile, { kind: 'create', uri: ignoreUri, options: { ignoreIfExists: true } });
  assert.equal(edit.textDocument.uri, ignoreUri);
  // Apply as an editor does: create the file, apply the edits, save; the file watcher reports it.
  const content = TextDocument.applyEdits(TextDocument.create(ignoreUri, 'ignore', 0, ''), edit.edits as TextEdit[]);
  assert.match(content, /^\.env/m);
  fs.writeFileSync(fileURLToPath(ignoreUri), content);
  const since = server.client.published.length;
  await server.client.changeWatchedFiles([{ uri: ignoreUri, type: FileChangeType.Created }]);
  const after = await server.client.diagnostics(uri, () => true, 10_000, since);
  assert.ok(!after.diagnostics.some((d) => d.code === 'dockerignore-missing'), JSON.stringify(after.diagnostics.map((d) => d.code)));
});
