import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { collectstaticWithoutStaticRoot as rule } from './collectstatic-without-static-root';
import { MYSITE_FILES, djangoProject, findingsOf, testWorkspace } from './testing';

const TEXT = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python manage.py collectstatic --noinput\nCMD ["gunicorn", "config.wsgi"]\n';
const noStaticRoot = (settings = 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n') =>
  testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': settings }, djangoProject({ staticRoot: false }));

test('collectstatic without STATIC_ROOT is reported on the collectstatic word; the fix appends STATIC_ROOT to the settings', () => {
  const [finding, ...rest] = findingsOf(rule, TEXT, noStaticRoot());
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 3);
  assert.equal(TEXT.split('\n')[3].slice(finding.range.start.character, finding.range.end.character), 'collectstatic');
  const [edit] = finding.fixes![0].edits;
  assert.equal(edit.path, '/work/ctx/config/settings/production.py');
  assert.equal(edit.newText, 'STATIC_ROOT = BASE_DIR / "staticfiles"\n');
  assert.deepEqual(edit.range.start, { line: 2, character: 0 });
});

test('collectstatic inside sh -c at start is found too; no BASE_DIR means an absolute path', () => {
  const text = 'FROM python:3.12-slim\nCMD ["sh", "-c", "python manage.py collectstatic --noinput && exec gunicorn config.wsgi"]\n';
  const [finding] = findingsOf(rule, text, noStaticRoot('DEBUG = False'));
  assert.equal(finding.fixes![0].edits[0].newText, '\nSTATIC_ROOT = "/app/staticfiles"\n');
});

test('STATIC_ROOT present, no collectstatic, or no project: clean', () => {
  assert.deepEqual(findingsOf(rule, TEXT, testWorkspace()), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\nCMD ["gunicorn", "config.wsgi"]\n', noStaticRoot()), []);
  assert.deepEqual(findingsOf(rule, TEXT, null), []);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim\n# collectstatic later\nRUN echo collectstatic-free\n', noStaticRoot()), []);
});
