import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { documentLinksFor } from './document-links';
import { featureContext, memoryWorkspace, MYSITE_FILES, mysiteProject } from './feature-fixture';

const workspace = memoryWorkspace(MYSITE_FILES, mysiteProject());
/** [line, start, end] of `token` in line `line` of text. */
const span = (text: string, line: number, token: string) => {
  const start = text.split('\n')[line].indexOf(token);
  return [line, start, start + token.length];
};
const linksOf = (text: string) => documentLinksFor(featureContext(text, workspace)).map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]);

test('module paths link to their files in the build context', () => {
  const text = 'FROM x\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCMD gunicorn config.wsgi:application\n';
  assert.deepEqual(linksOf(text), [
    [...span(text, 1, 'config.settings.production'), 'file:///work/mysite/config/settings/production.py'],
    [...span(text, 2, 'config.wsgi:application'), 'file:///work/mysite/config/wsgi.py'],
  ]);
  assert.deepEqual(linksOf('FROM x\nCMD gunicorn myproject.wsgi:application\n'), [], 'missing modules have no link');
});

test('a private ECR reference links to its console page; COPY --from images too', () => {
  const text = 'FROM 210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web:v2 AS base\nCOPY --from=210987654321.dkr.ecr.us-east-2.amazonaws.com/tools:1 /x /x\n';
  assert.deepEqual(linksOf(text), [
    [...span(text, 0, '210987654321.dkr.ecr.eu-west-1.amazonaws.com/mysite/web:v2'), 'https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/210987654321/mysite/web?region=eu-west-1'],
    [...span(text, 1, '210987654321.dkr.ecr.us-east-2.amazonaws.com/tools:1'), 'https://us-east-2.console.aws.amazon.com/ecr/repositories/private/210987654321/tools?region=us-east-2'],
  ]);
});

test('malformed or placeholder ECR references and other images get no link', () => {
  assert.deepEqual(linksOf('FROM your-aws-account-id.dkr.ecr.your-aws-region.amazonaws.com/app:latest\n'), []);
  assert.deepEqual(linksOf('FROM python:3.13-slim\n'), []);
  assert.deepEqual(linksOf('FROM 1234.dkr.ecr.us-east-1.amazonaws.com/app:latest\n'), []);
});
