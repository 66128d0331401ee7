/**
 * Detection -> generation on every detection fixture: whatever the project model says, the generator either
 * renders files our own linter finds clean (with the workspace: the generated .dockerignore and the project's
 * files, as the language server would see them), or refuses with a GenerateError that says why.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { GenerateError } from '../../../server/src/generate/options';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { detectProjects } from '../../../server/src/project/detect';
import { loadWorkspaceModel } from '../../../server/src/project/load-workspace';
import { lintDockerfile } from '../../../server/src/rules/engine';
import { packageRoot } from '../../../server/src/util/paths';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'projects');
const dirs = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((name) => fs.statSync(path.join(FIXTURES, name)).isDirectory()).sort() : [];

for (const name of dirs) {
  test(`detected projects in fixtures/projects/${name} generate clean files`, async (t) => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-gen-fixture-'));
    t.after(() => fs.rmSync(copy, { recursive: true, force: true }));
    fs.cpSync(path.join(FIXTURES, name), copy, { recursive: true });
    const { projects } = await detectProjects(copy);
    for (const project of projects) {
      let files;
      try {
        files = renderProjectFiles(project, { compose: true });
      } catch (error) {
        assert.ok(error instanceof GenerateError, `${project.root}: ${String(error)}`);
        assert.ok(error.message.length > 20);
        continue;
      }
      const dockerfile = files.find((f) => f.path === 'Dockerfile')!.content;
      for (const file of files) fs.writeFileSync(path.join(copy, project.root, file.path), file.content);
      const workspace = await loadWorkspaceModel(path.join(copy, project.root, 'Dockerfile'), path.join(copy, project.root));
      const findings = lintDockerfile(dockerfile, { workspace })
        .filter((f) => f.severity === 'error' || f.severity === 'warning')
        // An EOL Python the project asks for is written (generate warns with the upgrade path): lint warns, never errs.
        .filter((f) => !(f.ruleId === 'python-base-eol' && f.severity === 'warning' && f.message.includes('upgrade path')));
      assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${name}/${project.root}`);
      assert.match(dockerfile, /^USER 10001:10001$/m);
      for (const file of project.dependencyFiles) {
        // `COPY . ./` (requirements that install the project itself, -e .) brings every file into the builder.
        const wholeContext = /^COPY \. \.\/$/m.test(dockerfile);
        assert.ok(wholeContext || dockerfile.includes(file) || !/\.(txt|lock|toml)$|Pipfile/.test(file) || file.endsWith('.in'), `${file} is copied into the builder`);
      }
      const compose = parse(files.find((f) => f.path === 'compose.yaml')!.content) as { services: Record<string, unknown> };
      assert.ok(compose.services.web);
    }
  });
}
