/**
 * Settings pulled through workspace/configuration (djangoContainer.rules.severity) and workspace model
 * invalidation through workspace/didChangeWatchedFiles, over stdio.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { copyExampleProject, LspClient } from './support/lsp-client';

const ROOT_RULE = 'final-stage-runs-as-root';
const MODULE_RULE = 'django-app-module-missing';
const TEXT = 'FROM python:3.13-slim-trixie\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "webapp.wsgi:application"]\n';

let client: LspClient;
let workspaceDir: string;

before(async () => {
  workspaceDir = copyExampleProject();
  ({ client } = await LspClient.start({ workspaceDir, settings: { rules: { severity: {} } } }));
});

after(async () => {
  await client.stop();
  fs.rmSync(workspaceDir, { recursive: true, force: true });
});

test('rules.severity: off removes a rule, a level overrides its severity', async () => {
  const uri = await client.open('Dockerfile.severity', TEXT);
  await client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === ROOT_RULE));
  let since = client.published.length;
  await client.changeSettings({ rules: { severity: { [ROOT_RULE]: 'off' } } });
  await client.diagnostics(uri, (diagnostics) => !diagnostics.some((d) => d.code === ROOT_RULE), 10_000, since);
  since = client.published.length;
  await client.changeSettings({ rules: { severity: { [ROOT_RULE]: 'error' } } });
  const published = await client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === ROOT_RULE), 10_000, since);
  assert.equal(published.diagnostics.find((d) => d.code === ROOT_RULE)?.severity, 1);
  await client.changeSettings({ rules: { severity: {} } });
});

test('a new module on disk, announced by didChangeWatchedFiles, clears the missing-module diagnostic', async () => {
  const uri = await client.open('Dockerfile', TEXT);
  await client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === MODULE_RULE));
  fs.mkdirSync(path.join(workspaceDir, 'webapp'));
  fs.writeFileSync(path.join(workspaceDir, 'webapp', '__init__.py'), '');
  fs.writeFileSync(path.join(workspaceDir, 'webapp', 'wsgi.py'), 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n');
  const since = client.published.length;
  await client.changeWatchedFiles([
    { uri: pathToFileURL(path.join(workspaceDir, 'webapp', '__init__.py')).href, type: FileChangeType.Created },
    { uri: pathToFileURL(path.join(workspaceDir, 'webapp', 'wsgi.py')).href, type: FileChangeType.Created },
  ]);
  const published = await client.diagnostics(uri, () => true, 10_000, since);
  assert.ok(!published.diagnostics.some((d) => d.code === MODULE_RULE), JSON.stringify(published.diagnostics));
});
