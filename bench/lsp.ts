/**
 * Language-server benchmarks: per-document diagnostic time for 40/400/4000-line Dockerfiles, ours against
 * dockerfile-utils validate() alone (in process) and against dockerfile-language-server-nodejs (over stdio,
 * p50 and p90 after the same warm-up, the two servers measured in alternation so a busy machine slows both
 * alike), server memory
 * after opening 200 Dockerfiles, and how many checks each side runs.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { validate } from 'dockerfile-utils';
import { lintDockerfile } from '../server/src/rules/engine';
import { genericRuleIds } from '../server/src/rules/generic/dockerfile-utils';
import { allRules } from '../server/src/rules/index';
import { dockerfileOfLines, lineCount } from './dockerfiles';
import { StdioLanguageServer } from './lsp-driver';
import { fmtMs, median, percentile, samplesMs } from './measure';
import type { BenchRow } from './report';

const SIZES = [40, 400, 4000];
const OURS = 'Django Container Tools';
const UTILS = 'dockerfile-utils validate()';
const RCJSUEN = 'dockerfile-language-server-nodejs';
const STDIO = 'Language server: didChange to publishDiagnostics over stdio';

function runsFor(lines: number): number {
  return lines >= 4000 ? 15 : lines >= 400 ? 40 : 150;
}

/** Round trips per server and size: enough for a p90 that is not just the worst sample. */
function roundTripsFor(lines: number): number {
  return lines >= 4000 ? 20 : lines >= 400 ? 60 : 150;
}

/**
 * Unmeasured changes first, the same number for both servers: the bench measures a server in use, after the JIT
 * has compiled what typing runs (about a second of linting). With 3 the rows measured V8 still optimising:
 * background compilation then took a third of the CPU, more for the side with more code to compile.
 */
function warmUpRoundsFor(lines: number): number {
  return lines >= 4000 ? 5 : lines >= 400 ? 30 : 100;
}

const times = (ours: number, theirs: number) => `ours/theirs: ${(ours / theirs).toFixed(2)}x`;

export async function benchLanguageServer(repoRoot: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of SIZES) {
    const text = dockerfileOfLines(size);
    const runs = runsFor(size);
    const ours = samplesMs(() => void lintDockerfile(text, { workspace: null }), runs);
    const utils = samplesMs(() => void validate(text), runs);
    for (const [label, of] of [['p50', median], ['p90', (samples: number[]) => percentile(samples, 90)]] as const) {
      rows.push({
        section: 'Language server: diagnostics per document (in process)',
        metric: `${lineCount(text)}-line Dockerfile, ${label}`,
        values: { [OURS]: fmtMs(of(ours)), [UTILS]: fmtMs(of(utils)) },
        comparison: `${times(of(ours), of(utils))} (ours adds Django/Python/ECR rules on top of the generic layer)`,
      });
    }
  }

  const starts: Record<string, () => StdioLanguageServer> = {
    [OURS]: () => new StdioLanguageServer(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio']),
    [RCJSUEN]: () => new StdioLanguageServer(process.execPath, [path.join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio']),
  };
  const initOptions: Record<string, unknown> = { [OURS]: { diagnosticsDelayMs: 0 }, [RCJSUEN]: undefined };
  const names = [OURS, RCJSUEN];

  const samples = new Map<string, Map<number, number[]>>(names.map((name) => [name, new Map()]));
  const servers = names.map((name) => starts[name]());
  try {
    await Promise.all(servers.map((server, i) => server.initialize(null, initOptions[names[i]])));
    for (const size of SIZES) {
      const uri = `file:///bench/${size}/Dockerfile`;
      const text = dockerfileOfLines(size);
      for (const server of servers) await server.open(uri, text);
      let version = 1;
      const rounds = roundTripsFor(size);
      for (let round = -warmUpRoundsFor(size); round < rounds; round++) {
        version += 1;
        // Alternate two texts so every change really changes the document.
        const next = version % 2 ? text : `${text}# edit ${version}\n`;
        // One change each per round, in alternating order, so neither side always goes first.
        const order = round % 2 ? [0, 1] : [1, 0];
        for (const i of order) {
          const start = performance.now();
          await servers[i].change(uri, version, next);
          const elapsed = performance.now() - start;
          if (round < 0) continue; // warm-up
          const bySize = samples.get(names[i]) as Map<number, number[]>;
          bySize.set(size, [...(bySize.get(size) ?? []), elapsed]);
        }
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }

  // Memory in a fresh server each, so the high-water mark of the 4000-line runs above does not count.
  const memory = new Map<string, number>();
  for (const name of names) {
    const fresh = starts[name]();
    try {
      await fresh.initialize(null, initOptions[name]);
      for (let i = 0; i < 200; i++) await fresh.open(`file:///bench/many/${i}/Dockerfile`, dockerfileOfLines(40).replace(/builder0/g, `builder${i}`));
      memory.set(name, fresh.rssBytes());
    } finally {
      await fresh.stop();
    }
  }

  for (const size of SIZES) {
    const ours = samples.get(OURS)?.get(size);
    const theirs = samples.get(RCJSUEN)?.get(size);
    for (const [label, of] of [['p50', median], ['p90', (values: number[]) => percentile(values, 90)]] as const) {
      const a = ours ? of(ours) : null;
      const b = theirs ? of(theirs) : null;
      rows.push({
        section: STDIO,
        metric: `${lineCount(dockerfileOfLines(size))}-line Dockerfile, ${label} of ${ours?.length ?? 0}`,
        values: { [OURS]: fmtMs(a), [RCJSUEN]: fmtMs(b) },
        comparison: a && b ? times(a, b) : '',
      });
    }
  }
  const mib = (bytes: number | undefined) => (bytes ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a');
  const oursRss = memory.get(OURS);
  const theirRss = memory.get(RCJSUEN);
  rows.push({
    section: STDIO,
    metric: 'server RSS after opening 200 Dockerfiles',
    values: { [OURS]: mib(oursRss), [RCJSUEN]: mib(theirRss) },
    comparison: oursRss && theirRss ? `ours/theirs memory: ${(oursRss / theirRss).toFixed(2)}x` : '',
  });
  const generic = genericRuleIds().length;
  rows.push({
    section: STDIO,
    metric: 'checks run on every document',
    values: { [OURS]: `${allRules.length + generic} (${allRules.length} own rules + ${generic} dockerfile-utils checks)`, [RCJSUEN]: `${generic} (dockerfile-utils)` },
    comparison: `ours runs ${allRules.length} more`,
  });
  return rows;
}
