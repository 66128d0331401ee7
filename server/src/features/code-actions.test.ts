import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { lintDockerfile } from '../rules/engine';
import type { LintFinding } from '../rules/engine';
import { codeActionsFor } from './code-actions';
import { featureContext } from './feature-fixture';

const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

/** Applies an action's edits to the Dockerfile text (the only document these actions touch). */
function applied(text: string, action: CodeAction): string {
  const changes = action.edit?.documentChanges as TextDocumentEdit[];
  assert.equal(changes.length, 1);
  assert.equal(changes[0].textDocument.version, 1, 'edits are tied to the linted version');
  return TextDocument.applyEdits(TextDocument.create('file:///x/Dockerfile', 'dockerfile', 1, text), changes[0].edits as TextEdit[]);
}

const ruleIds = (text: string) => lintDockerfile(text, { workspace: null, genericRules: false }).map((f) => f.ruleId);
const actionsFor = (text: string, ruleId: string) => {
  const context = featureContext(text, null);
  const finding = context.findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} expected in ${context.findings.map((f) => f.ruleId)}`);
  return codeActionsFor(context, finding.range, { documentChanges: true }).filter((a) => a.diagnostics?.[0].code === ruleId);
};

test("a rule's fix becomes a versioned edit that removes the finding", () => {
  const text = 'FROM python:3.13-slim-trixie as build\nFROM python:3.13-slim-trixie\nUSER 10001\n';
  const [fix] = actionsFor(text, 'from-as-casing');
  assert.equal(fix.title, "Write 'AS'");
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.kind, 'quickfix');
  const fixed = applied(text, fix);
  assert.match(fixed, /^FROM python:3\.13-slim-trixie AS build\n/);
  assert.ok(!ruleIds(fixed).includes('from-as-casing'));
});

test('suppress for this instruction uses the hadolint form when the rule has a hadolint id', () => {
  const text = 'FROM python:3.13-slim-trixie\nCMD ["python"]\n';
  const action = actionsFor(text, 'final-stage-runs-as-root').find((a) => a.title === 'Suppress final-stage-runs-as-root for this instruction');
  assert.ok(action);
  const suppressed = applied(text, action);
  assert.equal(suppressed, '# hadolint ignore=DL3002\nFROM python:3.13-slim-trixie\nCMD ["python"]\n');
  assert.ok(!ruleIds(suppressed).includes('final-stage-runs-as-root'));
});

test('suppress for this instruction extends an existing comment above, else writes check=skip', () => {
  const text = 'FROM python:3.13-slim-trixie AS base\nUSER 1\n# hadolint ignore=DL3008\nFROM base as final\n';
  const action = actionsFor(text, 'from-as-casing').find((a) => a.title.endsWith('for this instruction'));
  assert.ok(action);
  const suppressed = applied(text, action);
  assert.match(suppressed, /\n# hadolint ignore=DL3008\n# check=skip=FromAsCasing\nFROM base as final\n/);
  assert.ok(!ruleIds(suppressed).includes('from-as-casing'));

  const withHadolint = 'FROM python:3.13-slim-trixie AS base\nRUN true\n# hadolint ignore=DL3008\nFROM base\nCMD ["python"]\n';
  const root = actionsFor(withHadolint, 'final-stage-runs-as-root').find((a) => a.title.endsWith('for this instruction'));
  assert.match(applied(withHadolint, root!), /\n# hadolint ignore=DL3008,DL3002\nFROM base\n/);
});

test('suppress for this file merges into the check directive at the top, or adds one', () => {
  const text = '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM python:3.13-slim-trixie as build\nFROM build AS final\nUSER 1\n';
  const action = actionsFor(text, 'from-as-casing').find((a) => a.title === 'Suppress from-as-casing for this file');
  assert.ok(action);
  const suppressed = applied(text, action);
  assert.match(suppressed, /^# syntax=docker\/dockerfile:1\n# check=skip=JSONArgsRecommended,FromAsCasing\nFROM/);
  assert.ok(!ruleIds(suppressed).includes('from-as-casing'));

  const bare = 'FROM python:3.13-slim-trixie as build\nFROM build AS final\nUSER 1\n';
  const added = applied(bare, actionsFor(bare, 'from-as-casing').find((a) => a.title.endsWith('for this file'))!);
  assert.match(added, /^# check=skip=FromAsCasing\nFROM python/);
});

test('an instruction-level check=skip below the parser directives is kept out of them', () => {
  const text = '# syntax=docker/dockerfile:1\nFROM python:3.13-slim-trixie as build\nFROM build AS final\nUSER 1\n';
  const action = actionsFor(text, 'from-as-casing').find((a) => a.title.endsWith('for this instruction'));
  const suppressed = applied(text, action!);
  assert.equal(suppressed, '# syntax=docker/dockerfile:1\n\n# check=skip=FromAsCasing\nFROM python:3.13-slim-trixie as build\nFROM build AS final\nUSER 1\n');
});

test('CRLF files get CRLF comment lines', () => {
  const text = 'FROM python:3.13-slim-trixie\r\nCMD ["python"]\r\n';
  const action = actionsFor(text, 'final-stage-runs-as-root').find((a) => a.title.endsWith('for this instruction'));
  assert.match(applied(text, action!), /^# hadolint ignore=DL3002\r\nFROM/);
});

test('edits to another file create it when asked, as documentChanges; without documentChanges the fix is left out', () => {
  const text = 'FROM python:3.13-slim-trixie\nUSER 1\nCOPY . .\n';
  const finding: LintFinding = {
    ruleId: 'dockerignore-missing',
    message: 'COPY . . without .dockerignore',
    severity: 'warning',
    source: 'django-container',
    range: { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } },
    fixes: [{ title: 'Create .dockerignore', edits: [{ path: '/work/mysite/.dockerignore', create: true, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.git\n.env\n' }] }],
  };
  const context = { ...featureContext(text, null), findings: [finding] };
  const [create] = codeActionsFor(context, finding.range, { documentChanges: true });
  assert.equal(create.title, 'Create .dockerignore');
  const changes = create.edit?.documentChanges as Array<CreateFile | TextDocumentEdit>;
  assert.deepEqual(changes[0], { kind: 'create', uri: 'file:///work/mysite/.dockerignore', options: { ignoreIfExists: true } });
  assert.deepEqual((changes[1] as TextDocumentEdit).textDocument, { uri: 'file:///work/mysite/.dockerignore', version: null });
  assert.equal(((changes[1] as TextDocumentEdit).edits[0] as TextEdit).newText, '.git\n.env\n');
  const plain = codeActionsFor(context, finding.range, { documentChanges: false });
  assert.ok(!plain.some((a) => a.title === 'Create .dockerignore'));
});

test('only findings touching the requested range get actions; context.only filters kinds', () => {
  const text = 'FROM python:3.13-slim-trixie as build\nFROM build AS final\nUSER 1\n';
  const context = featureContext(text, null);
  assert.deepEqual(codeActionsFor(context, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, { documentChanges: true }), []);
  assert.ok(codeActionsFor(context, everything, { documentChanges: true }).length > 0);
  assert.deepEqual(codeActionsFor(context, everything, { documentChanges: true, only: ['refactor'] }), []);
});
