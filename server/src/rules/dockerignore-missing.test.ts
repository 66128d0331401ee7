import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dockerignoreMissing } from './dockerignore-missing';
import { DockerIgnore } from './support/dockerignore';
import { findingsOf, MYSITE_FILES, testWorkspace } from './testing';

const DOCKERFILE = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\n';

test('COPY . . with no .dockerignore: warning on the COPY, fix creates a Django .dockerignore', () => {
  const found = findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace());
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 3);
  assert.equal(found[0].severity, undefined);
  const edit = found[0].fixes![0].edits[0];
  assert.equal(edit.path, '/work/ctx/.dockerignore');
  assert.equal(edit.create, true);
  const created = { ...MYSITE_FILES, '.dockerignore': edit.newText };
  assert.deepEqual(findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace(created)), []);
});

test('a .env in the context makes it an error', () => {
  const found = findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace({ ...MYSITE_FILES, '.env': 'SECRET_KEY=x\n' }));
  assert.equal(found[0].severity, 'error');
  assert.match(found[0].message, /\.env/);
});

test('an incomplete .dockerignore gets the missing lines appended', () => {
  const files = { ...MYSITE_FILES, '.dockerignore': '.git\n__pycache__\n', 'db.sqlite3': '' };
  const found = findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace(files));
  assert.equal(found.length, 1);
  assert.match(found[0].message, /\.env, a virtualenv, db\.sqlite3, media uploads/);
  const edit = found[0].fixes![0].edits[0];
  assert.equal(edit.create, undefined);
  assert.deepEqual(edit.range.start, { line: 2, character: 0 });
  const fixed = { ...files, '.dockerignore': files['.dockerignore'] + edit.newText };
  assert.deepEqual(findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace(fixed)), []);
});

test('traps: no workspace, no whole-context COPY, COPY --from=. , and glob/negation patterns', () => {
  assert.deepEqual(findingsOf(dockerignoreMissing, DOCKERFILE, null), []);
  assert.deepEqual(findingsOf(dockerignoreMissing, 'FROM python:3.13\nCOPY app/ /app/\nCOPY --from=builder . /app\n', testWorkspace()), []);
  const ignore = '**/.env*\n.git/\n/venv\n.venv\n*.sqlite3\nmedia/**\n';
  assert.deepEqual(findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace({ ...MYSITE_FILES, '.dockerignore': ignore })), []);
  const reincluded = ignore + '!.env\n';
  assert.equal(findingsOf(dockerignoreMissing, DOCKERFILE, testWorkspace({ ...MYSITE_FILES, '.dockerignore': reincluded })).length, 1);
});

test('DockerIgnore matching follows Docker semantics', () => {
  const ignore = new DockerIgnore('# comment\n**/__pycache__\n*.pyc\nmedia\n!media/keep.txt\n/.git\n');
  assert.equal(ignore.excludes('app/__pycache__/x.pyc'), true);
  assert.equal(ignore.excludes('__pycache__'), true);
  assert.equal(ignore.excludes('x.pyc'), true);
  assert.equal(ignore.excludes('app/x.pyc'), false, '*.pyc is anchored at the context root');
  assert.equal(ignore.excludes('media/a.png'), true);
  assert.equal(ignore.excludes('media/keep.txt'), false);
  assert.equal(ignore.excludes('.git/config'), true);
  assert.equal(ignore.excludes('manage.py'), false);
});
