/**
 * Detection benchmarks: a synthetic 20,000-file workspace with node_modules and a virtualenv, and the
 * largest fixture. The contender is what a `**\/manage.py` search without excludes does (the way generic
 * container tools find Django projects): walk everything.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectProjects } from '../server/src/project/detect';
import { fmtMs, medianMsAsync } from './measure';
import type { BenchRow } from './report';
import { createSyntheticWorkspace, naiveManagePyWalk } from './synthetic-workspace';

const OURS = 'Django Container Tools detect';
const NAIVE = 'unfiltered **/manage.py walk';

function largestFixture(repoRoot: string): string {
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'projects');
  const sizes = fs.readdirSync(fixtures).map((name) => {
    const dir = path.join(fixtures, name);
    return { dir, files: fs.readdirSync(dir, { recursive: true }).length };
  });
  return sizes.sort((a, b) => b.files - a.files)[0].dir;
}

export async function benchDetection(repoRoot: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-bench-detect-'));
  try {
    const { dir, files } = createSyntheticWorkspace(tmp);
    let oursFound = 0;
    let naiveFound = 0;
    const ours = await medianMsAsync(async () => { oursFound = (await detectProjects(dir)).projects.length; }, 7);
    const naive = await medianMsAsync(async () => { naiveFound = (await naiveManagePyWalk(dir)).length; }, 7);
    const fixture = largestFixture(repoRoot);
    const oursFixture = await medianMsAsync(async () => void (await detectProjects(fixture)), 20);
    const naiveFixture = await medianMsAsync(async () => void (await naiveManagePyWalk(fixture)), 20);
    return [
      {
        section: 'Detection',
        metric: `synthetic workspace, ${files} files (node_modules, virtualenv)`,
        values: { [OURS]: `${fmtMs(ours)} (${oursFound} project)`, [NAIVE]: `${fmtMs(naive)} (${naiveFound} manage.py)` },
        comparison: `ours ${(naive / ours).toFixed(2)}x the speed of the unfiltered walk, and it finds only the real project (the walk also finds the virtualenv's stray manage.py)`,
      },
      {
        section: 'Detection',
        metric: `largest fixture (${path.basename(fixture)})`,
        values: { [OURS]: fmtMs(oursFixture), [NAIVE]: fmtMs(naiveFixture) },
        comparison: 'ours reads settings, dependencies and Python version; the walk only lists files',
      },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
