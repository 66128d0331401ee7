import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { allRules } from '../rules/index';
import { djangoProject, testWorkspace } from '../rules/testing';
import { serversOf, optionValues, positionalArgs, appSpecOf } from './app-server';
import { commandOf, copiesOf, envAt, processOf, segmentsOf, workdirAt, argDefaults, expandVariables, resolvePath } from './commands';
import { pathDirectories, pythonInstalls, systemPackagesInstalled } from './image-contents';
import { parseDockerfile } from './model';

const words = (text: string, index = 0) => {
  const model = parseDockerfile(text);
  const command = commandOf(model, model.ast.getInstructions()[index]);
  return command;
};

test('exec form: JSON strings with escapes and exact ranges', () => {
  const command = words('CMD ["gunicorn", "--bind", "0.0.0.0:8000", "a\\"b"]');
  assert.equal(command?.form, 'exec');
  assert.deepEqual(command?.words.map((w) => w.value), ['gunicorn', '--bind', '0.0.0.0:8000', 'a"b']);
  assert.deepEqual(command?.words[0].range, { start: { line: 0, character: 5 }, end: { line: 0, character: 15 } });
});

test('invalid JSON is shell form, as Docker treats it', () => {
  assert.equal(words("CMD ['gunicorn', 'x']")?.form, 'shell');
  assert.equal(words('CMD ["gunicorn", x]')?.form, 'shell');
});

test('shell form: quotes, operators, continuations, comment lines inside a RUN, CRLF', () => {
  const run = words('RUN apt-get update \\\n  # a comment\n  && apt-get install -y "lib pq" \\\r\n  ; echo \'a b\'|cat\n');
  assert.equal(run?.form, 'shell');
  assert.deepEqual(run?.words.map((w) => w.value), ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'lib pq', ';', 'echo', 'a b', '|', 'cat']);
  assert.deepEqual(segmentsOf(run!.words).map((s) => s[0].value), ['apt-get', 'apt-get', 'echo', 'cat']);
  const install = run!.words[3];
  assert.equal(install.range.start.line, 2);
});

test('escape directive: backtick continuations', () => {
  const model = parseDockerfile('# escape=`\nFROM python:3.12-slim\nRUN pip install `\n    gunicorn\n');
  const command = commandOf(model, model.ast.getInstructions()[1]);
  assert.deepEqual(command?.words.map((w) => w.value), ['pip', 'install', 'gunicorn']);
});

test('HEALTHCHECK: command after CMD, NONE has none', () => {
  assert.deepEqual(words('HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1')?.words.map((w) => w.value), ['curl', '-f', 'http://x/', '||', 'exit', '1']);
  assert.equal(words('HEALTHCHECK NONE'), null);
  assert.equal(words('HEALTHCHECK CMD ["python", "-c", "1"]')?.form, 'exec');
});

test('processOf: ENTRYPOINT + CMD, inheritance through FROM <stage>, a new ENTRYPOINT resets CMD', () => {
  const model = parseDockerfile('FROM python:3.12 AS base\nCMD ["gunicorn", "x.wsgi"]\nFROM base AS final\nENV A=1\n');
  assert.deepEqual(processOf(model, model.finalStage!).argv.map((w) => w.value), ['gunicorn', 'x.wsgi']);
  const reset = parseDockerfile('FROM python:3.12 AS base\nCMD ["x"]\nFROM base\nENTRYPOINT ["/entrypoint.sh"]\n');
  assert.deepEqual(processOf(reset, reset.finalStage!).argv.map((w) => w.value), ['/entrypoint.sh']);
});

test('envAt expands PATH and earlier values; legacy and quoted forms', () => {
  const model = parseDockerfile('FROM python:3.12\nENV VENV=/opt/venv\nENV PATH="$VENV/bin:$PATH" A B C\n');
  const env = envAt(model, model.finalStage!);
  assert.equal(env.get('PATH')?.value.split(':')[0], '/opt/venv/bin');
  assert.ok(env.get('PATH')?.value.endsWith(':/usr/bin:/sbin:/bin'));
  assert.deepEqual(pathDirectories(model, model.finalStage!).slice(0, 2), ['/opt/venv/bin', '/usr/local/sbin']);
  const legacy = envAt(parseDockerfile('FROM x\nENV KEY some value\n'), parseDockerfile('FROM x\nENV KEY some value\n').finalStage!);
  assert.equal(legacy.get('KEY')?.legacy, true);
  assert.equal(expandVariables('${A:-d}/${B}', new Map([['B', 'b']])), 'd/b');
});

