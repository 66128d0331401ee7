/** Detection -> generation on the Python-choice fixtures: the base image follows the pins and Django, and says why. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { detectProjects } from '../../../server/src/project/detect';
import { packageRoot } from '../../../server/src/util/paths';

const NOW = new Date('2026-11-28T00:00:00Z');
const fixture = async (name: string) => (await detectProjects(path.join(packageRoot(), 'test', 'fixtures', 'projects', name))).projects[0];

test('Django 3.2 without a Python pin: python 3.10 (its newest), with the EOL warning and the Django upgrade path', async () => {
  const context = buildTemplateContext(await fixture('django32-unpinned'), { now: NOW });
  assert.equal(context.baseImage, 'python:3.10-slim-trixie');
  assert.ok(context.warnings.some((w) => /Python 3\.10 is end-of-life .*Upgrade path: .*Django 4\.2 LTS .*then pin Python 3\.12/.test(w)), context.warnings.join('\n'));
  assert.ok(!context.warnings.some((w) => /Nothing in the project names a Python version/.test(w)));
});

test('Django 4.2 (>=4.2,<5.0) without a Python pin: python 3.12, not the 3.14 default', async () => {
  const context = buildTemplateContext(await fixture('django42-unpinned'), { now: NOW });
  assert.equal(context.baseImage, 'python:3.12-slim-trixie');
  assert.ok(context.warnings.includes('Using Python 3.12: the newest allowed by Django 4.2 (requirements.txt: >=4.2,<5.0; Python 3.8-3.12).'), context.warnings.join('\n'));
});

test('Python 3.8 pinned: a bookworm image (3.8 has no trixie tags) and an EOL warning with the upgrade path', async () => {
  const context = buildTemplateContext(await fixture('python38-pinned'), { now: NOW });
  assert.equal(context.baseImage, 'python:3.8-slim-bookworm');
  assert.ok(context.warnings.some((w) => /Python 3\.8 is end-of-life .*Upgrade path: pin Python 3\.12 \(Django 4\.2 supports it\)/.test(w)), context.warnings.join('\n'));
  const asked = buildTemplateContext(await fixture('python38-pinned'), { now: NOW, debianSuite: 'trixie' });
  assert.equal(asked.baseImage, 'python:3.8-slim-bookworm');
  assert.ok(asked.warnings.includes('Python 3.8 has no trixie images; using bookworm.'));
});

test('.python-version 3.12 vs requires-python >=3.13: 3.13 is generated and the disagreement is a warning', async () => {
  const context = buildTemplateContext(await fixture('conflicting-python-pins'), { now: NOW });
  assert.equal(context.baseImage, 'python:3.13-slim-trixie');
  assert.ok(context.warnings.includes('Python: .python-version says 3.12 but requires-python (pyproject.toml) says ">=3.13".'), context.warnings.join('\n'));
});

test('--python and --base-image the Django cannot run on are obeyed, with a warning naming why', async () => {
  const project = await fixture('django32-unpinned');
  const explicit = buildTemplateContext(project, { now: NOW, pythonVersion: '3.13' });
  assert.equal(explicit.baseImage, 'python:3.13-slim-trixie');
  assert.ok(explicit.warnings.some((w) => /^Python 3\.13: Django 3\.2 .*cgi.*the image will not run\.$/.test(w)), explicit.warnings.join('\n'));
  const image = buildTemplateContext(project, { now: NOW, baseImage: 'python:3.12-slim-bookworm' });
  assert.ok(image.warnings.some((w) => /^Python 3\.12: Django 3\.2 .*supports Python 3\.6-3\.10\.$/.test(w)), image.warnings.join('\n'));
});

test('an unparseable .python-version is named in the warnings and the rest of the project decides', async () => {
  const project = { ...(await fixture('django42-unpinned')), pythonPins: [{ source: '.python-version', text: 'system', kind: 'exact' as const, version: null }] };
  const context = buildTemplateContext(project, { now: NOW });
  assert.equal(context.baseImage, 'python:3.12-slim-trixie');
  assert.ok(context.warnings.includes('Python: .python-version says "system", which names no Python version; it is ignored.'));
});

test('--base-image whose Python fits the pins is not called a mismatch; one outside them is', async () => {
  // conflicting-python-pins: .python-version 3.12, requires-python >=3.13 (generation picks 3.13).
  const project = await fixture('conflicting-python-pins');
  const outside = buildTemplateContext(project, { now: NOW, baseImage: 'python:3.11-slim' });
  assert.ok(outside.warnings.includes('python:3.11-slim has Python 3.11 but the project asks for 3.13.'), outside.warnings.join('\n'));
  const spec = { ...project, pythonPins: (project.pythonPins ?? []).filter((pin) => pin.kind === 'spec') };
  const fits = buildTemplateContext(spec, { now: NOW, baseImage: 'python:3.14-slim' });
  assert.ok(!fits.warnings.some((w) => /but the project asks for/.test(w)), fits.warnings.join('\n'));
});
