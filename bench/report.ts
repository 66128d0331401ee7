/** One table of results, printed and written to bench/RESULTS.md with the date and the machine. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface BenchRow {
  section: string;
  metric: string;
  /** Contender name -> measured value (already formatted), in column order. */
  values: Record<string, string>;
  /** e.g. "ours 3.1x faster than dockerfile-utils"; empty when no comparison applies. */
  comparison?: string;
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function renderMarkdown(rows: BenchRow[], notes: string[]): string {
  const lines = [`# Benchmark results`, '', `- Date: ${new Date().toISOString()}`, `- Machine: ${machineLine()}`, `- Command: \`npm run bench\``, ''];
  const sections = [...new Set(rows.map((row) => row.section))];
  for (const section of sections) {
    const sectionRows = rows.filter((row) => row.section === section);
    const contenders = [...new Set(sectionRows.flatMap((row) => Object.keys(row.values)))];
    lines.push(`## ${section}`, '', `| metric | ${contenders.join(' | ')} | comparison |`, `|---|${contenders.map(() => '---').join('|')}|---|`);
    for (const row of sectionRows) {
      lines.push(`| ${row.metric} | ${contenders.map((c) => row.values[c] ?? '–').join(' | ')} | ${row.comparison ?? ''} |`);
    }
    lines.push('');
  }
  if (notes.length) lines.push('## Notes', '', ...notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

export function writeResults(rows: BenchRow[], notes: string[], repoRoot: string): string {
  const markdown = renderMarkdown(rows, notes);
  fs.writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), markdown);
  return markdown;
}
