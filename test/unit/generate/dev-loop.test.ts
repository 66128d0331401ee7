/** generate --dev-loop: the dev stage leaves the production stage untouched, compose.debug.yaml, launch.json merging. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { ATTACH_CONFIGURATION_NAME, mergeLaunchJson } from '../../../server/src/generate/dev-loop';
import { GenerateError } from '../../../server/src/generate/options';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { MYSITE, project } from './projects';

function file(devLoop: boolean, name: string, model = MYSITE): string {
  const found = renderProjectFiles(model, { devLoop }).find((f) => f.path === name);
  assert.ok(found, `${name} rendered`);
  return found.content;
}

/** From the runtime stage's FROM to the end: what `docker build` without --target produces. */
function runtimeStage(dockerfile: string): string {
  const start = dockerfile.indexOf('FROM ${PYTHON_IMAGE} AS runtime');
  assert.ok(start > 0, 'runtime stage present');
  return dockerfile.slice(start);
}

for (const [label, model] of [['mysite', MYSITE], ['plain project', project()]] as const) {
  test(`${label}: the production (final) stage is byte-for-byte the same with and without --dev-loop`, () => {
    const without = file(false, 'Dockerfile', model);
    const withDevLoop = file(true, 'Dockerfile', model);
    assert.notEqual(withDevLoop, without);
    assert.equal(runtimeStage(withDevLoop), runtimeStage(without));
    assert.doesNotMatch(runtimeStage(withDevLoop), /debugpy/);
    assert.doesNotMatch(without, /debugpy|AS dev/);
  });
}

test('the dev stage installs debugpy and runs runserver under it as the non-root user', () => {
  const dockerfile = file(true, 'Dockerfile');
  const dev = dockerfile.slice(dockerfile.indexOf('FROM builder AS dev'), dockerfile.indexOf('FROM ${PYTHON_IMAGE} AS runtime'));
  assert.match(dev, /ARG DEBUGPY_VERSION=\d+\.\d+\.\d+\n/);
  assert.match(dev, /pip --python \/opt\/venv\/bin\/python install .*"debugpy==\$\{DEBUGPY_VERSION\}"/);
  assert.match(dev, /\nUSER 10001:10001\n/);
  assert.match(dev, /EXPOSE 8000 5678/);
  const cmd = JSON.parse(/\nCMD (.*)\n/.exec(dev)?.[1] ?? 'null') as string[];
  assert.deepEqual(cmd.slice(0, 2), ['sh', '-c']);
  assert.equal(cmd[2], 'exec python -m debugpy --listen 0.0.0.0:5678 manage.py runserver 0.0.0.0:$PORT');
});

test('compose.debug.yaml builds target dev, bind-mounts the source, publishes 5678 and turns DEBUG on', () => {
  assert.equal(renderProjectFiles(MYSITE, {}).some((f) => f.path === 'compose.debug.yaml'), false);
  const compose = parseYaml(file(true, 'compose.debug.yaml')) as { services: { web: Record<string, any> } };
  const web = compose.services.web;
  assert.deepEqual(web.build, { context: '.', target: 'dev' });
  assert.deepEqual(web.ports, ['8000:8000', '5678:5678']);
  assert.deepEqual(web.volumes, ['.:/app']);
  assert.equal(web.environment.DEBUG, '1');
  assert.doesNotMatch(file(true, 'Dockerfile').slice(file(true, 'Dockerfile').indexOf('AS runtime')), /DEBUG=/);
});

interface Launch {
  version: string;
  configurations: { name: string; type: string; request?: string; connect?: unknown; pathMappings?: unknown }[];
}
const launch = (text: string): Launch => parseJsonc(text) as Launch;

test('launch.json: a new file holds only the attach configuration', () => {
  const parsed = launch(mergeLaunchJson(null, '/app'));
  assert.equal(parsed.version, '0.2.0');
  assert.deepEqual(parsed.configurations.map((c) => [c.name, c.type, c.request]), [[ATTACH_CONFIGURATION_NAME, 'debugpy', 'attach']]);
  assert.deepEqual(parsed.configurations[0].connect, { host: 'localhost', port: 5678 });
  assert.deepEqual(parsed.configurations[0].pathMappings, [{ localRoot: '${workspaceFolder}', remoteRoot: '/app' }]);
});

const EXISTING = `{
  // Use IntelliSense to learn about possible attributes.
  "version": "0.2.0",
  "configurations": [
    /* the team's server */
    { "name": "Run server", "type": "debugpy", "request": "launch", "program": "manage.py", "args": ["runserver"] },
  ],
}
`;

test('launch.json: existing configurations and comments are kept, ours appended once; a rerun adds no duplicate', () => {
  const once = mergeLaunchJson(EXISTING, '/app');
  assert.match(once, /\/\/ Use IntelliSense to learn about possible attributes\./);
  assert.match(once, /\/\* the team's server \*\//);
  assert.deepEqual(launch(once).configurations.map((c) => c.name), ['Run server', ATTACH_CONFIGURATION_NAME]);
  const twice = mergeLaunchJson(once, '/app');
  assert.equal(twice, once);
});

test('launch.json: a changed WORKDIR replaces our configuration in place instead of adding a second one', () => {
  const moved = launch(mergeLaunchJson(mergeLaunchJson(EXISTING, '/app'), '/srv'));
  assert.deepEqual(moved.configurations.map((c) => c.name), ['Run server', ATTACH_CONFIGURATION_NAME]);
  assert.deepEqual(moved.configurations[1].pathMappings, [{ localRoot: '${workspaceFolder}', remoteRoot: '/srv' }]);
});

test('launch.json without configurations or version gets both; a broken file is refused, not overwritten', () => {
  const parsed = launch(mergeLaunchJson('{\n  // nothing yet\n}\n', '/app'));
  assert.equal(parsed.version, '0.2.0');
  assert.deepEqual(parsed.configurations.map((c) => c.name), [ATTACH_CONFIGURATION_NAME]);
  assert.throws(() => mergeLaunchJson('{ "configurations": [ }', '/app'), GenerateError);
  assert.throws(() => mergeLaunchJson('[]', '/app'), GenerateError);
});