test('WORKDIR tracking and COPY destinations, JSON COPY, --from resolved to the stage', () => {
  const model = parseDockerfile('FROM python:3.12 AS b\nFROM python:3.12\nWORKDIR /app\nWORKDIR src\nCOPY --from=b --chown=app:app /opt/venv .venv\nCOPY ["a b", "c/"]\n');
  const stage = model.finalStage!;
  assert.equal(workdirAt(model, stage), '/app/src');
  const [venv, json] = copiesOf(model, stage);
  assert.equal(venv.absoluteDestination, '/app/src/.venv');
  assert.equal(venv.fromStage?.name, 'b');
  assert.equal(venv.chown, 'app:app');
  assert.deepEqual(json.sources, ['a b']);
  assert.equal(resolvePath('/app', '../x/./y/'), '/x/y');
});

test('ARG defaults: global ARGs redeclared in the stage', () => {
  const model = parseDockerfile('ARG V=3.12\nFROM python:${V}\nARG V\nARG W=1\n');
  assert.deepEqual([...argDefaults(model, model.finalStage!)], [['V', '3.12'], ['W', '1']]);
});

test('image contents: apt packages and Python installs', () => {
  const model = parseDockerfile('FROM python:3.12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpq5=15.* curl\nRUN python -m pip install --prefix=/install -r r.txt && uv sync --locked\n');
  assert.deepEqual([...systemPackagesInstalled(model, model.finalStage!)], ['libpq5', 'curl']);
  assert.deepEqual(pythonInstalls(model, model.finalStage!).map((i) => [i.tool, i.redirected]), [['pip', true], ['uv', false]]);
});

test('app servers: wrappers, sh -c, python -m, options and the app spec', () => {
  const model = parseDockerfile('FROM python:3.12\nCMD ["tini", "--", "gunicorn", "-w", "3", "-b0.0.0.0:80", "--reload", "config.wsgi:application"]\n');
  const [server] = serversOf(model, model.finalStage!);
  assert.equal(server.kind, 'gunicorn');
  assert.deepEqual(optionValues(server, ['-b', '--bind']).map((o) => o.value), ['0.0.0.0:80']);
  assert.deepEqual(positionalArgs(server).map((w) => w.value), ['config.wsgi:application']);
  assert.equal(appSpecOf(server)?.module, 'config.wsgi');
  const nested = parseDockerfile('FROM python:3.12\nCMD ["/bin/sh", "-c", "python manage.py migrate && exec python -m uvicorn x.asgi:app"]\n');
  const [uvicorn] = serversOf(nested, nested.finalStage!);
  assert.equal(uvicorn.kind, 'uvicorn');
  assert.equal(uvicorn.viaPython, true);
  assert.equal(uvicorn.nested, true);
});

/** A small seeded generator of odd Dockerfiles: every rule must return, never throw. */
test('robustness: 400 seeded random/mutated Dockerfiles never make a rule throw', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const pieces = [
    'FROM python:3.9 as builder', 'FROM python:3.12-slim', 'FROM base AS final', 'FROM ${X}', 'FROM', 'ARG X=python:3.11',
    'CMD ["gunicorn", "--bind"', 'CMD ["gunicorn", "-b", "127.0.0.1", "x.wsgi"]', 'CMD gunicorn "unterminated', 'CMD ["sh", "-c"]',
    'ENTRYPOINT []', 'CMD', 'RUN apt-get install', 'RUN <<EOF\npip install gunicorn\nEOF', 'COPY --from=', 'COPY --from=9 / /',
    'COPY . .', 'ENV', 'ENV A', 'ENV DEBUG=True SECRET_KEY=x', 'WORKDIR', 'WORKDIR ..', 'EXPOSE', 'EXPOSE 8000/udp abc',
    'HEALTHCHECK CMD', 'HEALTHCHECK --interval=1s', 'HEALTHCHECK CMD [', 'RUN \\', '\\', '"', "'", '[', '\u0000\u00ff', '\r',
    'CMD python manage.py runserver', 'ENV DJANGO_SETTINGS_MODULE=', 'CMD ["uvicorn", "--host"]', 'RUN python -m', 'CMD ["tini", "--"]',
  ];
  const workspace = testWorkspace(undefined, djangoProject({ staticRoot: false, systemPackages: { build: [], runtime: ['libpq5'] } }));
  for (let i = 0; i < 400; i++) {
    const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(pieces)).join(pick(['\n', '\r\n', ' \\\n']));
    const model = parseDockerfile(text);
    for (const rule of allRules) {
      assert.doesNotThrow(() => rule.check({ dockerfile: model, workspace: pick([workspace, null]) }), `${rule.id} on ${JSON.stringify(text)}`);
    }
  }
});
