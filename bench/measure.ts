/** Small timing helpers: warm up, then the median of repeated runs (in milliseconds). */
import { performance } from 'node:perf_hooks';

export function medianMs(fn: () => void, runs: number, warmup = Math.min(5, runs)): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function medianMsAsync(fn: () => Promise<void>, runs: number, warmup = Math.min(3, runs)): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmtMs(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return 'n/a';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}

export function ratio(ours: number | null, theirs: number | null): string {
  if (!ours || !theirs) return 'n/a';
  return `${(theirs / ours).toFixed(2)}x`;
}
