/** Hover over stdio: rule docs on a diagnostic, the Python base image, the WSGI module's file. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hoverText, useExampleServer } from './support/example-server';

const TEXT = 'FROM python:3.9-slim\nWORKDIR /app\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]\n';

let uri: string;
const server = useExampleServer({}, async ({ client }) => {
  uri = await client.open('Dockerfile', TEXT);
});

const hover = (line: number, character: number) => hoverText(server.client, uri, line, character);

test('the base image shows its Python version and end of life, with the rule doc of the finding there', async () => {
  const value = await hover(0, 8);
  assert.ok(value);
  assert.match(value, /\*\*Python 3\.9\*\*/);
  assert.match(value, /End of life: 2025-10-31 \*\*\(reached/);
  assert.match(value, /`final-stage-runs-as-root`/, 'the finding on FROM brings its doc');
});

test('the WSGI module shows the file that defines it', async () => {
  const value = await hover(2, 50);
  assert.ok(value);
  assert.match(value, /Defined in \[config\/wsgi\.py\]\(file:\/\/.*\/config\/wsgi\.py\)/);
});

test('no hover where there is neither a finding, an image nor a module', async () => {
  const published = await server.client.diagnostics(uri);
  assert.ok(!published.diagnostics.some((d) => d.range.start.line <= 1 && d.range.end.line >= 1), 'precondition: nothing reported on WORKDIR');
  assert.equal(await hover(1, 3), null);
});
