/** A user templates folder overrides files one by one; the rest fall back to the built-in templates. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { MYSITE } from './projects';

function userTemplates(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-templates-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('an overridden .dockerignore template is used; the Dockerfile stays built-in', () => {
  const dir = userTemplates({ 'dockerignore.hbs': 'custom for {{projectName}}\n' });
  try {
    const files = renderProjectFiles(MYSITE, { templatesDir: dir, projectName: 'mysite' });
    assert.equal(files.find((f) => f.path === '.dockerignore')?.content, 'custom for mysite\n');
    assert.match(files.find((f) => f.path === 'Dockerfile')!.content, /FROM \$\{PYTHON_IMAGE\} AS runtime/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an overridden install partial replaces the built-in one inside the built-in Dockerfile', () => {
  const dir = userTemplates({ 'partials/install-pip.hbs': 'RUN pip install --require-hashes -r {{requirementsFile}}\n' });
  try {
    const dockerfile = renderProjectFiles(MYSITE, { templatesDir: dir }).find((f) => f.path === 'Dockerfile')!.content;
    assert.match(dockerfile, /RUN pip install --require-hashes -r requirements.txt/);
    assert.doesNotMatch(dockerfile, /COPY requirements.txt/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing templates folder and a template naming an unknown field are clear errors', () => {
  assert.throws(() => renderProjectFiles(MYSITE, { templatesDir: '/nonexistent/templates' }), /Templates folder not found/);
  const dir = userTemplates({ 'Dockerfile.hbs': 'FROM {{noSuchField}}\n' });
  try {
    assert.throws(() => renderProjectFiles(MYSITE, { templatesDir: dir }), /noSuchField/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
