import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { serverBindUnreachable as rule } from './server-bind-unreachable';
import { MYSITE_FILES, applyEdits, findingsOf, testWorkspace } from './testing';

const image = (lines: string) => `FROM python:3.12-slim\nRUN pip install gunicorn uvicorn daphne\n${lines}\n`;

test('gunicorn without --bind is reported on the program; the fix inserts --bind with the EXPOSEd port', () => {
  const text = image('EXPOSE 5000\nCMD ["gunicorn", "config.wsgi:application"]');
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 3);
  assert.match(finding.message, /127\.0\.0\.1:8000/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /CMD \["gunicorn", "--bind", "0\.0\.0\.0:5000", "config\.wsgi:application"\]/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('shell form and python -m gunicorn get the same treatment', () => {
  const text = image('CMD python -m gunicorn config.wsgi');
  const [finding] = findingsOf(rule, text);
  assert.match(applyEdits(text, finding.fixes![0].edits), /CMD python -m gunicorn --bind 0\.0\.0\.0:8000 config\.wsgi/);
});

test('explicit localhost binds are reported on the bind value and replaced by 0.0.0.0', () => {
  for (const [cmd, expected] of [
    ['CMD ["gunicorn", "--bind", "127.0.0.1:8000", "config.wsgi"]', '"0.0.0.0:8000"'],
    ['CMD ["gunicorn", "--bind=localhost:8000", "config.wsgi"]', '"--bind=0.0.0.0:8000"'],
    ['CMD gunicorn -b 127.0.0.1:9000 config.wsgi', '-b 0.0.0.0:9000'],
    ['CMD ["uvicorn", "config.asgi:application", "--host", "127.0.0.1"]', '"--host", "0.0.0.0"'],
  ] as const) {
    const text = image(cmd);
    const [finding] = findingsOf(rule, text);
    assert.ok(finding, cmd);
    assert.ok(applyEdits(text, finding.fixes![0].edits).includes(expected), cmd);
  }
});

test('uvicorn without --host and daphne without -b are reported', () => {
  const uvicorn = image('CMD ["uvicorn", "config.asgi:application", "--port", "8000"]');
  const [u] = findingsOf(rule, uvicorn);
  assert.match(applyEdits(uvicorn, u.fixes![0].edits), /\["uvicorn", "--host", "0\.0\.0\.0", "config\.asgi/);
  assert.equal(findingsOf(rule, image('CMD ["daphne", "config.asgi:application"]')).length, 1);
});

test('reachable configurations are not reported (false-positive traps)', () => {
  for (const lines of [
    'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi"]',
    'CMD ["gunicorn", "--bind=0.0.0.0:$PORT", "config.wsgi"]',
    'CMD gunicorn --bind :8000 config.wsgi',
    'CMD ["gunicorn", "-b", "[::]:8000", "config.wsgi"]',
    'CMD ["gunicorn", "--bind", "unix:/run/gunicorn.sock", "config.wsgi"]',
    'ENV PORT=8000\nCMD ["gunicorn", "config.wsgi"]',
    'ENV GUNICORN_CMD_ARGS="--bind=0.0.0.0:8000 --workers=3"\nCMD ["gunicorn", "config.wsgi"]',
    'CMD ["gunicorn", "-c", "/etc/gunicorn/conf.py", "config.wsgi"]',
    'CMD ["uvicorn", "config.asgi:application", "--host", "0.0.0.0"]',
    'ENV UVICORN_HOST=0.0.0.0\nCMD ["uvicorn", "config.asgi:application"]',
    'CMD ["uvicorn", "config.asgi:application", "--uds", "/run/u.sock"]',
    'CMD ["daphne", "-b", "0.0.0.0", "config.asgi:application"]',
    'CMD ["celery", "-A", "config", "worker"]',
    'CMD ["python", "manage.py", "runserver"]',
  ]) {
    assert.deepEqual(findingsOf(rule, image(lines)), [], lines);
  }
});

test('a gunicorn config in the workspace decides: with bind it is trusted, without bind the default applies', () => {
  const cmd = image('WORKDIR /app\nCOPY . .\nCMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]');
  const withBind = testWorkspace({ ...MYSITE_FILES, 'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nworkers = 3\n' });
  assert.deepEqual(findingsOf(rule, cmd, withBind), []);
  const withoutBind = testWorkspace({ ...MYSITE_FILES, 'gunicorn.conf.py': 'workers = 3\n' });
  assert.equal(findingsOf(rule, cmd, withoutBind).length, 1);
  // gunicorn reads ./gunicorn.conf.py by itself, without -c.
  const implicit = image('WORKDIR /app\nCOPY . .\nCMD ["gunicorn", "config.wsgi"]');
  assert.deepEqual(findingsOf(rule, implicit, withBind), []);
  assert.equal(findingsOf(rule, implicit, testWorkspace()).length, 1);
});

test('a literal localhost bind in the workspace gunicorn config is reported on the program; computed binds are trusted', () => {
  const cmd = image('WORKDIR /app\nCOPY . .\nCMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"]');
  const local = testWorkspace({ ...MYSITE_FILES, 'gunicorn.conf.py': 'bind = "127.0.0.1:8000"\n' });
  const [finding] = findingsOf(rule, cmd, local);
  assert.match(finding.message, /127\.0\.0\.1:8000 only/);
  assert.equal(finding.range.start.line, 4);
  const list = testWorkspace({ ...MYSITE_FILES, 'gunicorn.conf.py': "bind = ['0.0.0.0:8000']\n" });
  assert.deepEqual(findingsOf(rule, cmd, list), []);
  const computed = testWorkspace({ ...MYSITE_FILES, 'gunicorn.conf.py': 'import os\nbind = f"127.0.0.1:{os.environ.get(\'PORT\', 8000)}"\n' });
  assert.deepEqual(findingsOf(rule, cmd, computed), []);
});

test('uWSGI: a loopback socket is reported and replaced; :$PORT, 0.0.0.0, config files and no socket are clean', () => {
  for (const [cmd, expected] of [
    ['CMD ["uwsgi", "--http-socket", "127.0.0.1:8000", "--module", "config.wsgi:application"]', '"0.0.0.0:8000"'],
    ['CMD ["uwsgi", "--http=localhost:8000", "--module", "config.wsgi"]', '"--http=0.0.0.0:8000"'],
    ['CMD ["uwsgi", "--https", "127.0.0.1:8443,cert.crt,cert.key", "-w", "config.wsgi"]', '"0.0.0.0:8443,cert.crt,cert.key"'],
  ] as const) {
    const text = image(`RUN pip install uwsgi\n${cmd}`);
    const [finding, ...rest] = findingsOf(rule, text);
    assert.ok(finding, cmd);
    assert.equal(rest.length, 0, cmd);
    assert.match(finding.message, /^uwsgi listens on (127\.0\.0\.1|localhost)/);
    assert.ok(applyEdits(text, finding.fixes![0].edits).includes(expected), cmd);
  }
  assert.equal(findingsOf(rule, image('ENV UWSGI_HTTP_SOCKET=127.0.0.1:8000\nCMD ["uwsgi", "--module", "config.wsgi"]')).length, 1, 'from UWSGI_HTTP_SOCKET');
  for (const lines of [
    'ENV PORT=8000\nCMD ["sh", "-c", "exec uwsgi --http-socket \\":$PORT\\" --module config.wsgi:application --master --need-app --die-on-term"]',
    'CMD ["uwsgi", "--http-socket", "0.0.0.0:8000", "--module", "config.wsgi"]',
    'CMD ["uwsgi", "--ini", "uwsgi.ini", "--http-socket", "127.0.0.1:8000"]',
    'CMD ["uwsgi", "uwsgi.ini"]',
    'CMD ["uwsgi", "--module", "config.wsgi"]',
  ]) {
    assert.deepEqual(findingsOf(rule, image(lines)), [], lines);
  }
});
