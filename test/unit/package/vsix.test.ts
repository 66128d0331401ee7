/** `scripts/package.mjs` builds a .vsix that holds only what runs, and reports it truthfully. */
import { spawnSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const root = process.env.DCT_REPO_ROOT ?? path.resolve(__dirname, '..', '..', '..', '..');

interface Listing { vsix: string; size: number; files: { name: string; size: number }[] }

/** What may ship: the three bundles, templates, docs, license, icon, manifest, vsce's own metadata. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|README)\.md$/,
  /^extension\/(CHANGELOG|changelog)\.md$/,
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/media\/icon\.png$/,
  /^extension\/dist\/(client|server|cli)\.js$/,
  /^extension\/templates\/.+/,
];

test('npm run package produces a vsix with only the runtime files, and prints its size', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-vsix-'));
  try {
    const out = path.join(dir, 'ext.vsix');
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--out', out, '--json'], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const listing = JSON.parse(run.stdout.trim().split('\n').pop()!) as Listing;
    assert.equal(listing.size, fs.statSync(out).size, 'reported size is the file size');
    assert.match(run.stderr, /KiB packed, \d+ files/, 'prints the size');

    const names = listing.files.map((f) => f.name);
    for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js',
      'extension/dist/cli.js', 'extension/media/icon.png']) {
      assert.ok(names.includes(required), `${required} is packaged (got ${names.join(', ')})`);
    }
    assert.ok(names.some((n) => /^extension\/LICENSE(\.txt)?$/.test(n)), 'LICENSE is packaged');
    const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'nothing but runtime files (no sources, maps, tests, node_modules)');
    if (fs.existsSync(path.join(root, 'templates'))) {
      const templates = fs.readdirSync(path.join(root, 'templates'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile()).length;
      assert.equal(names.filter((n) => n.startsWith('extension/templates/')).length, templates, 'every template is packaged');
    }
    if (fs.existsSync(path.join(root, 'README.md'))) assert.ok(names.some((n) => /^extension\/readme\.md$/i.test(n)), 'README is packaged');

    // The packaged manifest is the real one (icon and entry point resolve inside the package).
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; icon: string };
    assert.ok(names.includes(`extension/${manifest.main.replace(/^\.\//, '')}`), 'main is inside the package');
    assert.ok(names.includes(`extension/${manifest.icon}`), 'icon is inside the package');
    // Budget: everything is bundled, so the package stays small.
    assert.ok(listing.size < 4 * 1024 * 1024, `vsix is ${listing.size} bytes, budget 4 MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
