/**
 * Requirements that install local folders (`-e .`, `./pkg`, ...): detection lists them relative to the build context,
 * and the generated builder copies them before `pip install -r` and installs them as regular packages.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { detectProjectsInFiles } from '../../../server/src/project/detect';
import { memoryProjectFiles } from '../../../server/src/project/project-files';
import { project } from './projects';

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n';
const SETTINGS = 'WSGI_APPLICATION = "mysite.wsgi.application"\n';

async function detectWith(files: Record<string, string>) {
  const all = new Map(Object.entries({ 'manage.py': MANAGE, 'mysite/settings.py': SETTINGS, 'mysite/wsgi.py': 'application = 1\n', ...files }));
  const result = await detectProjectsInFiles(memoryProjectFiles(all));
  assert.equal(result.projects.length, 1);
  return result.projects[0];
}

function dockerfileOf(...args: Parameters<typeof renderProjectFiles>): string {
  const file = renderProjectFiles(...args).find((f) => f.path === 'Dockerfile');
  assert.ok(file);
  return file.content;
}

describe('detection: localInstalls', () => {
  test('every spelling of a local install, relative to the context; extras dropped; duplicates once', async () => {
    const p = await detectWith({
      'requirements.txt': ['Django==4.2.16', '-e .', '.', './pkg', '--editable=./libs/two', '-e file:./three[extra]', '-e ./pkg', '-e git+https://example.com/x.git#egg=x'].join('\n'),
      'pkg/pyproject.toml': '[project]\nname = "pkg"\ndependencies = ["whitenoise"]\n',
    });
    assert.deepEqual(p.localInstalls, ['.', 'pkg', 'libs/two', 'three']);
    assert.ok(p.dependencyFiles.includes('pkg/pyproject.toml'), 'the local package manifest is a dependency file');
    assert.ok(p.dependencies.includes('whitenoise'), "the local package's PEP 621 dependencies count");
    assert.deepEqual(p.warnings, []);
  });

  test('in a nested -r file, a local path is relative to the context root (pip resolves it against its working directory)', async () => {
    const p = await detectWith({
      'requirements.txt': '-r requirements/base.txt\n',
      'requirements/base.txt': 'Django==4.2.16\n-e .\n-e ./src/shop\n',
      'pyproject.toml': '[project]\nname = "site"\ndependencies = ["gunicorn"]\n',
    });
    assert.deepEqual(p.localInstalls, ['.', 'src/shop']);
    assert.deepEqual(p.dependencyFiles, ['requirements.txt', 'requirements/base.txt', 'pyproject.toml']);
    assert.ok(p.dependencies.includes('gunicorn'));
  });

  test('absolute paths and paths leaving the context are warned about, not listed; plain requirements give []', async () => {
    const outside = await detectWith({ 'requirements.txt': 'Django\n-e ../shared\n/opt/pkg\n' });
    assert.deepEqual(outside.localInstalls, []);
    assert.equal(outside.warnings.filter((w) => /outside the build context/.test(w)).length, 2, outside.warnings.join('\n'));
    assert.deepEqual((await detectWith({ 'requirements.txt': 'Django\ngunicorn\n' })).localInstalls, []);
  });

  test('local paths in a -c constraints file are not installs', async () => {
    const p = await detectWith({ 'requirements.txt': 'Django\n-c constraints.txt\n', 'constraints.txt': '-e .\n' });
    assert.deepEqual(p.localInstalls, []);
  });
});

describe('generation: local installs', () => {
  const plain = project();
  const editable = project({ dependencyFiles: ['requirements.txt', 'pyproject.toml'], localInstalls: ['.'] });

  test('no local installs: the requirements-only layer is unchanged (copy the file, then install)', () => {
    const text = dockerfileOf(plain, { buildkit: false });
    assert.match(text, /WORKDIR \/app\nCOPY requirements\.txt \.\/\nRUN pip install --no-cache-dir -r requirements\.txt\n/);
    assert.doesNotMatch(text, /sed -i/);
    assert.equal(buildTemplateContext(project({ localInstalls: [] })).localInstalls, null);
  });

  for (const buildkit of [true, false]) {
    test(`-e . (${buildkit ? 'BuildKit' : 'classic'}): the whole context is copied before the install, -e lines rewritten to regular installs`, () => {
      const text = dockerfileOf(editable, { buildkit });
      const mount = buildkit ? '--mount=type=cache,target=/root/.cache/pip ' : '';
      const noCache = buildkit ? '' : ' --no-cache-dir';
      const builder = text.slice(0, text.indexOf('AS runtime'));
      assert.ok(builder.includes(`COPY . ./\nRUN ${mount}sed -i -E `), builder);
      assert.ok(builder.includes(` requirements.txt \\\n    && pip install${noCache} -r requirements.txt\n`), builder);
      assert.doesNotMatch(builder, /COPY requirements\.txt/, 'the whole-context copy already brings the requirements file');
    });
  }

  test('./pkg folders: each is copied where pip expects it; every requirements file is rewritten', () => {
    const model = project({ dependencyFiles: ['requirements.txt', 'requirements/base.txt', 'libs/two/pyproject.toml'], localInstalls: ['pkg', 'libs/two'] });
    const context = buildTemplateContext(model, { buildkit: false });
    assert.deepEqual(context.localInstalls, {
      copies: [{ sources: ['libs/two/'], dest: 'libs/two/' }, { sources: ['pkg/'], dest: 'pkg/' }],
      rewrite: ['requirements.txt', 'requirements/base.txt'],
    });
    const text = dockerfileOf(model, { buildkit: false });
    assert.match(text, /COPY requirements\.txt \.\/\nCOPY requirements\/base\.txt requirements\/\n#[^\n]*\n#[^\n]*\nCOPY libs\/two\/ libs\/two\/\nCOPY pkg\/ pkg\/\nRUN sed -i -E '[^']+' requirements\.txt requirements\/base\.txt \\\n    && pip install --no-cache-dir -r requirements\.txt\n/);
  });

  test('other managers ignore localInstalls; the .dockerignore never drops a local package folder', () => {
    assert.equal(buildTemplateContext(project({ dependencyManager: 'poetry', dependencyFiles: ['pyproject.toml', 'poetry.lock'], localInstalls: ['.'] })).localInstalls, null);
    const ignored = buildTemplateContext(project({ localInstalls: ['tools'] }), { ignoreDirs: ['tools', 'junk'] }).dockerignore;
    assert.ok(ignored.includes('junk') && !ignored.includes('tools'), ignored.join('\n'));
  });

  test('the sed rewrite turns every editable local spelling into a regular path and leaves the rest alone', () => {
    const text = dockerfileOf(editable, { buildkit: false });
    const expression = /sed -i -E '([^']+)'/.exec(text)![1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-local-sed-'));
    try {
      const file = path.join(dir, 'requirements.txt');
      fs.writeFileSync(file, ['-e .', '  --editable=./pkg', '-e file:./lib', '-e file:.', '-e .[dev]', '-e git+https://x/y.git#egg=z', 'Django'].join('\n'));
      execFileSync('sed', ['-i', '-E', expression, file]);
      assert.deepEqual(fs.readFileSync(file, 'utf8').split('\n'), ['.', './pkg', './lib', '.', '.[dev]', '-e git+https://x/y.git#egg=z', 'Django']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
