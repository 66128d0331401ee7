import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { choosePython, djangoVerdict, pinsAllow } from './python-choice';
import type { PythonPin } from './python-version';
import { specAllowsMinor } from './version-spec';

const NOW = new Date('2026-11-28T00:00:00Z');
const exact = (version: string, source = '.python-version'): PythonPin => ({ source, text: version, kind: 'exact', version });
const spec = (text: string): PythonPin => ({ source: 'requires-python (pyproject.toml)', text, kind: 'spec', version: null });
const django = (s: string) => ({ spec: s, source: 'requirements.txt', exact: /^==(\d+\.\d+\.\d+)$/.exec(s)?.[1] ?? null });

test('specifiers at minor granularity: PEP 440 and Poetry operators, wildcards, alternatives; unreadable is null', () => {
  const allows = (s: string, ...minors: string[]) => minors.map((m) => specAllowsMinor(s, m));
  assert.deepEqual(allows('>=3.10,<3.13', '3.9', '3.10', '3.12', '3.13'), [false, true, true, false]);
  assert.deepEqual(allows('<3.12.5', '3.12', '3.13'), [true, false]);
  assert.deepEqual(allows('==3.12.*', '3.11', '3.12'), [false, true]);
  assert.deepEqual(allows('~=3.10.2', '3.10', '3.11'), [true, false]);
  assert.deepEqual(allows('^3.11', '3.10', '3.14'), [false, true]);
  assert.deepEqual(allows('~4.2', '4.2', '5.0'), [true, false]);
  assert.deepEqual(allows('!=3.12.*', '3.12', '3.13'), [false, true]);
  assert.deepEqual(allows('>=3.8,<3.9 || >=3.12', '3.8', '3.10', '3.12'), [true, false, true]);
  assert.equal(specAllowsMinor('latest', '3.12'), null);
});

test('no pin: the newest Python the Django supports (3.2 -> 3.10, 4.2 range -> 3.12), the default without Django', () => {
  assert.equal(choosePython([], django('==3.2.25'), NOW).version, '3.10');
  assert.match(choosePython([], django('==3.2.25'), NOW).reason, /Django 3\.2 \(requirements\.txt: ==3\.2\.25; Python 3\.6-3\.10\)/);
  assert.equal(choosePython([], django('>=4.2,<5.0'), NOW).version, '3.12');
  assert.equal(choosePython([], django('>=4.2'), NOW).version, '3.14', 'pip installs the newest Django');
  assert.deepEqual(choosePython([], null, NOW), { version: '3.14', reason: 'Nothing in the project names a Python version; using 3.14.', source: 'default', conflicts: [] });
});

test('a pin Django cannot run on is replaced with what builds and reported; a merely unsupported pin is kept and reported', () => {
  const broken = choosePython([exact('3.13')], django('==3.2.25'), NOW);
  assert.equal(broken.version, '3.10');
  assert.match(broken.conflicts[0], /\.python-version pins Python 3\.13 but Django 3\.2 .*cgi/);
  const kept = choosePython([exact('3.11')], django('==3.2.25'), NOW);
  assert.equal(kept.version, '3.11');
  assert.match(kept.conflicts[0], /not 3\.11; 3\.11 is kept because \.python-version pins it/);
  assert.equal(djangoVerdict(django('==6.0.1'), '3.11'), 'broken');
  assert.equal(djangoVerdict(django('==4.2.16'), '3.12'), 'supported');
  assert.equal(djangoVerdict(null, '3.12'), 'unknown');
});

test('.python-version 3.12 vs requires-python >=3.13: the nearest allowed version, with the disagreement named', () => {
  const choice = choosePython([exact('3.12'), spec('>=3.13')], null, NOW);
  assert.equal(choice.version, '3.13');
  assert.deepEqual(choice.conflicts, ['.python-version says 3.12 but requires-python (pyproject.toml) says ">=3.13".']);
  const agree = choosePython([exact('3.12'), spec('>=3.10')], null, NOW);
  assert.deepEqual([agree.version, agree.conflicts], ['3.12', []]);
  const two = choosePython([exact('3.12'), exact('3.11', 'runtime.txt')], null, NOW);
  assert.deepEqual([two.version, two.conflicts], ['3.12', ['runtime.txt says 3.11 but .python-version says 3.12.']]);
});

test('unparseable pins are named and ignored; the choice still stands on the other sources', () => {
  const choice = choosePython([{ source: '.python-version', text: 'system', kind: 'exact', version: null }, spec('not a spec')], django('==4.2.16'), NOW);
  assert.equal(choice.version, '3.12');
  assert.deepEqual(choice.conflicts, [
    '.python-version says "system", which names no Python version; it is ignored.',
    'requires-python (pyproject.toml) "not a spec" is not a version specifier; it is ignored.',
  ]);
});

test('pins that allow no Python the Django supports: the closest one they allow, with the reason named', () => {
  const poetry = choosePython([spec('^3.11')], django('==3.2.25'), NOW);
  assert.equal(poetry.version, '3.11', 'closest to Django 3.2\'s 3.10, not the newest ^3.11 allows');
  assert.match(poetry.conflicts.join('\n'), /Django 3\.2 .*supports Python 3\.6-3\.10.*allow none of those; 3\.11 is the closest/);
  assert.deepEqual(choosePython([spec('>=3.8')], django('==3.2.25'), NOW).conflicts, [], 'a pin that allows a supported Python is no conflict');
});

test('pinsAllow: a Python outside our choice still fits the pins, or does not', () => {
  assert.equal(pinsAllow([spec('^3.11')], '3.11'), true);
  assert.equal(pinsAllow([spec('^3.11')], '3.10'), false);
  assert.equal(pinsAllow([exact('3.12'), spec('>=3.10')], '3.11'), false);
  assert.equal(pinsAllow([exact('3.12'), spec('>=3.10')], '3.12'), true);
});
