import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceModel } from '../project/workspace';
import { lintDockerfile } from '../rules/engine';
import { Analyses, AnalysisSuperseded } from './analysis';
import { DocumentModels } from './document-models';
import { initialSettings } from './settings';
import { WorkspaceModels } from './workspace-models';

const STAGE = (n: number) => `FROM python:3.9-slim AS s${n}\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nCMD ["python", "manage.py", "runserver"]\n`;
const LONG = Array.from({ length: 1500 }, (_, n) => STAGE(n)).join('');
const SHORT = STAGE(0);
const URI = 'file:///tmp/analysis/Dockerfile';

function setup(onTurn: (turn: number) => void = () => undefined) {
  const empty: WorkspaceModel = { contextDir: '/tmp/analysis', project: null, files: new Set(), readFile: () => undefined };
  const workspaces = new WorkspaceModels(() => empty);
  const settings = initialSettings(undefined);
  let turns = 0;
  const analyses = new Analyses(new DocumentModels(), workspaces, () => settings, () => ['/tmp'], async () => {
    onTurn(++turns);
    await new Promise((resolve) => setImmediate(resolve));
  });
  return { analyses, turns: () => turns, workspace: empty };
}

test('a long document is linted in slices (the event loop gets turns) with the same findings as one lint', async () => {
  const { analyses, turns, workspace } = setup();
  const analysis = await analyses.analyze(TextDocument.create(URI, 'dockerfile', 1, LONG));
  assert.ok(turns() > 0, 'the lint of 6000 lines gave the event loop a turn');
  const whole = lintDockerfile(LONG, { workspace });
  assert.equal(analysis.findings.length, whole.length);
  assert.deepEqual(analysis.findings.map((f) => [f.ruleId, f.range.start.line]), whole.map((f) => [f.ruleId, f.range.start.line]));
  assert.ok(analysis.findings.some((f) => f.ruleId === 'runserver-in-production'));
});

test('a short document is linted in one go', async () => {
  const { analyses, turns } = setup();
  for (let version = 1; version <= 3; version++) await analyses.analyze(TextDocument.create(URI, 'dockerfile', version, SHORT)); // warm the code paths
  const before = turns();
  const analysis = await analyses.analyze(TextDocument.create(URI, 'dockerfile', 4, SHORT));
  assert.equal(turns(), before);
  assert.equal(analysis.version, 4);
});

test('a lint whose document changed stops at its next slice; the new version is linted', async () => {
  let analyses: Analyses | undefined;
  let second: Promise<unknown> | undefined;
  const setupResult = setup((turn) => {
    // The user types while version 1 is being linted.
    if (turn === 1) second = analyses!.analyze(TextDocument.create(URI, 'dockerfile', 2, SHORT));
  });
  analyses = setupResult.analyses;
  const first = analyses.analyze(TextDocument.create(URI, 'dockerfile', 1, LONG));
  await assert.rejects(first, AnalysisSuperseded);
  assert.equal(setupResult.turns(), 1, 'version 1 stopped at the first turn after the change');
  const newer = (await second) as { version: number };
  assert.equal(newer.version, 2);
});

test('a closed document stops its lint', async () => {
  let analyses: Analyses | undefined;
  const setupResult = setup((turn) => {
    if (turn === 1) analyses!.forget(URI);
  });
  analyses = setupResult.analyses;
  await assert.rejects(analyses.analyze(TextDocument.create(URI, 'dockerfile', 1, LONG)), AnalysisSuperseded);
});
