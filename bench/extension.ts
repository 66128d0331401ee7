/** Extension footprint: bundle sizes, the packaged .vsix, and activation time measured in the real VS Code test host. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchRow } from './report';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function treeSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((n, entry) => n + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

export async function benchExtension(repoRoot: string): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--minify'], { cwd: repoRoot, stdio: 'ignore' });
  for (const bundle of ['client.js', 'server.js', 'cli.js']) {
    rows.push({ section: 'Extension', metric: `bundle dist/${bundle} (minified)`, values: { 'Django Container Tools': kib(fs.statSync(path.join(repoRoot, 'dist', bundle)).size) } });
  }
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, stdio: 'ignore' });
    const vsix = fs.readdirSync(repoRoot).filter((f) => f.endsWith('.vsix')).map((f) => path.join(repoRoot, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    if (vsix) rows.push({ section: 'Extension', metric: '.vsix size', values: { 'Django Container Tools': kib(fs.statSync(vsix).size) } });
  } catch (error) {
    notes.push(`packaging failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const theirs = path.join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs');
  rows.push({
    section: 'Extension',
    metric: 'language server on disk',
    values: { 'Django Container Tools': kib(fs.statSync(path.join(repoRoot, 'dist', 'server.js')).size), 'dockerfile-language-server-nodejs': kib(treeSize(theirs) + ['dockerfile-language-service', 'dockerfile-utils', 'dockerfile-ast', 'vscode-languageserver', 'vscode-languageserver-types', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-languageserver-textdocument'].reduce((n, dep) => n + treeSize(path.join(repoRoot, 'node_modules', dep)), 0)) },
    comparison: 'ours: one minified bundle with the AWS SDK; theirs: the package and its runtime dependencies as installed',
  });
  const activation = path.join(repoRoot, '.testbed', 'activation-ms.json');
  if (fs.existsSync(activation)) {
    const { ms, at } = JSON.parse(fs.readFileSync(activation, 'utf8')) as { ms: number; at: string };
    rows.push({ section: 'Extension', metric: 'activation time in the real VS Code test host', values: { 'Django Container Tools': `${ms.toFixed(0)} ms` }, comparison: `measured by the integration run at ${at}` });
  } else {
    notes.push('activation time: run `npm run test:integration` first; it records .testbed/activation-ms.json');
  }
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'ignore' });
  return { rows, notes };
}
