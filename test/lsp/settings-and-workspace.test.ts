/**
 * Settings pulled through workspace/configuration (djangoContainer.rules.severity) and workspace model
 * invalidation through workspace/didChangeWatchedFiles, over stdio.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { useExampleServer } from './support/example-server';

const ROOT_RULE = 'final-stage-runs-as-root';
const MODULE_RULE = 'django-app-module-missing';
const TEXT = 'FROM python:3.13-slim-trixie\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "webapp.wsgi:application"]\n';

const server = useExampleServer({ settings: { rules: { severity: {} } } });

test('rules.severity: off removes a rule, a level overrides its severity', async () => {
  const uri = await server.client.open('Dockerfile.severity', TEXT);
  await server.client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === ROOT_RULE));
  let since = server.client.published.length;
  await server.client.changeSettings({ rules: { severity: { [ROOT_RULE]: 'off' } } });
  await server.client.diagnostics(uri, (diagnostics) => !diagnostics.some((d) => d.code === ROOT_RULE), 10_000, since);
  since = server.client.published.length;
  await server.client.changeSettings({ rules: { severity: { [ROOT_RULE]: 'error' } } });
  const published = await server.client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === ROOT_RULE), 10_000, since);
  assert.equal(published.diagnostics.find((d) => d.code === ROOT_RULE)?.severity, 1);
  await server.client.changeSettings({ rules: { severity: {} } });
});

test('a new module on disk, announced by didChangeWatchedFiles, clears the missing-module diagnostic', async () => {
  const uri = await server.client.open('Dockerfile', TEXT);
  await server.client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === MODULE_RULE));
  fs.mkdirSync(path.join(server.workspaceDir, 'webapp'));
  fs.writeFileSync(path.join(server.workspaceDir, 'webapp', '__init__.py'), '');
  fs.writeFileSync(path.join(server.workspaceDir, 'webapp', 'wsgi.py'), 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n');
  const since = server.client.published.length;
  await server.client.changeWatchedFiles([
    { uri: pathToFileURL(path.join(server.workspaceDir, 'webapp', '__init__.py')).href, type: FileChangeType.Created },
    { uri: pathToFileURL(path.join(server.workspaceDir, 'webapp', 'wsgi.py')).href, type: FileChangeType.Created },
  ]);
  const published = await server.client.diagnostics(uri, () => true, 10_000, since);
  assert.ok(!published.diagnostics.some((d) => d.code === MODULE_RULE), JSON.stringify(published.diagnostics));
});
