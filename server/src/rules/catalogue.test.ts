import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../util/paths';
import { renderRuleCatalogue } from './catalogue';
import { allRules } from './index';

test('docs/RULES.md is the catalogue the registry renders (run node scripts/rules-doc.mjs after changing a rule)', () => {
  const published = fs.readFileSync(path.join(packageRoot(), 'docs', 'RULES.md'), 'utf8');
  assert.equal(published, renderRuleCatalogue());
});

test('every rule has a section with its doc, and ids are unique', () => {
  const catalogue = renderRuleCatalogue();
  assert.equal(new Set(allRules.map((rule) => rule.id)).size, allRules.length);
  for (const rule of allRules) {
    assert.ok(catalogue.includes(`## ${rule.id}\n`), rule.id);
    assert.ok(rule.doc.trim().length > 40, `${rule.id} has a real doc`);
  }
});
