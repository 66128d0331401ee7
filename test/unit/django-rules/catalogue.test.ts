/** The Django/Python rules are registered, one per file with tests beside it, and carry what hovers and docs show. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../server/src/rules/index';
import { repoRoot } from '../../support/testbed';
import { DJANGO_RULE_IDS } from './ids';


for (const id of DJANGO_RULE_IDS) {
  test(`${id}: registered once, its own file and test, a title, a doc with the fix`, () => {
    const matches = allRules.filter((rule) => rule.id === id);
    assert.equal(matches.length, 1);
    const [rule] = matches;
    assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.defaultSeverity));
    assert.ok(rule.title.length > 10 && !rule.title.includes('\n'));
    assert.match(rule.doc, /Fix/);
    for (const file of [`${id}.ts`, `${id}.test.ts`]) {
      assert.ok(fs.existsSync(path.join(repoRoot(), 'server', 'src', 'rules', file)), `server/src/rules/${file} exists`);
    }
  });
}

test('ids are unique across the whole registry', () => {
  const ids = allRules.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
});
