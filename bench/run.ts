/**
 * `npm run bench`: every benchmark, side by side with the tools users would otherwise pick, one table,
 * written to bench/RESULTS.md. Benchmarks measure; they never fail the test suite.
 * Sections needing the container test bed run only when it is up (scripts/testbed/up.sh e2e).
 */
import * as path from 'node:path';
import { benchCompletion } from './completion';
import { benchDetection } from './detect';
import { benchExtension } from './extension';
import { benchImages } from './images';
import { benchLanguageServer } from './lsp';
import { renderMarkdown, writeResults, type BenchRow } from './report';

const repoRoot = path.resolve(__dirname, '..', '..');
// Loopback only: nothing here may look for real AWS credentials or the EC2 metadata service.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const sections: Array<[string, () => Promise<BenchRow[] | { rows: BenchRow[]; notes: string[] }>]> = [
    ['lsp', () => benchLanguageServer(repoRoot)],
    ['completion', () => benchCompletion(repoRoot)],
    ['detect', () => benchDetection(repoRoot)],
    ['extension', () => benchExtension(repoRoot)],
    ['images', () => benchImages()],
  ];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const [name, run] of sections) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    try {
      const result = await run();
      if (Array.isArray(result)) rows.push(...result);
      else {
        rows.push(...result.rows);
        notes.push(...result.notes);
      }
    } catch (error) {
      notes.push(`${name}: could not run: ${(error as Error).message}`);
    }
  }
  // A partial run (`npm run bench -- lsp`) prints but keeps the last full results file.
  process.stdout.write(only.length ? renderMarkdown(rows, notes) : writeResults(rows, notes, repoRoot));
}

void main();
