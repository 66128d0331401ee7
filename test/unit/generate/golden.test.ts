/**
 * Golden files: each test/fixtures/golden/<case>/case.json (a hand-built project model + options) renders
 * exactly the files in <case>/expected/. UPDATE_GOLDEN=1 rewrites them; review the diff by eye.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { lintDockerfile } from '../../../server/src/rules/engine';
import type { GenerateOptions } from '../../../server/src/generate/options';
import type { DjangoProject } from '../../../server/src/project/types';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../../server/src/util/paths';
import { project } from './projects';

const GOLDEN = path.join(packageRoot(), 'test', 'fixtures', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

interface GoldenCase {
  description: string;
  project: Partial<DjangoProject>;
  options: GenerateOptions;
}

const cases = fs.readdirSync(GOLDEN).filter((name) => fs.existsSync(path.join(GOLDEN, name, 'case.json'))).sort();

test('golden cases exist for every dependency manager', () => {
  const managers = new Set(cases.map((name) => readCase(name).project.dependencyManager ?? 'pip'));
  assert.deepEqual([...managers].sort(), ['pdm', 'pip', 'pipenv', 'poetry', 'uv']);
});

for (const name of cases) {
  test(`golden: ${name}`, () => {
    const spec = readCase(name);
    const files = renderProjectFiles(project(spec.project), spec.options);
    const expectedDir = path.join(GOLDEN, name, 'expected');
    if (update) {
      fs.rmSync(expectedDir, { recursive: true, force: true });
      for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(expectedDir, file.path)), { recursive: true });
        fs.writeFileSync(path.join(expectedDir, file.path), file.content);
      }
    }
    const expected = fs.readdirSync(expectedDir).sort();
    assert.deepEqual(files.map((file) => file.path).sort(), expected, `${name}: rendered files differ from expected/`);
    for (const file of files) {
      assert.equal(file.content, fs.readFileSync(path.join(expectedDir, file.path), 'utf8'), `${name}/${file.path} differs (UPDATE_GOLDEN=1 to rewrite)`);
    }
  });
}

function readCase(name: string): GoldenCase {
  return JSON.parse(fs.readFileSync(path.join(GOLDEN, name, 'case.json'), 'utf8')) as GoldenCase;
}

test('every golden Dockerfile is clean under our own linter (no error or warning)', () => {
  for (const name of cases) {
    const text = fs.readFileSync(path.join(GOLDEN, name, 'expected', 'Dockerfile'), 'utf8');
    const findings = lintDockerfile(text, { workspace: null }).filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(findings.map((f) => `${f.ruleId} line ${f.range.start.line + 1}: ${f.message}`), [], `${name}/Dockerfile`);
  }
});

test('every golden compose.yaml is valid YAML with a web service built from the Dockerfile', () => {
  for (const name of cases) {
    const file = path.join(GOLDEN, name, 'expected', 'compose.yaml');
    if (!fs.existsSync(file)) continue;
    const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { services: Record<string, { build?: string; depends_on?: Record<string, { condition: string }> }> };
    assert.equal(doc.services.web.build, '.', name);
    for (const [service, dependency] of Object.entries(doc.services.web.depends_on ?? {})) {
      assert.ok(doc.services[service], `${name}: web depends on a defined service ${service}`);
      // The one-shot migrate must have finished; long-running services must be healthy.
      assert.equal(dependency.condition, service === 'migrate' ? 'service_completed_successfully' : 'service_healthy');
    }
  }
});
