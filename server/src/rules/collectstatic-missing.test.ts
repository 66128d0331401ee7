import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { collectstaticMissing as rule } from './collectstatic-missing';
import { MYSITE_FILES, applyEdits, djangoProject, findingsOf, testWorkspace } from './testing';

const TEXT = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 10001\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi"]\n';
const PRODUCTION = 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nSTATICFILES_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"\n';

test('manifest storage without collectstatic is reported on the CMD; the fix collects after code and deps with dummy env', () => {
  const ws = testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': PRODUCTION });
  const [finding, ...rest] = findingsOf(rule, TEXT, ws);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 5);
  assert.match(finding.message, /manifest/);
  const fixed = applyEdits(TEXT, finding.fixes![0].edits);
  assert.match(
    fixed,
    /requirements\.txt\nRUN DJANGO_SETTINGS_MODULE=config\.settings\.production DJANGO_SECRET_KEY=collectstatic-build-only python manage\.py collectstatic --noinput\nUSER/,
  );
  assert.deepEqual(findingsOf(rule, fixed, ws), []);
});

test('WhiteNoise alone (no manifest) is reported too', () => {
  const ws = testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': 'DEBUG = False\n' });
  assert.match(findingsOf(rule, TEXT, ws)[0].message, /WhiteNoise/);
});

test('collectstatic in a RUN, in an entrypoint script, WHITENOISE_USE_FINDERS, no whitenoise, celery, no workspace: clean', () => {
  const ws = testWorkspace();
  assert.deepEqual(findingsOf(rule, TEXT.replace('USER', 'RUN python manage.py collectstatic --noinput\nUSER'), ws), []);
  assert.deepEqual(findingsOf(rule, TEXT, testWorkspace({ ...MYSITE_FILES, 'docker/entrypoint.sh': '#!/bin/sh\npython manage.py collectstatic --noinput\nexec "$@"\n' })), []);
  assert.deepEqual(findingsOf(rule, TEXT, testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': 'WHITENOISE_USE_FINDERS = True\n' })), []);
  const plain = testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': 'DEBUG = False\n' }, djangoProject({ whitenoise: false }));
  assert.deepEqual(findingsOf(rule, TEXT, plain), []);
  assert.deepEqual(findingsOf(rule, TEXT.replace(/CMD .*/, 'CMD ["celery", "-A", "config", "worker"]'), ws), []);
  assert.deepEqual(findingsOf(rule, TEXT, null), []);
});

test('WhiteNoise without STATIC_ROOT: an info pointing at the settings, fixed there (not a collectstatic RUN that would fail)', () => {
  const ws = testWorkspace({ ...MYSITE_FILES, 'config/settings/production.py': 'BASE_DIR = 1\n' }, djangoProject({ staticRoot: false }));
  const [finding] = findingsOf(rule, TEXT, ws);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /no STATIC_ROOT/);
  assert.equal(finding.fixes![0].edits[0].path, '/work/ctx/config/settings/production.py');
});
