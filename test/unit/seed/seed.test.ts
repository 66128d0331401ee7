/**
 * The seed: the blog post's two Dockerfiles, linted against the real example project (examples/mysite, loaded by
 * the real project model). Every real defect must be reported on its own line, by rule id.
 * The Dockerfiles come from test/fixtures/seed (a faithful copy); when ../shared/seed is present the copy is
 * checked against the post, so the two cannot drift apart.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadWorkspaceModel } from '../../../server/src/project/load-workspace';
import type { WorkspaceModel } from '../../../server/src/project/workspace';
import { findRule, lintDockerfile, type LintFinding } from '../../../server/src/rules/engine';
import { applyEdits } from '../../../server/src/rules/testing';
import { exampleDir, repoRoot } from '../../support/testbed';
import { DJANGO_RULE_IDS } from '../django-rules/ids';

const NOW = new Date('2026-11-28T00:00:00Z');
const fixture = (name: string) => fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'seed', name), 'utf8');
const MULTI_STAGE = fixture('multi-stage.Dockerfile');
const ECR_BASE = fixture('ecr-base.Dockerfile');

/** The Dockerfiles of the post: the `<pre><code>` blocks that hold a FROM. */
function dockerfilesOfPost(markdown: string): string[] {
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...markdown.matchAll(/<code>\n([\s\S]*?)<\/code>/g)].map((m) => unescape(m[1])).filter((block) => /^FROM /m.test(block));
}

/** 0-based line of the first line matching, checked to exist so a changed fixture fails loudly. */
function lineOf(text: string, pattern: RegExp, occurrence = 0): number {
  const lines = text.split('\n').map((line, index) => ({ line, index })).filter(({ line }) => pattern.test(line));
  assert.ok(lines[occurrence], `fixture has no line ${pattern} #${occurrence}`);
  return lines[occurrence].index;
}

let workspace: WorkspaceModel;
const lint = (text: string): LintFinding[] => lintDockerfile(text, { workspace, now: NOW });
const linesOf = (findings: LintFinding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start.line);

before(async () => {
  workspace = await loadWorkspaceModel(path.join(exampleDir('mysite'), 'Dockerfile'), exampleDir('mysite'));
});

test('the workspace is the example project (config.wsgi exists, no .dockerignore)', () => {
  assert.equal(workspace.project?.wsgiApplication?.replace(/\.application$/, ':application'), 'config.wsgi:application');
  assert.ok(workspace.files.has('config/wsgi.py'));
  assert.ok(!workspace.files.has('.dockerignore'));
});

test('the fixtures are the Dockerfiles of the post (the copy kept here is the post the user starts from)', () => {
  const kept = fixture('multi-stage-build-for-django.md');
  assert.deepEqual(dockerfilesOfPost(kept), [MULTI_STAGE, ECR_BASE]);
  // Beside a checkout of the workplace, the original post must still be what the copy says.
  const original = path.resolve(repoRoot(), '..', 'shared', 'seed', 'multi-stage-build-for-django.md');
  if (fs.existsSync(original)) assert.equal(fs.readFileSync(original, 'utf8'), kept);
});

/** Each real defect of the first Dockerfile, the rule that must report it, and the line(s) it must be on. */
const DEFECTS: ReadonlyArray<{ what: string; ruleId: string; lines: () => number[] }> = [
  {
    what: 'gunicorn missing from the final stage (only site-packages copied)',
    ruleId: 'server-executable-missing',
    lines: () => [lineOf(MULTI_STAGE, /^CMD \["gunicorn"/)],
  },
  {
    what: 'placeholder WSGI module myproject.wsgi:application while the workspace has config.wsgi',
    ruleId: 'django-app-module-missing',
    lines: () => [lineOf(MULTI_STAGE, /myproject\.wsgi:application/)],
  },
  { what: 'no USER: the final stage runs as root', ruleId: 'final-stage-runs-as-root', lines: () => [lineOf(MULTI_STAGE, /^FROM python:3\.9-slim/)] },
  {
    what: 'end-of-life Python 3.9 in both stages',
    ruleId: 'python-base-eol',
    lines: () => [lineOf(MULTI_STAGE, /^FROM python:3\.9 as/), lineOf(MULTI_STAGE, /^FROM python:3\.9-slim/)],
  },
  {
    what: 'legacy `ENV KEY value`',
    ruleId: 'env-legacy-format',
    lines: () => [0, 1, 2, 3].map((n) => lineOf(MULTI_STAGE, /^ENV \w+ \S+$/, n)),
  },
  { what: '`FROM … as builder` casing', ruleId: 'from-as-casing', lines: () => [lineOf(MULTI_STAGE, /^FROM python:3\.9 as builder/)] },
  { what: 'the useless `apt-get update` layer', ruleId: 'apt-get-update-alone', lines: () => [lineOf(MULTI_STAGE, /^RUN apt-get update/)] },
  { what: '`COPY . .` without .dockerignore', ruleId: 'dockerignore-missing', lines: () => [lineOf(MULTI_STAGE, /^COPY \. \./)] },
];

for (const defect of DEFECTS) {
  test(`seed Dockerfile 1: ${defect.what} -> ${defect.ruleId} on its line`, () => {
    assert.ok(findRule(defect.ruleId), `rule ${defect.ruleId} is registered`);
    assert.deepEqual(linesOf(lint(MULTI_STAGE), defect.ruleId), defect.lines());
  });
}

test('seed Dockerfile 1: the workspace-aware rules report exactly the real defects (no false alarms)', () => {
  const cmd = lineOf(MULTI_STAGE, /^CMD /);
  const found = lint(MULTI_STAGE)
    .filter((f) => DJANGO_RULE_IDS.has(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`)
    .sort();
  // mysite serves static files with WhiteNoise's manifest storage and the seed never runs collectstatic: a real third defect.
  assert.deepEqual(found, [`collectstatic-missing@${cmd}`, `django-app-module-missing@${cmd}`, `server-executable-missing@${cmd}`]);
});

test('seed Dockerfile 1: the preferred quick fixes of the workspace-aware findings remove them', () => {
  let text = MULTI_STAGE;
  for (const ruleId of ['server-executable-missing', 'django-app-module-missing']) {
    const finding = lint(text).find((f) => f.ruleId === ruleId);
    const fix = finding?.fixes?.find((f) => f.preferred);
    assert.ok(fix, `${ruleId} offers a preferred fix`);
    text = applyEdits(text, fix.edits);
    assert.deepEqual(linesOf(lint(text), ruleId), [], `${ruleId} is gone after its fix`);
  }
  assert.match(text, /COPY --from=builder \/usr\/local\/bin \/usr\/local\/bin/);
  assert.match(text, /"config\.wsgi:application"\]/);
});

test('seed Dockerfile 2: the placeholder ECR reference is flagged on its FROM', () => {
  assert.ok(findRule('ecr-image-reference-placeholder'), 'rule ecr-image-reference-placeholder is registered');
  assert.deepEqual(linesOf(lint(ECR_BASE), 'ecr-image-reference-placeholder'), [lineOf(ECR_BASE, /^FROM your_ecr_repository_url/)]);
});

test('seed Dockerfile 2: its placeholder WSGI module is flagged too, and the unknown base is not judged', () => {
  const findings = lint(ECR_BASE);
  assert.deepEqual(linesOf(findings, 'django-app-module-missing'), [lineOf(ECR_BASE, /myproject\.wsgi/)]);
  assert.deepEqual(linesOf(findings, 'server-executable-missing'), []);
});
