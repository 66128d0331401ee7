import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EcrCatalog } from '../ecr/catalog';
import { featureContext, memoryWorkspace, MYSITE_FILES, mysiteProject } from './feature-fixture';
import { inlayHintsFor } from './inlay-hints';

const workspace = memoryWorkspace(MYSITE_FILES, mysiteProject());
const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
/** [line, end column] of `token` in line `line` of text: where a hint after it goes. */
const after = (text: string, line: number, token: string) => [line, text.split('\n')[line].indexOf(token) + token.length];
const hintsOf = (text: string, extra = {}) =>
  inlayHintsFor(featureContext(text, workspace, extra), all).map((h) => [h.position.line, h.position.character, h.label]);

test('FROM gets the resolved Python version, suite and EOL; an EOL version is marked', () => {
  assert.deepEqual(hintsOf('FROM python:3.13-slim-trixie\n'), [[0, 28, 'Python 3.13 · trixie · EOL 2029-10']]);
  assert.deepEqual(hintsOf('FROM python:3.9-slim\n'), [[0, 20, 'Python 3.9 · trixie · EOL since 2025-10-31 ⚠']]);
  assert.deepEqual(hintsOf('ARG PY=3.12\nFROM python:${PY}-slim-bookworm\n'), [[1, 31, 'Python 3.12 · bookworm · EOL 2028-10']], 'ARG resolved');
  assert.deepEqual(hintsOf('FROM debian:trixie-slim\n'), [], 'no hint for images we know nothing about');
});

test('an ECR reference gets account and region, plus the last push when cached', async () => {
  const text = 'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web:v2\n';
  const end = after(text, 0, ':v2');
  assert.deepEqual(hintsOf(text), [[...end, '210987654321 · eu-west-1']]);
  const catalog = new EcrCatalog({
    listRepositories: async () => [{ name: 'mysite/web', uri: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web', registryId: '210987654321' }],
    listImages: async () => [{ repositoryName: 'mysite/web', digest: 'sha256:abc', tags: ['v2'], pushedAt: new Date('2026-11-27T21:00:00Z') }],
  });
  await catalog.refresh();
  assert.deepEqual(hintsOf(text, { ecr: catalog }), [[...end, '210987654321 · eu-west-1 · pushed 3 h ago']]);
});

test('the WSGI module and the settings module get their files', () => {
  const text = 'FROM x\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCMD ["gunicorn", "config.wsgi:application"]\n';
  assert.deepEqual(hintsOf(text), [
    [...after(text, 1, 'production'), '→ config/settings/production.py'],
    [...after(text, 2, 'wsgi:application'), '→ config/wsgi.py'],
  ]);
  assert.deepEqual(hintsOf('FROM x\nCMD gunicorn myproject.wsgi:application\n'), [], 'a missing module gets no file hint');
});

test("COPY --from=<stage> gets that stage's base image", () => {
  const text = 'FROM python:3.13-slim-trixie AS builder\nFROM debian:trixie-slim\nCOPY --from=builder /opt/venv /opt/venv\nCOPY --from=0 /a /b\n';
  const hints = hintsOf(text).filter(([line]) => Number(line) >= 2);
  assert.deepEqual(hints, [
    [...after(text, 2, '--from=builder'), '← python:3.13-slim-trixie'],
    [...after(text, 3, '--from=0'), '← python:3.13-slim-trixie'],
  ]);
});

test('only hints inside the requested range are returned', () => {
  const text = 'FROM python:3.13-slim-trixie\nFROM python:3.12-slim-trixie\n';
  const hints = inlayHintsFor(featureContext(text, workspace), { start: { line: 1, character: 0 }, end: { line: 1, character: 99 } });
  assert.deepEqual(hints.map((h) => h.position.line), [1]);
});
