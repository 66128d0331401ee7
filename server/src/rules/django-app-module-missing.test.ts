import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { djangoAppModuleMissing as rule } from './django-app-module-missing';
import { MYSITE_FILES, applyEdits, djangoProject, findingsOf, testWorkspace } from './testing';

const dockerfile = (cmd: string) => `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n${cmd}\n`;
const SEED_CMD = 'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "myproject.wsgi:application"]';

test('the seed placeholder is reported on its word with the detected module as preferred fix', () => {
  const text = dockerfile(SEED_CMD);
  const [finding, ...rest] = findingsOf(rule, text, testWorkspace());
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 4);
  assert.equal(text.split('\n')[4].slice(finding.range.start.character, finding.range.end.character), '"myproject.wsgi:application"');
  assert.match(finding.message, /placeholder.*config\.wsgi:application/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /"config\.wsgi:application"\]/);
  assert.deepEqual(findingsOf(rule, fixed, testWorkspace()), []);
});

test('a real module of the project is clean, in exec and shell form, with or without attribute', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "-w", "3", "config.wsgi:application"]'), ws), []);
  assert.deepEqual(findingsOf(rule, dockerfile('CMD gunicorn config.wsgi --bind 0.0.0.0:8000'), ws), []);
});

test('a module in a sub folder (src layout, --chdir) is found', () => {
  const files = { 'src/shop/wsgi.py': '', 'src/shop/__init__.py': '', 'manage.py': '' };
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "--chdir", "src", "shop.wsgi"]'), testWorkspace(files)), []);
});

test('a misspelt module is reported without calling it a placeholder; shell-form fix writes a bare word', () => {
  const text = dockerfile('CMD gunicorn conf.wsgi:application --bind 0.0.0.0:8000');
  const [finding] = findingsOf(rule, text, testWorkspace());
  assert.match(finding.message, /^Module `conf\.wsgi` is not in the build context \(no conf\/wsgi\.py\)/);
  assert.match(applyEdits(text, finding.fixes![0].edits), /CMD gunicorn config\.wsgi:application --bind/);
});

test('uvicorn gets the ASGI module (asgi.py beside wsgi.py when ASGI_APPLICATION is unset)', () => {
  const files = { ...MYSITE_FILES, 'config/asgi.py': '' };
  const text = dockerfile('CMD ["uvicorn", "myproject.asgi:application", "--host", "0.0.0.0"]');
  const [finding] = findingsOf(rule, text, testWorkspace(files));
  assert.match(applyEdits(text, finding.fixes![0].edits), /"config\.asgi:application"/);
  const asgiProject = testWorkspace(files, djangoProject({ asgiApplication: 'config.asgi.application' }));
  assert.equal(findingsOf(rule, text, asgiProject)[0].fixes![0].title, 'Use config.asgi:application');
});

test('a module from an installed distribution, option values and nested sh -c are not judged', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "django.core.wsgi:get_wsgi_application()"]'), ws), []);
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "config.wsgi"]'), ws), []);
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["celery", "-A", "myproject", "worker"]'), ws), []);
});

test('without a workspace only placeholders are reported, as warnings', () => {
  const [finding] = findingsOf(rule, dockerfile(SEED_CMD), null);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.fixes, []);
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "shop.wsgi"]'), null), []);
});

test('a project actually named myproject is not a placeholder', () => {
  const files = { 'myproject/wsgi.py': 'application = get_wsgi_application()\n', 'myproject/__init__.py': '', 'manage.py': '' };
  assert.deepEqual(findingsOf(rule, dockerfile(SEED_CMD), testWorkspace(files)), []);
});

test('a truncated file list (huge context) proves nothing: only placeholders are reported', () => {
  const truncated = { ...testWorkspace(), truncated: true };
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["gunicorn", "shop.wsgi"]'), truncated), []);
  assert.equal(findingsOf(rule, dockerfile(SEED_CMD), truncated).length, 1);
});

test('the module exists but not the attribute: reported, fixed with the detected application', () => {
  const text = dockerfile('CMD ["gunicorn", "config.wsgi:app"]');
  const [finding] = findingsOf(rule, text, testWorkspace());
  assert.match(finding.message, /config\/wsgi\.py defines no `app`/);
  assert.match(applyEdits(text, finding.fixes![0].edits), /"config\.wsgi:application"/);
});

test('attributes defined by def, import-as, annotation, or brought by a star import are fine', () => {
  for (const [body, spec] of [
    ['def create_app():\n    return 1\n', 'config.wsgi:create_app()'],
    ['from django.core.wsgi import get_wsgi_application as make\n', 'config.wsgi:make'],
    ['application: object = get_wsgi_application()\n', 'config.wsgi:application'],
    ['from .base import *\n', 'config.wsgi:anything'],
  ]) {
    const ws = testWorkspace({ ...MYSITE_FILES, 'config/wsgi.py': body });
    assert.deepEqual(findingsOf(rule, dockerfile(`CMD ["gunicorn", "${spec}"]`), ws), [], `${spec} with ${JSON.stringify(body)}`);
  }
});

test('uWSGI: --module / -w / --module= name the application; a placeholder is fixed in place, keeping --module=', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["uwsgi", "--http-socket", ":8000", "--module", "config.wsgi:application", "--master"]'), ws), []);
  assert.deepEqual(findingsOf(rule, dockerfile('CMD uwsgi --http-socket :8000 -w config.wsgi --master'), ws), []);
  const separate = dockerfile('CMD ["uwsgi", "--http-socket", ":8000", "--module", "myproject.wsgi:application", "--master"]');
  const [finding, ...rest] = findingsOf(rule, separate, ws);
  assert.equal(rest.length, 0);
  assert.match(finding.message, /placeholder.*config\.wsgi:application/);
  assert.match(applyEdits(separate, finding.fixes![0].edits), /"--module", "config\.wsgi:application", "--master"/);
  const joined = dockerfile('CMD ["uwsgi", "--http-socket", ":8000", "--module=myproject.wsgi:application"]');
  const [inWord] = findingsOf(rule, joined, ws);
  const fixed = applyEdits(joined, inWord.fixes![0].edits);
  assert.match(fixed, /"--module=config\.wsgi:application"\]/);
  assert.deepEqual(findingsOf(rule, fixed, ws), []);
  // A config file names the app itself: nothing to read on the command line.
  assert.deepEqual(findingsOf(rule, dockerfile('CMD ["uwsgi", "--ini", "uwsgi.ini"]'), ws), []);
});
