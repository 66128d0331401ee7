/** Inlay hints and document links over stdio, resolved against the example project on disk. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentLink, InlayHint } from 'vscode-languageserver-protocol';
import { useExampleServer } from './support/example-server';

const TEXT = [
  'FROM python:3.13-slim-trixie AS builder',
  'FROM python:3.13-slim-trixie',
  'COPY --from=builder /opt/venv /opt/venv',
  'ENV DJANGO_SETTINGS_MODULE=config.settings.production',
  'USER 10001',
  'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]',
  'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web:v2 AS published',
  '',
].join('\n');

let uri: string;
const server = useExampleServer({}, async ({ client }) => {
  uri = await client.open('Dockerfile', TEXT);
});

test('inlay hints: Python version and EOL, stage base image, module files, ECR account and region', async () => {
  const hints = await server.client.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
  });
  const byLine = new Map<number, string[]>();
  for (const hint of hints) byLine.set(hint.position.line, [...(byLine.get(hint.position.line) ?? []), String(hint.label)]);
  assert.match(byLine.get(0)?.[0] ?? '', /^Python 3\.13 · trixie · EOL \d{4}-\d\d/);
  assert.deepEqual(byLine.get(2), ['← python:3.13-slim-trixie']);
  assert.deepEqual(byLine.get(3), ['→ config/settings/production.py']);
  assert.deepEqual(byLine.get(5), ['→ config/wsgi.py']);
  assert.deepEqual(byLine.get(6), ['210987654321 · eu-west-1']);
  const onlyLine5 = await server.client.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 5, character: 0 }, end: { line: 5, character: 200 } },
  });
  assert.deepEqual(onlyLine5.map((h) => h.label), ['→ config/wsgi.py']);
});

test('document links: modules to their files on disk, the ECR reference to its console page', async () => {
  const links = await server.client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  const targets = links.map((link) => link.target);
  const wsgi = pathToFileURL(path.join(server.workspaceDir, 'config', 'wsgi.py')).href;
  assert.ok(targets.includes(wsgi), JSON.stringify(targets));
  assert.ok(fs.existsSync(new URL(wsgi)), 'the linked file exists');
  assert.ok(targets.includes(pathToFileURL(path.join(server.workspaceDir, 'config', 'settings', 'production.py')).href));
  assert.ok(targets.includes('https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/210987654321/mysite/web?region=eu-west-1'));
  const wsgiLink = links.find((link) => link.target === wsgi)!;
  assert.equal(wsgiLink.range.start.line, 5);
  assert.equal(TEXT.split('\n')[5].slice(wsgiLink.range.start.character, wsgiLink.range.end.character), 'config.wsgi:application');
});
