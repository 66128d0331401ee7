/** Golden detection: every folder of test/fixtures/projects holds an expected.json written by hand. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detectProjects } from '../../../server/src/project/detect';
import type { DjangoProject } from '../../../server/src/project/types';
import { packageRoot } from '../../../server/src/util/paths';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'projects');

interface Expected {
  /** Each project as detected, except `warnings`, which lists substrings of the expected warnings in order. */
  projects: DjangoProject[];
  warnings: string[];
}

function assertWarnings(actual: string[], expectedParts: string[], where: string): void {
  assert.equal(actual.length, expectedParts.length, `${where}: warnings ${JSON.stringify(actual)}`);
  expectedParts.forEach((part, i) => assert.ok(actual[i].includes(part), `${where}: warning "${actual[i]}" lacks "${part}"`));
}

const fixtureNames = fs.readdirSync(FIXTURES).filter((name) => fs.existsSync(path.join(FIXTURES, name, 'expected.json'))).sort();

describe('detectProjects on fixture layouts', () => {
  it('has at least 15 fixtures', () => assert.ok(fixtureNames.length >= 15, fixtureNames.join(', ')));

  for (const name of fixtureNames) {
    it(name, async () => {
      const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const result = await detectProjects(path.join(FIXTURES, name));
      assert.deepEqual(result.projects.map((p) => p.root), expected.projects.map((p) => p.root), 'project roots');
      result.projects.forEach((project, i) => {
        const { warnings: expectedWarnings, ...expectedRest } = expected.projects[i];
        const { warnings, ...rest } = project;
        assert.deepEqual(rest, expectedRest, `${name}: project ${project.root}`);
        assertWarnings(warnings, expectedWarnings, `${name}: project ${project.root}`);
      });
      assertWarnings(result.warnings, expected.warnings, name);
    });
  }
});
