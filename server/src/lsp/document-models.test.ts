import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModels } from './document-models';

const doc = (name: string, version = 1, text = 'FROM python:3.13-slim\n') => TextDocument.create(`file:///w/${name}/Dockerfile`, 'dockerfile', version, text);

test('one parse per document version, a new parse for a new version', () => {
  const models = new DocumentModels();
  const first = models.get(doc('a'));
  assert.equal(models.get(doc('a')), first);
  const next = models.get(doc('a', 2, 'FROM python:3.14-slim\n'));
  assert.notEqual(next, first);
  assert.equal(next.stages[0].baseImage, 'python:3.14-slim');
});

test('only the most recently used documents keep their model; the others re-parse on demand', () => {
  const models = new DocumentModels(2);
  const a = models.get(doc('a'));
  const b = models.get(doc('b'));
  assert.equal(models.get(doc('a')), a); // a is now the most recent
  models.get(doc('c')); // evicts b, the least recently used
  assert.equal(models.get(doc('a')), a);
  const again = models.get(doc('b'));
  assert.notEqual(again, b);
  assert.deepEqual(again.stages.map((stage) => stage.baseImage), b.stages.map((stage) => stage.baseImage));
});

test('peek reuses the cached model of this version and never caches a parse of its own', () => {
  const models = new DocumentModels();
  const cached = models.get(doc('a'));
  assert.equal(models.peek(doc('a')), cached);
  const fresh = models.peek(doc('b'));
  assert.equal(fresh.stages[0].baseImage, 'python:3.13-slim');
  assert.notEqual(models.peek(doc('b')), fresh);
  assert.notEqual(models.get(doc('b')), fresh);
});
