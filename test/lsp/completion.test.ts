/** Completion over stdio: workspace-aware items from the example project (ECR items: ecr.test.ts). */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { complete, labels, useExampleServer } from './support/example-server';

describe('completion in the example project', () => {
  const server = useExampleServer();

  test('gunicorn in CMD offers the detected WSGI module', async () => {
    const uri = await server.client.open('Dockerfile', 'FROM python:3.13-slim-trixie\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", ""]\n');
    const { list } = await complete(server.client, uri, 1, 45);
    assert.deepEqual(labels(list), ['config.wsgi:application']);
  });

  test('DJANGO_SETTINGS_MODULE= offers the project settings modules, production first', async () => {
    const uri = await server.client.open('Dockerfile.settings', 'FROM python:3.13-slim\nENV DJANGO_SETTINGS_MODULE=\n');
    const { list } = await complete(server.client, uri, 1, 27);
    const sorted = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    assert.equal(sorted[0], 'config.settings.production');
    assert.ok(sorted.includes('config.settings.dev'));
  });

  test('FROM offers python tags but no ECR images when AWS is not configured', async () => {
    const uri = await server.client.open('Dockerfile.from', 'FROM \n');
    const { list } = await complete(server.client, uri, 0, 5);
    assert.ok(labels(list).includes('python:3.13-slim-trixie'));
    assert.ok(!labels(list).some((label) => label.includes('.dkr.ecr.')));
    assert.equal(list.isIncomplete, false);
  });
});
