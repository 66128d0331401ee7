/**
 * Language-server benchmarks: per-document diagnostic time for 40/400/4000-line Dockerfiles, ours against
 * dockerfile-utils validate() alone (in process) and against dockerfile-language-server-nodejs (over stdio),
 * and server memory after opening 200 Dockerfiles.
 */
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../server/src/rules/engine';
import { dockerfileOfLines, lineCount } from './dockerfiles';
import { StdioLanguageServer } from './lsp-driver';
import { fmtMs, medianMs, medianMsAsync, ratio } from './measure';
import type { BenchRow } from './report';

const SIZES = [40, 400, 4000];
const OURS = 'Django Container Tools';
const UTILS = 'dockerfile-utils validate()';
const RCJSUEN = 'dockerfile-language-server-nodejs';

function runsFor(lines: number): number {
  return lines >= 4000 ? 15 : lines >= 400 ? 40 : 150;
}

export async function benchLanguageServer(repoRoot: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of SIZES) {
    const text = dockerfileOfLines(size);
    const runs = runsFor(size);
    const ours = medianMs(() => void lintDockerfile(text, { workspace: null }), runs);
    const utils = medianMs(() => void validate(text), runs);
    rows.push({
      section: 'Language server: diagnostics per document (in process)',
      metric: `${lineCount(text)}-line Dockerfile`,
      values: { [OURS]: fmtMs(ours), [UTILS]: fmtMs(utils) },
      comparison: `ours/validate() time: ${(ours / utils).toFixed(2)}x (ours adds ${'Django/Python/ECR'} rules on top of the generic layer)`,
    });
  }

  const oursServer = () => new StdioLanguageServer(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio']);
  const theirServer = () => new StdioLanguageServer(process.execPath, [path.join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio']);
  const servers: Array<[string, () => StdioLanguageServer, unknown]> = [
    [OURS, oursServer, { diagnosticsDelayMs: 0 }],
    [RCJSUEN, theirServer, undefined],
  ];

  const roundTrips = new Map<string, Map<number, number>>();
  const memory = new Map<string, number>();
  for (const [name, start, initOptions] of servers) {
    const server = start();
    try {
      await server.initialize(null, initOptions);
      const times = new Map<number, number>();
      for (const size of SIZES) {
        const uri = `file:///bench/${size}/Dockerfile`;
        const text = dockerfileOfLines(size);
        await server.open(uri, text);
        let version = 1;
        // Alternate two texts so every change really changes the document.
        times.set(size, await medianMsAsync(async () => {
          version += 1;
          await server.change(uri, version, version % 2 ? text : `${text}# edit ${version}\n`);
        }, Math.max(10, Math.floor(runsFor(size) / 3))));
      }
      roundTrips.set(name, times);
    } finally {
      await server.stop();
    }
    // Memory in a fresh server, so the high-water mark of the 4000-line runs above does not count.
    const fresh = start();
    try {
      await fresh.initialize(null, initOptions);
      for (let i = 0; i < 200; i++) await fresh.open(`file:///bench/many/${i}/Dockerfile`, dockerfileOfLines(40).replace(/builder0/g, `builder${i}`));
      memory.set(name, fresh.rssBytes());
    } finally {
      await fresh.stop();
    }
  }
  for (const size of SIZES) {
    const ours = roundTrips.get(OURS)?.get(size) ?? null;
    const theirs = roundTrips.get(RCJSUEN)?.get(size) ?? null;
    rows.push({
      section: 'Language server: didChange to publishDiagnostics over stdio',
      metric: `${lineCount(dockerfileOfLines(size))}-line Dockerfile`,
      values: { [OURS]: fmtMs(ours), [RCJSUEN]: fmtMs(theirs) },
      comparison: ours && theirs ? `${RCJSUEN} takes ${ratio(ours, theirs)} our time` : '',
    });
  }
  const mib = (bytes: number | undefined) => (bytes ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a');
  rows.push({
    section: 'Language server: didChange to publishDiagnostics over stdio',
    metric: 'server RSS after opening 200 Dockerfiles',
    values: { [OURS]: mib(memory.get(OURS)), [RCJSUEN]: mib(memory.get(RCJSUEN)) },
    comparison: memory.get(OURS) && memory.get(RCJSUEN) ? `ours/theirs memory: ${((memory.get(OURS) as number) / (memory.get(RCJSUEN) as number)).toFixed(2)}x` : '',
  });
  return rows;
}
