import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { localInstallWithoutSources as rule } from './local-install-without-sources';
import { MYSITE_FILES, applyEdits, findingsOf, testWorkspace } from './testing';

const EDITABLE = { ...MYSITE_FILES, 'requirements.txt': 'Django==4.2.16\n-e .\n', 'pyproject.toml': '[project]\nname = "mysite"\n' };
const BROKEN = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nUSER 10001\nCMD ["gunicorn", "config.wsgi"]\n';

test('-e . with only requirements.txt copied: an error on the RUN; the fix copies the context first and then it is clean', () => {
  const ws = testWorkspace(EDITABLE);
  const [finding, ...rest] = findingsOf(rule, BROKEN, ws);
  assert.equal(rest.length, 0);
  assert.equal(finding.range.start.line, 3);
  assert.match(finding.message, /requirements\.txt installs `\.`.*COPY \. \./);
  const [fix] = finding.fixes!;
  assert.notEqual(fix.preferred, true, 'not the automatic fix: it trades layer caching');
  const fixed = applyEdits(BROKEN, fix.edits);
  assert.match(fixed, /COPY requirements\.txt \.\nCOPY \. \.\nRUN pip install/);
  assert.deepEqual(findingsOf(rule, fixed, ws), []);
});

test('./pkg through a nested -r file, --requirement= spelling: reported; COPY pkg/ pkg/ is the fix', () => {
  const ws = testWorkspace({
    ...MYSITE_FILES,
    'requirements.txt': '-r requirements/base.txt\n',
    'requirements/base.txt': 'Django\n--editable=./pkg\n',
    'pkg/pyproject.toml': '[project]\nname = "pkg"\n',
  });
  const text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY requirements/ requirements/\nRUN pip install --requirement=requirements.txt\n';
  const [finding] = findingsOf(rule, text, ws);
  assert.match(finding.message, /installs `\.\/pkg`.*COPY pkg\/ pkg\//);
  const fixed = applyEdits(text, finding.fixes![0].edits);
  assert.match(fixed, /COPY pkg\/ pkg\/\nRUN pip install/);
  assert.deepEqual(findingsOf(rule, fixed, ws), []);
});

test('sources copied in a parent stage, the project metadata copied, a bind mount, or no local installs: clean', () => {
  const ws = testWorkspace(EDITABLE);
  assert.deepEqual(findingsOf(rule, 'FROM python:3.12-slim AS base\nWORKDIR /app\nCOPY . .\nFROM base\nRUN pip install -r requirements.txt\n', ws), []);
  assert.deepEqual(findingsOf(rule, BROKEN.replace('COPY requirements.txt .', 'COPY requirements.txt pyproject.toml config ./'), ws), []);
  assert.deepEqual(findingsOf(rule, BROKEN.replace('RUN pip', 'RUN --mount=type=bind,target=/app pip'), ws), []);
  assert.deepEqual(findingsOf(rule, BROKEN, testWorkspace()), [], 'plain requirements');
  assert.deepEqual(findingsOf(rule, BROKEN, null), [], 'no workspace');
  assert.deepEqual(findingsOf(rule, BROKEN.replace('-r requirements.txt', 'gunicorn'), ws), [], 'no -r');
});

test('the requirements file copied elsewhere than the context mirror: still an error, but no fix (the path pip wants is not known)', () => {
  const ws = testWorkspace(EDITABLE);
  const text = 'FROM python:3.12-slim\nCOPY requirements.txt /tmp/requirements.txt\nRUN pip install -r /tmp/requirements.txt\n';
  const [finding] = findingsOf(rule, text, ws);
  assert.equal(finding.range.start.line, 2);
  assert.deepEqual(finding.fixes, []);
});

test('a COPY after the RUN does not count; a copy into another folder does not count', () => {
  const ws = testWorkspace(EDITABLE);
  assert.equal(findingsOf(rule, BROKEN, ws).length, 1, 'COPY . . after the install');
  assert.equal(findingsOf(rule, BROKEN.replace('COPY requirements.txt .', 'COPY requirements.txt .\nCOPY . /src'), ws).length, 1);
});
