/** Shared pieces of the robustness tests: a seeded PRNG, a corpus, and a lint that reports rule crashes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceModelFromFiles } from '../../../server/src/project/load-workspace';
import { lintDockerfile, type LintFinding } from '../../../server/src/rules/engine';
import { djangoProject, MYSITE_FILES } from '../../../server/src/rules/testing';
import { repoRoot } from '../../support/testbed';

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORKSPACE = workspaceModelFromFiles('/work/ctx', djangoProject(), new Map(Object.entries({ ...MYSITE_FILES, '.env': 'SECRET_KEY=x\n' })));

export function corpus(): string[] {
  const seedDir = path.join(repoRoot(), 'test', 'fixtures', 'seed');
  const seeds = fs.readdirSync(seedDir).map((name) => fs.readFileSync(path.join(seedDir, name), 'utf8'));
  return [...seeds, ...SNIPPETS];
}

const SNIPPETS = [
  '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nARG PYTHON_VERSION=3.13\nFROM python:${PYTHON_VERSION}-slim-trixie AS builder\nENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\nCOPY --from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/\nRUN --mount=type=cache,target=/root/.cache/uv --mount=type=bind,source=uv.lock,target=uv.lock uv sync --locked --no-install-project --no-dev\nFROM python:${PYTHON_VERSION}-slim-trixie\nRUN useradd --system --uid 10001 app\nCOPY --from=builder --chown=app:app /app/.venv /app/.venv\nENV PATH="/app/.venv/bin:$PATH"\nUSER app\nHEALTHCHECK --interval=30s CMD python -c "import urllib.request"\nCMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nCOPY . C:\\app\n',
  'FROM python:3.12-alpine\nRUN <<EOF\napk add --no-cache libpq\npip install --no-cache-dir psycopg[c]\nEOF\nCOPY <<EOT /app/config.py\nDEBUG = False\nEOT\nONBUILD RUN echo hi\nSTOPSIGNAL SIGTERM\nEXPOSE 8000/tcp\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nVOLUME ["/data"]\nLABEL a=b c="d e"\nMAINTAINER me\nUSER root\nENTRYPOINT ["/entrypoint"]\n',
  'FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base:1 AS base\nFROM your-aws-account-id.dkr.ecr.your-aws-region.amazonaws.com/app:latest\nENV DJANGO_SECRET_KEY=django-insecure-abc DATABASE_URL=postgres://u:p@db/x DEBUG=True ALLOWED_HOSTS=*\nCMD gunicorn myproject.wsgi\n',
  'from python:3.9 as a\nrun pip install django\nfrom a\ncopy --from=b . .\nworkdir app\ncmd python manage.py runserver\n',
];

const FRAGMENTS = [
  '\n', '\r\n', '\\\n', '`\n', ' ', '\t', '"', "'", '$', '${', '}', '[', ']', '{', '#', '=', ':', '@', '/', '--', '<<EOF\n', 'EOF\n',
  '&&', '||', ';', '|', 'FROM ', 'AS ', 'as ', 'RUN ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'USER ', 'CMD ', 'ENTRYPOINT ', 'HEALTHCHECK ',
  'ONBUILD ', 'WORKDIR ', 'EXPOSE ', '--from=', '--chown=', '--mount=type=cache,target=', 'apt-get update', 'apt-get install -y x',
  'pip install ', 'python -m pip install ', 'useradd ', 'gunicorn ', 'uvicorn ', 'manage.py ', 'collectstatic', '.dkr.ecr.', 'amazonaws.com/',
  'python:3.9', 'python:latest', 'scratch', '\u0000', '\uFEFF', '\u00e9', '\ud83d\ude00', '\ud800', '# check=skip=all\n', '# hadolint ignore=DL3002\n',
  '["a", "b"]', '[\'a\']', '0.0.0.0:8000', '127.0.0.1', 'sha256:', '*', '**', '!', '..', '~',
];

/** Applies 1-6 random edits: deletions, insertions of Dockerfile-ish fragments, line duplications and swaps, truncation. */
export function mutate(text: string, rand: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (result.length + 1));
    const kind = rand();
    if (kind < 0.3) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(rand() * 20));
    else if (kind < 0.7) result = result.slice(0, at) + FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] + result.slice(at);
    else if (kind < 0.85) {
      const lines = result.split('\n');
      const a = Math.floor(rand() * lines.length);
      const b = Math.floor(rand() * lines.length);
      if (rand() < 0.5) lines.splice(b, 0, lines[a]);
      else [lines[a], lines[b]] = [lines[b], lines[a]];
      result = lines.join('\n');
    } else result = result.slice(0, at);
  }
  return result;
}

/** A document made only of random fragments and characters. */
export function randomDocument(rand: () => number): string {
  let text = '';
  const parts = Math.floor(rand() * 80);
  for (let i = 0; i < parts; i++) {
    text += rand() < 0.7 ? FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] : String.fromCharCode(Math.floor(rand() * 0x3000));
  }
  return text;
}

export interface CheckedLint {
  findings: LintFinding[];
  ms: number;
}

/**
 * Lints and fails the test if any rule crashed (the engine logs and swallows crashes, so they are caught from
 * console.error) or if any finding has a position outside the document.
 */
export function lintChecked(text: string, label: string, options: { generic?: boolean } = {}): CheckedLint {
  const crashes: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    crashes.push(args.map(String).join(' '));
  };
  const start = performance.now();
  let findings: LintFinding[];
  try {
    findings = lintDockerfile(text, { workspace: WORKSPACE, genericRules: options.generic ?? true });
  } finally {
    console.error = original;
  }
  const ms = performance.now() - start;
  // Our rules must never crash. dockerfile-utils may (a known stack overflow of its own, caught by the engine).
  const ruleCrashes = crashes.filter((line) => !line.startsWith('generic validation (dockerfile-utils) failed: Maximum call stack'));
  assert.deepEqual(ruleCrashes, [], `${label}: a rule crashed on ${JSON.stringify(text.slice(0, 400))}`);
  const lines = text.split(/\r\n|\r|\n/);
  for (const finding of findings) {
    const { start: s, end: e } = finding.range;
    const sane =
      Number.isInteger(s.line) && Number.isInteger(s.character) && Number.isInteger(e.line) && Number.isInteger(e.character) &&
      s.line >= 0 && s.character >= 0 && s.line < lines.length + 1 && e.line < lines.length + 1 &&
      (s.line < e.line || (s.line === e.line && s.character <= e.character));
    assert.ok(sane, `${label}: ${finding.ruleId} has an impossible range ${JSON.stringify(finding.range)} in ${JSON.stringify(text.slice(0, 400))}`);
    assert.ok(typeof finding.message === 'string' && finding.message.length > 0, `${label}: ${finding.ruleId} has no message`);
  }
  return { findings, ms };
}
