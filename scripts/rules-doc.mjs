#!/usr/bin/env node
// Writes docs/RULES.md from the rule registry (needs `npx tsc -p .` first: it reads out/).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { renderRuleCatalogue } = createRequire(import.meta.url)(path.join(root, 'out', 'server', 'src', 'rules', 'catalogue.js'));
fs.writeFileSync(path.join(root, 'docs', 'RULES.md'), renderRuleCatalogue());
console.log('wrote docs/RULES.md');
