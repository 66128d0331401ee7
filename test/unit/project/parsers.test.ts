/** The small parsers behind detection: requirement lines, version specifiers, INI values, string literals. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { minimalVersionFromSpecifier, versionFromText } from '../../../server/src/project/python-version';
import { parsePython, stringValue, findAll } from '../../../server/src/project/python';
import { normaliseName, parseRequirement, parseRequirementsText } from '../../../server/src/project/requirements';
import { iniValue } from '../../../server/src/project/settings-module';
import { toCallable } from '../../../server/src/project/settings';
import { collectSystemPackages, SYSTEM_PACKAGES } from '../../../server/src/project/system-packages';

describe('requirements', () => {
  it('normalises names per PEP 503', () => {
    assert.equal(normaliseName('Django_Environ'), 'django-environ');
    assert.equal(normaliseName('zope.Interface'), 'zope-interface');
    assert.equal(normaliseName('a--b__c'), 'a-b-c');
  });

  it('reads names and extras from PEP 508 strings', () => {
    assert.deepEqual(parseRequirement('psycopg[C, pool]>=3.1; python_version >= "3.8"'), { name: 'psycopg', extras: ['c', 'pool'] });
    assert.deepEqual(parseRequirement('whitenoise @ https://example.com/w.whl'), { name: 'whitenoise', extras: [] });
    assert.equal(parseRequirement('>=1.0'), undefined);
  });

  it('parses requirements files: comments, continuations, options, includes, editables', () => {
    const content = parseRequirementsText([
      '# comment',
      '--index-url https://example.com/simple',
      '-r base.txt',
      '--requirement=extra.txt',
      '-c constraints.txt',
      'Django>=4.2 # LTS',
      'gunicorn==23.0.0 \\',
      '    --hash=sha256:abc',
      '-e git+https://example.com/repo.git#egg=my_lib',
      '-e .',
      './local-package',
      'https://example.com/pkg.zip#egg=zipped',
      'mysqlclient',
    ].join('\n'));
    assert.deepEqual(content.includes, ['base.txt', 'extra.txt']);
    assert.deepEqual(content.constraints, ['constraints.txt']);
    assert.deepEqual(content.requirements.map((r) => r.name), ['django', 'gunicorn', 'my-lib', 'zipped', 'mysqlclient']);
    assert.deepEqual(content.localPaths, ['.', './local-package']);
  });
});

describe('Python versions', () => {
  it('takes the lowest major.minor of a specifier', () => {
    const cases: Array<[string, string | null]> = [
      ['>=3.11', '3.11'], ['==3.12.*', '3.12'], ['^3.11', '3.11'], ['~3.10', '3.10'], ['~=3.10.2', '3.10'],
      ['>=3.10,<3.13', '3.10'], ['<4', null], ['>3.10', '3.11'], ['>3.10.1', '3.10'], ['3.11.*', '3.11'],
      ['>=3.9, !=3.9.1', '3.9'], ['>=3', null], ['', null],
    ];
    for (const [spec, want] of cases) assert.equal(minimalVersionFromSpecifier(spec), want, spec);
  });

  it('reads versions from free text', () => {
    assert.equal(versionFromText('python-3.11.4'), '3.11');
    assert.equal(versionFromText('3.12'), '3.12');
    assert.equal(versionFromText('pypy3.10'), '3.10');
    assert.equal(versionFromText('cpython@3.13.1'), '3.13');
    assert.equal(versionFromText('system'), null);
  });
});

describe('Python source reading', () => {
  it('decodes string literals, raw and concatenated, and refuses f-strings', () => {
    const mod = parsePython('a = r"x\\y"\nb = "a" \'b\'\nc = f"{x}"\nd = """q\\tz"""\n');
    const values = findAll(mod, 'AssignStatement').map((stmt) => stringValue(mod, stmt.lastChild));
    assert.deepEqual(values, ['x\\y', 'ab', undefined, 'q\tz']);
  });

  it('reports the first syntax error line', () => {
    assert.equal(parsePython('x = 1\ny = (\n').errorLine !== null, true);
    assert.equal(parsePython('x = 1\n').errorLine, null);
  });

  it('turns dotted WSGI paths into module:callable', () => {
    assert.equal(toCallable('config.wsgi.application'), 'config.wsgi:application');
    assert.equal(toCallable('config.asgi:app'), 'config.asgi:app');
    assert.equal(toCallable('application'), null);
    assert.equal(toCallable(null), null);
  });

  it('reads INI sections the way pytest does', () => {
    const text = '[metadata]\nDJANGO_SETTINGS_MODULE = wrong\n[tool:pytest]\n; comment\nDJANGO_SETTINGS_MODULE = right.settings\n';
    assert.equal(iniValue(text, 'tool:pytest', 'DJANGO_SETTINGS_MODULE'), 'right.settings');
    assert.equal(iniValue(text, 'pytest', 'DJANGO_SETTINGS_MODULE'), undefined);
  });
});

describe('system packages', () => {
  it('distinguishes psycopg flavours and merges rows', () => {
    const none = collectSystemPackages([{ name: 'psycopg2-binary', extras: [] }, { name: 'psycopg', extras: ['binary'] }, { name: 'pillow', extras: [] }], false);
    assert.deepEqual(none, { build: [], runtime: [] });
    const plain = collectSystemPackages([{ name: 'psycopg', extras: [] }], false);
    assert.deepEqual(plain, { build: [], runtime: ['libpq5'] });
    const compiled = collectSystemPackages([{ name: 'psycopg', extras: ['c'] }, { name: 'psycopg2', extras: [] }, { name: 'mysqlclient', extras: [] }], false);
    assert.deepEqual(compiled, { build: ['default-libmysqlclient-dev', 'gcc', 'libc6-dev', 'libpq-dev', 'pkg-config'], runtime: ['libmariadb3', 'libpq5'] });
  });

  it('pairs every compiler with the C library headers (gcc only recommends libc6-dev; slim images lack it)', () => {
    const compiling = Object.entries(SYSTEM_PACKAGES).filter(([, row]) => row.build.some((p) => p === 'gcc' || p === 'g++'));
    assert.ok(compiling.length >= 5, 'the table has compiling rows');
    for (const [name, row] of compiling) assert.ok(row.build.includes('libc6-dev'), `${name}: ${row.build.join(' ')}`);
  });
});
