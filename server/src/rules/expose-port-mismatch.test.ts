import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { exposePortMismatch as rule } from './expose-port-mismatch';
import { applyEdits, findingsOf } from './testing';

const image = (lines: string) => `FROM python:3.12-slim\nRUN pip install gunicorn\n${lines}\n`;

test('EXPOSE 8000 with gunicorn on 5000 is reported on the EXPOSE port and fixed', () => {
  const text = image('EXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:5000", "config.wsgi"]');
  const [finding, ...rest] = findingsOf(rule, text);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 2);
  assert.match(finding.message, /EXPOSE 8000 but gunicorn listens on port 5000/);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /EXPOSE 5000\n/);
  assert.deepEqual(findingsOf(rule, fixed), []);
});

test('ports resolved from ENV/ARG, uvicorn --port, runserver addrport are compared', () => {
  assert.equal(findingsOf(rule, image('ENV PORT=9000\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:$PORT", "x.wsgi"]')).length, 1);
  assert.deepEqual(findingsOf(rule, image('ENV PORT=8000\nEXPOSE $PORT\nCMD ["gunicorn", "--bind", "0.0.0.0:${PORT}", "x.wsgi"]')), []);
  assert.equal(findingsOf(rule, image('EXPOSE 8000\nCMD ["uvicorn", "x.asgi:app", "--host", "0.0.0.0", "--port", "80"]')).length, 1);
  assert.equal(findingsOf(rule, image('EXPOSE 80\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]')).length, 1);
});

test('agreement, no EXPOSE, unknown ports and ranges are clean', () => {
  for (const lines of [
    'EXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "x.wsgi"]',
    'EXPOSE 8000/tcp 9000\nCMD ["gunicorn", "--bind", "0.0.0.0:9000", "x.wsgi"]',
    'EXPOSE 8000-8010\nCMD ["gunicorn", "--bind", "0.0.0.0:8005", "x.wsgi"]',
    'CMD ["gunicorn", "--bind", "0.0.0.0:5000", "x.wsgi"]',
    'EXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:$PORT", "x.wsgi"]',
    'EXPOSE 8000\nCMD ["gunicorn", "-c", "conf.py", "x.wsgi"]',
    'EXPOSE 8000\nCMD ["uvicorn", "x.asgi:app", "--host", "0.0.0.0"]',
    'EXPOSE 8000\nCMD ["celery", "-A", "x", "worker"]',
  ]) {
    assert.deepEqual(findingsOf(rule, image(lines)), [], lines);
  }
});

test('uWSGI: the port of --http-socket (through sh -c and $PORT) is compared with EXPOSE', () => {
  const cmd = (port: string) => `ENV PORT=${port}\nEXPOSE 8000\nCMD ["sh", "-c", "exec uwsgi --http-socket \\":$PORT\\" --module x.wsgi:application --master"]`;
  assert.deepEqual(findingsOf(rule, image(cmd('8000'))), []);
  assert.equal(findingsOf(rule, image(cmd('9000'))).length, 1);
});
