/** Inputs editors really send: 1 MB files, binary content, CRLF, BOM, heredocs, the escape directive. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { corpus, lintChecked, random } from './support';

/** The seed's multi-stage Dockerfile (python:3.9, legacy ENV, the useless apt layer…). */
const seed = corpus().find((text) => text.includes('FROM python:3.9 as builder'))!;
const idsAndLines = (text: string) =>
  lintChecked(text, 'compare').findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();

test('a 1 MB Dockerfile of many stages lints in bounded time and still finds things', () => {
  let text = '';
  while (text.length < 1_000_000) text += seed + '\n';
  const { findings, ms } = lintChecked(text, '1MB stages');
  assert.ok(findings.some((f) => f.ruleId === 'python-base-eol'));
  assert.ok(ms < 60_000, `took ${ms.toFixed(0)} ms`);
});

test('a 1 MB single-line RUN, and a RUN of 20k continuation lines, lint in bounded time', () => {
  const oneLine = 'FROM python:3.13-slim\nRUN ' + 'echo abc && '.repeat(90_000) + 'apt-get update\nUSER 1\n';
  const found = lintChecked(oneLine, '1MB one line');
  assert.ok(found.findings.some((f) => f.ruleId === 'apt-get-update-alone'));
  assert.ok(found.ms < 60_000, `took ${found.ms.toFixed(0)} ms`);
  const continued = 'FROM python:3.13-slim\nRUN ' + 'echo abc \\\n && '.repeat(20_000) + 'true\nUSER 1\n';
  assert.ok(lintChecked(continued, 'continuations').ms < 60_000);
});

test('binary content (random bytes, an image file) is linted without crashing', () => {
  const rand = random(7);
  for (let i = 0; i < 20; i++) {
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256)));
    lintChecked(bytes.toString('latin1'), `binary latin1 #${i}`);
    lintChecked(bytes.toString('utf8'), `binary utf8 #${i}`);
  }
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 0)]);
  lintChecked(png.toString('utf8'), 'png');
});

test('CRLF and a BOM give the same findings on the same lines as the plain file', () => {
  const plain = idsAndLines(seed);
  assert.ok(plain.length > 5);
  assert.deepEqual(idsAndLines(seed.replace(/\n/g, '\r\n')), plain);
  assert.deepEqual(idsAndLines('\uFEFF' + seed), plain);
});

test('heredocs: commands inside are analysed, the body is not mistaken for instructions', () => {
  const text = 'FROM python:3.13-slim\nRUN <<EOF\napt-get update\nFROM python:3.9\nEOF\nCOPY <<EOT /app/x\nUSER root\nEOT\nUSER 10001\n';
  const ids = lintChecked(text, 'heredoc').findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
  assert.ok(ids.includes('apt-get-update-alone@2'), ids.join());
  assert.ok(!ids.some((id) => id.startsWith('python-base-eol')), 'FROM inside a heredoc is text');
  assert.ok(!ids.some((id) => id.startsWith('final-stage-runs-as-root')), 'USER root inside a heredoc is text');
});

test('the escape directive: backtick continuations are followed like backslashes', () => {
  const text = '# escape=`\nFROM python:3.13-slim\nRUN apt-get update `\n    && apt-get clean\nUSER 10001\n';
  const ids = lintChecked(text, 'escape').findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
  assert.deepEqual(ids, ['apt-get-update-alone@2']);
});

test("dockerfile-utils' own stack overflow (` x $R` before any FROM) costs only the generic findings", () => {
  const text = ' x $R\nFROM python:3.9\nENV A 1\n';
  const ids = lintChecked(text, 'dockerfile-utils overflow').findings.map((f) => f.ruleId);
  assert.ok(ids.includes('python-base-eol') && ids.includes('env-legacy-format'), ids.join());
});
