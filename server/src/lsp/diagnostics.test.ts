import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceModel } from '../project/workspace';
import { Analyses } from './analysis';
import { DiagnosticsScheduler } from './diagnostics';
import { DocumentModels } from './document-models';
import { initialSettings } from './settings';
import { WorkspaceModels } from './workspace-models';

const ROOT = 'FROM python:3.13-slim-trixie\nCMD ["python"]\n';

function setup(loadDelayMs: number) {
  const workspaces = new WorkspaceModels(async (_dockerfile, contextDir) => {
    await new Promise((resolve) => setTimeout(resolve, loadDelayMs));
    return { contextDir, project: null, files: new Set(), readFile: () => undefined } satisfies WorkspaceModel;
  });
  const settings = initialSettings({ diagnosticsDelayMs: 20 });
  const analyses = new Analyses(new DocumentModels(), workspaces, () => settings, () => ['/tmp']);
  const published: Array<{ version: number; codes: string[] }> = [];
  let current = 1;
  const scheduler = new DiagnosticsScheduler(
    analyses,
    {
      publish: (_uri, version, diagnostics) => published.push({ version, codes: diagnostics.map((d) => String(d.code)) }),
      currentVersion: () => current,
      log: () => undefined,
    },
    settings.diagnosticsDelayMs,
  );
  return { scheduler, published, setVersion: (v: number) => (current = v) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('keystrokes inside the debounce window produce one publication, for the last version', async () => {
  const { scheduler, published, setVersion } = setup(0);
  for (let version = 1; version <= 5; version++) {
    setVersion(version);
    scheduler.schedule(TextDocument.create('file:///tmp/Dockerfile', 'dockerfile', version, ROOT));
    await sleep(5);
  }
  await sleep(100);
  assert.deepEqual(published.map((p) => p.version), [5]);
  assert.ok(published[0].codes.includes('final-stage-runs-as-root'));
});

test('a result computed for a version the user has already changed is dropped', async () => {
  const { scheduler, published, setVersion } = setup(80);
  scheduler.schedule(TextDocument.create('file:///tmp/Dockerfile', 'dockerfile', 1, ROOT));
  await sleep(40); // the debounce fired; the workspace model is still loading
  setVersion(2);
  await sleep(120);
  assert.equal(published.length, 0, 'version 1 was stale when its analysis finished');
  scheduler.schedule(TextDocument.create('file:///tmp/Dockerfile', 'dockerfile', 2, `${ROOT}USER 10001\n`));
  await sleep(60);
  assert.deepEqual(published.map((p) => p.version), [2]);
  assert.ok(!published[0].codes.includes('final-stage-runs-as-root'));
  scheduler.dispose();
});
