import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EcrCatalog } from '../ecr/catalog';
import { completionsAt } from './completion';
import { featureContext, memoryWorkspace, MYSITE_FILES, mysiteProject, positionAfter } from './feature-fixture';

const workspace = memoryWorkspace(MYSITE_FILES, mysiteProject());
/** Labels in the order an editor shows them (by sortText). */
const labelsAt = (text: string, marker: string, extra = {}) =>
  completionsAt(featureContext(text, workspace, extra), positionAfter(text, marker))
    .items.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
    .map((item) => item.label);

test('FROM offers official python tags with EOL and suite, and the ECR Public mirror', () => {
  const text = 'FROM pyth\n';
  const list = completionsAt(featureContext(text, workspace), positionAfter(text, 'pyth'));
  const slim = list.items.find((item) => item.label === 'python:3.13-slim-trixie');
  assert.ok(slim, 'python:3.13-slim-trixie offered');
  assert.match(slim.detail ?? '', /Python 3\.13 .*Debian 13 \(trixie\).*EOL 2029-10/);
  assert.deepEqual(slim.textEdit && 'range' in slim.textEdit ? slim.textEdit.range : null, { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
  assert.ok(list.items.some((item) => item.label === 'public.ecr.aws/docker/library/python:3.13-slim-trixie'));
  assert.ok(!list.items.some((item) => String(item.label).startsWith('python:3.9')), 'EOL 3.9 is not offered');
  assert.equal(list.isIncomplete, false);
});

test('FROM offers nothing after the image (the AS name position) nor while typing the keyword', () => {
  assert.deepEqual(labelsAt('FROM python:3.13-slim AS bu\n', 'AS bu'), []);
  assert.deepEqual(labelsAt('FROM\n', 'FROM'), []);
  assert.ok(labelsAt('FROM --platform=linux/amd64 pyt\n', ' pyt').includes('python:3.13-slim-trixie'), 'flags before the image are skipped');
});

test('FROM offers the cached ECR images, newest first, without waiting for AWS', async () => {
  const uri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mysite';
  const catalog = new EcrCatalog({
    listRepositories: async () => [{ name: 'mysite', uri, registryId: '123456789012' }],
    listImages: async () => [
      { repositoryName: 'mysite', digest: 'sha256:new', tags: ['v2'], pushedAt: new Date('2026-11-20T10:00:00Z'), sizeBytes: 52_428_800 },
      { repositoryName: 'mysite', digest: 'sha256:old', tags: ['v1'], pushedAt: new Date('2026-11-01T10:00:00Z') },
    ],
  });
  const text = 'FROM 1234\n';
  const first = completionsAt(featureContext(text, workspace, { ecr: catalog }), positionAfter(text, '1234'));
  assert.equal(first.isIncomplete, true, 'incomplete while the first listing is loading');
  assert.ok(!first.items.some((item) => String(item.label).startsWith(uri)));
  await catalog.refresh();
  const second = completionsAt(featureContext(text, workspace, { ecr: catalog }), positionAfter(text, '1234'));
  const ecr = second.items.filter((item) => String(item.label).startsWith(uri));
  assert.deepEqual(ecr.map((item) => item.label), [`${uri}:v2`, `${uri}:v1`]);
  assert.ok((ecr[0].sortText ?? '') < (ecr[1].sortText ?? ''));
  assert.match(ecr[0].detail ?? '', /pushed 2026-11-20 10:00 UTC · 50 MiB/);
  assert.equal(second.isIncomplete, false);
});

test('gunicorn in CMD (exec and shell form) offers the detected WSGI module', () => {
  assert.deepEqual(labelsAt('FROM python:3.13-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "con"]\n', '"con'), ['config.wsgi:application']);
  assert.deepEqual(labelsAt('FROM python:3.13-slim\nCMD gunicorn --workers 3 \n', '--workers 3 '), ['config.wsgi:application']);
  assert.deepEqual(labelsAt('FROM python:3.13-slim\nCMD gunicorn --bind \n', '--bind '), [], 'an option value is not the module');
  assert.deepEqual(labelsAt('FROM python:3.13-slim\nCMD ["python", "x"]\n', '"x'), [], 'no app server, no module');
});

test('a *.py assigning application is offered even when settings do not name it', () => {
  const files = { ...MYSITE_FILES, 'config/asgi.py': 'from django.core.asgi import get_asgi_application\napplication = get_asgi_application()\n' };
  const ws = memoryWorkspace(files, mysiteProject());
  const text = 'FROM python:3.13-slim\nCMD ["uvicorn", "c"]\n';
  const items = completionsAt(featureContext(text, ws), positionAfter(text, '"c')).items;
  assert.deepEqual(items.map((i) => i.label), ['config.asgi:application', 'config.wsgi:application'], 'ASGI first for uvicorn');
  assert.match(items[0].detail ?? '', /ASGI application · config\/asgi\.py/);
});

test('DJANGO_SETTINGS_MODULE= and --settings= offer settings modules, the production one first', () => {
  const labels = labelsAt('FROM python:3.13-slim\nENV DJANGO_SETTINGS_MODULE=con\n', '=con');
  assert.equal(labels[0], 'config.settings.production');
  assert.ok(labels.includes('config.settings.dev'));
  assert.ok(labelsAt('FROM python:3.13-slim\nRUN python manage.py check --settings=\n', '--settings=').includes('config.settings.base'));
  assert.equal(labelsAt('FROM python:3.13-slim\nENV DJANGO_SETTINGS_MODULE \n', 'MODULE ')[0], 'config.settings.production', 'legacy ENV form');
});

test('COPY --from= offers the names of earlier stages only', () => {
  const text = 'FROM python:3.13 AS builder\nFROM python:3.13 AS assets\nFROM python:3.13-slim\nCOPY --from= /a /b\nFROM python:3.13 AS later\n';
  assert.deepEqual(labelsAt(text, '--from='), ['assets', 'builder'], 'nearest stage first');
  const mount = 'FROM python:3.13 AS builder\nFROM python:3.13-slim\nRUN --mount=type=bind,from=,target=/w true\n';
  assert.deepEqual(labelsAt(mount, ',from='), ['builder'], 'RUN --mount from= too');
});

test('manage.py offers subcommands; exec form inserts the subcommand alone', () => {
  const shell = completionsAt(featureContext('FROM x\nRUN python manage.py col\n', workspace), positionAfter('FROM x\nRUN python manage.py col\n', 'py col'));
  const collect = shell.items.find((i) => i.label === 'collectstatic --noinput');
  assert.ok(collect);
  assert.equal(collect.textEdit?.newText, 'collectstatic --noinput');
  assert.ok(shell.items.some((i) => i.label === 'check --deploy'));
  const exec = 'FROM x\nCMD ["python", "manage.py", "mig"]\n';
  const migrate = completionsAt(featureContext(exec, workspace), positionAfter(exec, '"mig')).items.find((i) => i.label === 'migrate --noinput');
  assert.equal(migrate?.textEdit?.newText, 'migrate');
});

test('no workspace model: module completions are empty, image completions still work', () => {
  const text = 'FROM python:3.13-slim\nCMD ["gunicorn", "c"]\n';
  assert.deepEqual(completionsAt(featureContext(text, null), positionAfter(text, '"c')).items, []);
  assert.ok(completionsAt(featureContext('FROM \n', null), { line: 0, character: 5 }).items.length > 10);
});
