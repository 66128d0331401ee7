/**
 * `npm run bench`: every benchmark, side by side with the tools users would otherwise pick, one table,
 * written to bench/RESULTS.md. Benchmarks measure; they never fail the test suite.
 * Sections needing the container test bed run only when it is up (scripts/testbed/up.sh e2e).
 */
import * as path from 'node:path';
import { benchLanguageServer } from './lsp';
import { writeResults, type BenchRow } from './report';

const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: Array<[string, () => Promise<BenchRow[]>]> = [
    ['lsp', () => benchLanguageServer(repoRoot)],
  ];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const [name, run] of sections) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    try {
      rows.push(...(await run()));
    } catch (error) {
      notes.push(`${name}: could not run: ${(error as Error).message}`);
    }
  }
  process.stdout.write(writeResults(rows, notes, repoRoot));
}

void main();
