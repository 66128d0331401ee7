import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EcrCatalog } from '../ecr/catalog';
import { featureContext, memoryWorkspace, MYSITE_FILES, mysiteProject, positionAfter } from './feature-fixture';
import { hoverAt } from './hover';

const workspace = memoryWorkspace(MYSITE_FILES, mysiteProject());
const hoverText = (text: string, marker: string, extra = {}) => {
  const hover = hoverAt(featureContext(text, workspace, extra), positionAfter(text, marker));
  return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : null;
};

test('a finding under the cursor shows its rule doc and fix', () => {
  const value = hoverText('FROM python:3.13-slim-trixie\nCMD ["gunicorn"]\n', 'FR');
  assert.ok(value);
  assert.match(value, /\*\*The final stage runs as root\*\* `final-stage-runs-as-root`/);
  assert.match(value, /useradd --system/);
  assert.match(value, /hadolint DL3002/);
});

test('the FROM image shows Python version, suite and EOL; an EOL version says so', () => {
  const current = hoverText('FROM python:3.13-slim-trixie\nUSER 1\n', 'python:3.1');
  assert.match(current ?? '', /\*\*Python 3\.13\*\*/);
  assert.match(current ?? '', /Debian 13 \(trixie\)/);
  assert.match(current ?? '', /End of life: 2029-10/);
  assert.doesNotMatch(current ?? '', /reached/);
  const eol = hoverText('FROM python:3.9-slim\nUSER 1\n', 'python:3.');
  assert.match(eol ?? '', /End of life: 2025-10-31 \*\*\(reached/);
  assert.match(eol ?? '', /The tag floats/);
});

test('an ECR reference shows its parts, and digest/size/push/scan when cached', async () => {
  const text = 'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web:v2 AS base\nUSER 1\n';
  const plain = hoverText(text, '210987');
  assert.match(plain ?? '', /Account: `210987654321`/);
  assert.match(plain ?? '', /Region: eu-west-1/);
  assert.match(plain ?? '', /Repository: mysite\/web/);
  assert.match(plain ?? '', /Tag: v2/);
  assert.doesNotMatch(plain ?? '', /cached/);
  const source = {
    listRepositories: async () => [{ name: 'mysite/web', uri: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web', registryId: '210987654321' }],
    listImages: async () => [{ repositoryName: 'mysite/web', digest: 'sha256:abc', tags: ['v2', 'latest'], sizeBytes: 3 * 1024 * 1024, pushedAt: new Date('2026-11-27T08:00:00Z'), scanStatus: 'COMPLETE' }],
  };
  const catalog = new EcrCatalog(source, { region: 'eu-west-1' });
  await catalog.refresh();
  const cached = hoverText(text, '210987', { ecr: catalog });
  assert.match(cached ?? '', /Digest: `sha256:abc`/);
  assert.match(cached ?? '', /Size: 3\.0 MiB/);
  assert.match(cached ?? '', /Pushed at: 2026-11-27T08:00:00\.000Z/);
  assert.match(cached ?? '', /Scan status: COMPLETE/);
  const otherRegion = new EcrCatalog(source, { region: 'us-east-1' });
  await otherRegion.refresh();
  assert.doesNotMatch(hoverText(text, '210987', { ecr: otherRegion }) ?? '', /cached/, 'a listing of another region says nothing about this image');
});

test('a WSGI module shows its file; a placeholder module says it is missing', () => {
  const found = hoverText('FROM python:3.13-slim\nUSER 1\nCMD ["gunicorn", "config.wsgi:application"]\n', 'config.ws');
  assert.match(found ?? '', /Defined in \[config\/wsgi\.py\]\(file:\/\/\/work\/mysite\/config\/wsgi\.py\)/);
  const missing = hoverText('FROM python:3.13-slim\nUSER 1\nCMD gunicorn myproject.wsgi:application\n', 'myproj');
  assert.match(missing ?? '', /Not found in the build context/);
});

test('nothing to say: no hover', () => {
  assert.equal(hoverText('FROM python:3.13-slim\nUSER 1\nWORKDIR /app\n', 'WORK'), null);
});
