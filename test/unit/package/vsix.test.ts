/**
 * `scripts/package.mjs` (the packaging half of `npm run package`, @vscode/vsce) builds a .vsix that holds
 * every file the manifest refers to and nothing else of the source tree, and reports it truthfully.
 * What must be inside is derived from package.json and the folders the bundles read, not listed here.
 */
import { spawnSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { filesUnder, manifestFiles, markdownLinks } from './manifest-files';

const root = process.env.DCT_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

interface Listing { vsix: string; size: number; files: { name: string; size: number }[] }

/** vsce's own metadata beside the extension folder. */
const VSCE_METADATA = ['extension.vsixmanifest', '[Content_Types].xml'];
/** Root documents vsce adds by convention (it renames README to readme.md and LICENSE to LICENSE.txt). */
const ROOT_DOCUMENTS = ['README.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'CHANGELOG.md'];

/** The name a repo file gets inside the vsix, case-folded where vsce renames it. */
function packagedName(repoPath: string): string {
  if (/^readme\.md$/i.test(repoPath)) return 'extension/readme.md';
  if (/^changelog\.md$/i.test(repoPath)) return 'extension/changelog.md';
  if (/^license(\.(md|txt))?$/i.test(repoPath)) return 'extension/LICENSE.txt';
  return `extension/${repoPath}`;
}
const canonical = (vsixName: string) => (/^extension\/(readme|changelog)\.md$/i.test(vsixName) ? vsixName.toLowerCase() : vsixName);

/** Every repo file that must be in the vsix, each with why. */
function expectedFiles(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const expected = new Map<string, string>([['package.json', 'the manifest']]);
  const referenced = manifestFiles(manifest);
  for (const file of referenced) expected.set(file, 'named in package.json');
  for (const markdown of referenced.filter((f) => f.endsWith('.md'))) {
    if (!fs.existsSync(path.join(root, markdown))) continue; // reported as missing from the repo below
    for (const linked of markdownLinks(root, markdown)) expected.set(linked, `linked from ${markdown}`);
  }
  // The client starts dist/server.js; the generator reads templates/ (partials included) at run time.
  for (const bundle of filesUnder(root, 'dist', (name) => name.endsWith('.js'))) expected.set(bundle, 'a bundle in dist/');
  for (const template of filesUnder(root, 'templates')) expected.set(template, 'a template');
  for (const document of ROOT_DOCUMENTS) if (fs.existsSync(path.join(root, document))) expected.set(document, 'root document');
  return expected;
}

describe('the packaged .vsix', () => {
  let dir: string;
  let listing: Listing;
  let stderr: string;
  let names: string[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-vsix-'));
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', path.join(dir, 'ext.vsix'), '--json'], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    listing = JSON.parse(run.stdout.trim().split('\n').pop()!) as Listing;
    stderr = run.stderr;
    names = listing.files.map((f) => canonical(f.name));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reports its real size and file count', () => {
    assert.equal(listing.size, fs.statSync(listing.vsix).size, 'reported size is the file size');
    assert.match(stderr, new RegExp(`KiB packed, ${listing.files.length} files`), 'prints the size and count');
    // Everything is bundled, so the package stays small.
    assert.ok(listing.size < 4 * 1024 * 1024, `vsix is ${listing.size} bytes, budget 4 MiB`);
  });

  test('every file package.json refers to exists in the repo and is packaged', () => {
    const expected = expectedFiles();
    assert.ok([...expected.values()].includes('named in package.json'), 'the manifest walk found the entry point and icon');
    const absent = [...expected.keys()].filter((file) => !fs.existsSync(path.join(root, file)));
    assert.deepEqual(absent, [], 'package.json (or a walkthrough page) names files that do not exist');
    const missing = [...expected].filter(([file]) => !names.includes(canonical(packagedName(file)))).map(([file, why]) => `${file} (${why})`);
    assert.deepEqual(missing, [], `missing from the vsix (check .vscodeignore); packaged: ${names.join(', ')}`);
  });

  test('nothing else of the source tree is packaged', () => {
    const allowed = new Set([...VSCE_METADATA, ...[...expectedFiles().keys()].map((file) => canonical(packagedName(file)))]);
    const sourceTree = names.filter((n) => /\.(ts|map)$/.test(n) || /^extension\/(server|client|test|out|bench|scripts|examples|docs|node_modules|\.testbed|\.vscode-test-host)\//.test(n));
    assert.deepEqual(sourceTree, [], 'no sources, maps, tests, compiled out/, node_modules or test bed');
    assert.deepEqual(names.filter((n) => !allowed.has(n)), [], 'nothing beyond what the manifest and the bundles need');
  });
});
