/** Small timing helpers: warm up, then the median (or the p90) of repeated runs (in milliseconds). */
import { performance } from 'node:perf_hooks';

export function samplesMs(fn: () => void, runs: number, warmup = Math.min(5, runs)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function samplesMsAsync(fn: () => Promise<void>, runs: number, warmup = Math.min(3, runs)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function medianMs(fn: () => void, runs: number, warmup?: number): number {
  return median(samplesMs(fn, runs, warmup));
}

export async function medianMsAsync(fn: () => Promise<void>, runs: number, warmup?: number): Promise<number> {
  return median(await samplesMsAsync(fn, runs, warmup));
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0..100), nearest rank: p90 of 20 samples is the 18th smallest. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function fmtMs(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return 'n/a';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}

export function ratio(ours: number | null, theirs: number | null): string {
  if (!ours || !theirs) return 'n/a';
  return `${(theirs / ours).toFixed(2)}x`;
}
