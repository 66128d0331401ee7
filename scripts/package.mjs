#!/usr/bin/env node
// `npm run package`: packs the (already built, minified) extension into a .vsix with @vscode/vsce
// and prints what went in and how big it is. The file list is decided by .vscodeignore (an allow-list):
// dist/{client,server,aws-sdk,cli}.js, templates/, the walkthrough pages, README, LICENSE, the icon and package.json.
// Usage: node scripts/package.mjs [--out FILE.vsix] [--json]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const json = args.includes('--json');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(flag('--out') ?? path.join(root, `${pkg.name}-${pkg.version}.vsix`));
const say = (line) => (json ? process.stderr : process.stdout).write(`${line}\n`);

for (const bundle of ['dist/client.js', 'dist/server.js', 'dist/aws-sdk.js', 'dist/cli.js']) {
  if (!fs.existsSync(path.join(root, bundle))) {
    console.error(`package: ${bundle} is missing; run \`npm run build -- --minify\` first (or \`npm run package\`)`);
    process.exit(1);
  }
}

// Bundled by esbuild, so node_modules stays out (--no-dependencies); vsce reads .vscodeignore.
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
  cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
});
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  console.error(`package: vsce failed (exit ${result.status})`);
  process.exit(1);
}

const entries = listZip(fs.readFileSync(out));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
say(`${path.relative(process.cwd(), out) || out}: ${kib(fs.statSync(out).size)} packed, ${entries.length} files`);
for (const e of entries) say(`  ${e.name.padEnd(48)} ${kib(e.size).padStart(11)}`);
if (json) process.stdout.write(JSON.stringify({ vsix: out, size: fs.statSync(out).size, files: entries }) + '\n');

/** Names and uncompressed sizes from a zip's central directory (what `unzip -l` shows). */
function listZip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    files.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLen), size });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}
