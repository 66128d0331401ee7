/**
 * Every feature over seeded random and mutated Dockerfiles (and the awkward inputs: BOM, CRLF,
 * heredocs, the escape directive, binary bytes, 1 MB): nothing throws, every answer is well formed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codeActionsFor } from './code-actions';
import { completionsAt } from './completion';
import { documentLinksFor } from './document-links';
import { featureContext, memoryWorkspace, MYSITE_FILES, mysiteProject } from './feature-fixture';
import { hoverAt } from './hover';
import { inlayHintsFor } from './inlay-hints';

const workspace = memoryWorkspace(MYSITE_FILES, mysiteProject());

/** mulberry32: small, seeded, reproducible. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'FROM python:3.13-slim-trixie AS builder', 'FROM builder', 'from python:3.9 as x', 'FROM ${BASE}', 'ARG BASE=python:3.12',
  'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/web:v1', 'FROM your_ecr_repository_url/app:latest',
  'COPY --from=builder /a /b', 'COPY --from= /a /b', 'COPY --from=9 . .', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/pip,from=builder pip install -r requirements.txt',
  'CMD ["gunicorn", "config.wsgi:application"]', 'CMD gunicorn --bind 0.0.0.0:8000 myproject.wsgi:application', 'ENTRYPOINT ["uvicorn", "config.asgi:application", "--host", "0.0.0.0"]',
  'ENV DJANGO_SETTINGS_MODULE=config.settings.production', 'ENV DJANGO_SETTINGS_MODULE config.settings.dev', 'RUN python manage.py collectstatic --noinput',
  'USER 10001', 'USER root', 'EXPOSE 8000', 'HEALTHCHECK CMD curl -f http://localhost:8000/', 'RUN apt-get update', 'WORKDIR /app',
  'RUN <<EOF\napt-get update\nEOF', 'RUN echo a \\\n  && echo b', '# check=skip=FromAsCasing', '# hadolint ignore=DL3002', '# syntax=docker/dockerfile:1',
  '["', '\\', '"', ':', '=', '--from=', 'CMD [', 'FROM', '', '   ', '\t',
];

function randomDockerfile(next: () => number): string {
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 14);
  for (let i = 0; i < count; i++) lines.push(PIECES[Math.floor(next() * PIECES.length)]);
  let text = lines.join(next() < 0.2 ? '\r\n' : '\n');
  // Mutations: cut, duplicate or corrupt a slice.
  const mutations = Math.floor(next() * 3);
  for (let m = 0; m < mutations && text.length; m++) {
    const at = Math.floor(next() * text.length);
    const kind = next();
    if (kind < 0.33) text = text.slice(0, at) + text.slice(at + Math.floor(next() * 20));
    else if (kind < 0.66) text = text.slice(0, at) + text.slice(at, at + 15) + text.slice(at);
    else text = text.slice(0, at) + String.fromCharCode(Math.floor(next() * 0xffff)) + text.slice(at);
  }
  if (next() < 0.1) text = `\uFEFF${text}`;
  if (next() < 0.1) text = `# escape=\`\n${text.replace(/\\\n/g, '`\n')}`;
  return text;
}

function exercise(text: string, next: () => number): void {
  const context = featureContext(text, next() < 0.8 ? workspace : null);
  const lines = text.split(/\r?\n/);
  const everything = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  for (let probe = 0; probe < 4; probe++) {
    const line = Math.floor(next() * lines.length);
    const character = Math.floor(next() * ((lines[line]?.length ?? 0) + 2));
    const position = { line, character };
    const list = completionsAt(context, position);
    assert.ok(Array.isArray(list.items));
    for (const item of list.items) assert.equal(typeof item.label, 'string');
    const hover = hoverAt(context, position);
    if (hover) assert.equal(typeof (hover.contents as { value: string }).value, 'string');
  }
  for (const hint of inlayHintsFor(context, everything)) assert.ok(hint.position.line >= 0 && hint.position.character >= 0);
  for (const link of documentLinksFor(context)) assert.ok(link.target && link.range.start.line >= 0);
  for (const action of codeActionsFor(context, everything, { documentChanges: true })) assert.ok(action.edit);
}

test('500 seeded random and mutated Dockerfiles: every feature answers', () => {
  const next = random(20261128);
  for (let i = 0; i < 500; i++) {
    const text = randomDockerfile(next);
    try {
      exercise(text, next);
    } catch (error) {
      assert.fail(`case ${i} failed on ${JSON.stringify(text)}: ${(error as Error).stack}`);
    }
  }
});

test('binary content, BOM + CRLF, and a 1 MB Dockerfile', () => {
  const next = random(7);
  const binary = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(next() * 256))).toString('latin1');
  exercise(binary, next);
  exercise('\uFEFFFROM python:3.13-slim-trixie AS b\r\nCOPY --from=b /a /b\r\nCMD ["gunicorn", "config.wsgi:application"]\r\n', next);
  const big = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `FROM python:3.13-slim-trixie AS s${i}` : i % 3 === 1 ? `COPY --from=s${i - 1} /a /b` : 'RUN gunicorn config.wsgi:application')).join('\n');
  assert.ok(big.length > 1_000_000);
  const started = Date.now();
  // Lint time is the engine's (benchmarked elsewhere); here the features' own cost is under test.
  const context = featureContext(big, workspace, { findings: [] });
  const everything = { start: { line: 0, character: 0 }, end: { line: 30_000, character: 0 } };
  assert.ok(inlayHintsFor(context, everything).length > 20_000);
  assert.ok(documentLinksFor(context).length >= 10_000);
  completionsAt(context, { line: 29_999, character: 10 });
  hoverAt(context, { line: 29_998, character: 14 });
  assert.ok(Date.now() - started < 30_000, `features took ${Date.now() - started} ms on 1 MB`);
});
