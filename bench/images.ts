/**
 * Image benchmarks on the container test bed: the same example projects built from our generated Dockerfile
 * and from the Dockerfiles users would otherwise have (the seed as written and minimally repaired, Microsoft
 * Container Tools' shape, docker init's shape), all on the same local base image and offline wheel index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectProjects } from '../server/src/project/detect';
import { renderProjectFiles } from '../server/src/generate/render';
import * as docker from '../test/support/docker';
import { baseImage, exampleDir, loadTestbed, repoRoot, sourceIndexUrl, tempCopy, type Testbed } from '../test/support/testbed';
import { dockerInit, microsoftContainerTools, seedAsWritten, seedRepaired, type BenchSystemPackages, type ContenderInput } from './contenders';
import { measureFloor } from './floor';
import type { BenchRow } from './report';

const OURS = 'ours (generated)';
const CONTENDERS: Record<string, (input: ContenderInput) => string> = {
  'seed as written': seedAsWritten,
  'seed repaired': seedRepaired,
  'MS Container Tools shape': microsoftContainerTools,
  'docker init shape': dockerInit,
};
// The generic .dockerignore Microsoft's and docker init's scaffolders write next to their Dockerfile.
const GENERIC_DOCKERIGNORE = '**/__pycache__\n**/.venv\n**/.env\n**/.git\n**/.gitignore\n**/Dockerfile*\n**/compose*\n**/node_modules\nLICENSE\nREADME.md\n';

interface Outcome {
  builds: boolean;
  starts: boolean;
  http200: boolean;
  staticServed: boolean;
  nonRoot: boolean;
  stopsFast: boolean;
  sizeBytes: number | null;
  coldMs: number | null;
  rebuildMs: number | null;
  depsCached: boolean | null;
  failure?: string;
}

interface Project {
  label: string;
  source: string;
  staticPath: string;
  codeFile: string;
  /** Appended to the copy's requirements.txt (a variant of the source project). */
  extraRequirements?: string;
  /** Written by hand from the packages' own install docs, not read from our generator's tables. */
  systemPackages: BenchSystemPackages;
  /** Whether pip needs the bed's source index (sdists only) as an extra index. */
  fromSource?: boolean;
}

const NO_SYSTEM_PACKAGES: BenchSystemPackages = { build: [], runtime: [] };
// Single-stage shapes keep compilers and headers in the image: multi-stage should add at most this share of their bytes.
const SINGLE_STAGE = ['MS Container Tools shape', 'docker init shape'];
const SINGLE_STAGE_ADDED_GOAL = 0.6;

const yesNo = (value: boolean | null) => (value === null ? 'n/a' : value ? 'yes' : 'no');
const mb = (bytes: number | null | undefined) => (bytes ? `${(bytes / 1e6).toFixed(0)} MB` : 'n/a');
// Sizes a few kB apart must not round to the same figure.
const mbExact = (bytes: number | null | undefined) => (bytes ? `${(bytes / 1e6).toFixed(2)} MB` : 'n/a');
// What a smaller contender leaves out that ours has (a user entry costs a few kB), so a size win is read fairly.
const lacks = (o: Outcome) => {
  const missing = [!o.http200 && 'does not serve', !o.nonRoot && 'runs as root'].filter(Boolean);
  return missing.length ? `; ${missing.join(', ')}` : '';
};
const secs = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);

/** Whether the step that installs the dependencies came from the build cache (BuildKit plain progress). */
function dependencyStepCached(output: string): boolean {
  const steps = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const id = /^(#\d+) /.exec(line)?.[1];
    if (id) steps.set(id, [...(steps.get(id) ?? []), line]);
  }
  const install = [...steps.values()].filter((lines) => /\] RUN .*(pip install|pip wheel|-m pip)/.test(lines[0]));
  return install.length > 0 && install.every((lines) => lines.some((line) => / CACHED$/.test(line)));
}

function indexArgs(bed: Testbed, project: Project): Record<string, string> {
  const args: Record<string, string> = { PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost };
  if (project.fromSource) args.PIP_EXTRA_INDEX_URL = sourceIndexUrl(bed);
  return args;
}

/** A scratch copy of the project with its variant's requirements. */
function projectCopy(project: Project, prefix: string): string {
  const dir = tempCopy(project.source, prefix);
  if (project.extraRequirements) fs.appendFileSync(path.join(dir, 'requirements.txt'), project.extraRequirements);
  return dir;
}

async function measure(dir: string, project: Project, buildArgs: Record<string, string>, env: Record<string, string>): Promise<Outcome> {
  const { staticPath, codeFile } = project;
  const tag = docker.uniqueName('bench');
  const outcome: Outcome = { builds: false, starts: false, http200: false, staticServed: false, nonRoot: false, stopsFast: false, sizeBytes: null, coldMs: null, rebuildMs: null, depsCached: null };
  const cold = await docker.build({ context: dir, tag, buildArgs, buildkit: true, noCache: true });
  if (cold.code !== 0) return { ...outcome, failure: cold.output.split('\n').filter(Boolean).slice(-3).join(' / ') };
  outcome.builds = true;
  outcome.coldMs = cold.ms;
  outcome.sizeBytes = Number((await docker.dockerOk(['image', 'inspect', '--format', '{{.Size}}', tag])).stdout.trim());
  fs.appendFileSync(path.join(dir, codeFile), '\n# one-line change for the rebuild benchmark\n');
  const rebuild = await docker.build({ context: dir, tag, buildArgs, buildkit: true });
  outcome.rebuildMs = rebuild.code === 0 ? rebuild.ms : null;
  outcome.depsCached = rebuild.code === 0 ? dependencyStepCached(rebuild.output) : null;

  let container: string | undefined;
  try {
    container = await docker.runDetached({ image: tag, env });
    const home = await docker.waitForHttp(`http://127.0.0.1:${env.PORT}/`, 30_000, container).catch((error: Error) => error);
    outcome.starts = !(home instanceof Error);
    if (home instanceof Error) outcome.failure = home.message.split('\n').filter(Boolean).slice(-2).join(' / ');
    else {
      outcome.http200 = home.status === 200;
      const asset = await fetch(`http://127.0.0.1:${env.PORT}${staticPath}`).catch(() => null);
      outcome.staticServed = asset?.status === 200;
      outcome.nonRoot = (await docker.runningUid(container)) !== 0;
      outcome.stopsFast = (await docker.stop(container)) < 5000;
    }
  } catch (error) {
    outcome.failure = (error as Error).message.split('\n').filter(Boolean).slice(-2).join(' / ');
  } finally {
    if (container) await docker.removeContainer(container);
    await docker.removeImage(tag);
  }
  return outcome;
}

export async function benchImages(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const bed = loadTestbed();
  const image = baseImage(bed, '3.11');
  const startproject = path.join(repoRoot(), 'test', 'fixtures', 'golden', 'e2e-apps', 'startproject');
  const projects: Project[] = [
    { label: 'mysite (whitenoise + STATIC_ROOT)', source: exampleDir('mysite'), staticPath: '/static/css/site.css', codeFile: 'pages/views.py', systemPackages: NO_SYSTEM_PACKAGES },
    { label: 'plain startproject', source: startproject, staticPath: '/static/admin/css/base.css', codeFile: 'mysite/urls.py', systemPackages: NO_SYSTEM_PACKAGES },
    {
      // psycopg2's docs: build with a C compiler, libpq-dev and Python headers (the base has those), run with libpq.
      label: 'startproject + psycopg2 compiled from its sdist',
      source: startproject,
      staticPath: '/static/admin/css/base.css',
      codeFile: 'mysite/urls.py',
      extraRequirements: 'psycopg2==2.9.10\n',
      systemPackages: { build: ['gcc', 'libc6-dev', 'libpq-dev'], runtime: ['libpq5'] },
      fromSource: true,
    },
  ];
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const project of projects) {
    const results = new Map<string, Outcome>();
    const port = await docker.freePort();
    const env = { PORT: String(port), DJANGO_SECRET_KEY: 'bench-runtime-secret', DJANGO_ALLOWED_HOSTS: '127.0.0.1,localhost' };
    const buildArgs = indexArgs(bed, project);
    const scratch = projectCopy(project, 'dct-bench-detect-');
    const detected = (await detectProjects(scratch)).projects[0];
    fs.rmSync(scratch, { recursive: true, force: true });
    {
      const dir = projectCopy(project, 'dct-bench-');
      for (const file of renderProjectFiles(detected, { baseImage: image, port, buildkit: true, syntaxDirective: false })) fs.writeFileSync(path.join(dir, file.path), file.content);
      results.set(OURS, await measure(dir, project, buildArgs, env));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const input: ContenderInput = {
      baseImage: image,
      wsgiApplication: detected.wsgiApplication ?? 'config.wsgi:application',
      port,
      systemSitePackages: '/usr/local/lib/python3.11/dist-packages',
      systemPackages: project.systemPackages,
    };
    for (const [name, dockerfile] of Object.entries(CONTENDERS)) {
      const dir = projectCopy(project, 'dct-bench-');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(input));
      if (!name.startsWith('seed')) fs.writeFileSync(path.join(dir, '.dockerignore'), GENERIC_DOCKERIGNORE);
      results.set(name, await measure(dir, project, buildArgs, env));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const row = (metric: string, value: (o: Outcome) => string, comparison?: string): BenchRow => ({
      section: `Images: ${project.label}`,
      metric,
      values: Object.fromEntries([...results].map(([name, o]) => [name, value(o)])),
      comparison,
    });
    const floorDir = projectCopy(project, 'dct-bench-floor-');
    const floor = await measureFloor(floorDir, {
      baseImage: image, managePyDir: path.posix.dirname(detected.managePy), collectstatic: Boolean(detected.staticRoot),
      buildEnv: { DJANGO_SECRET_KEY: 'floor-build-only', SECRET_KEY: 'floor-build-only' },
      systemPackages: project.systemPackages,
    }, buildArgs);
    fs.rmSync(floorDir, { recursive: true, force: true });
    const baseBytes = Number((await docker.dockerOk(['image', 'inspect', '--format', '{{.Size}}', image])).stdout.trim());
    const floorBytes = 'bytes' in floor ? floor.bytes : null;
    if ('failure' in floor) notes.push(`${project.label} / independent floor: ${floor.failure}`);
    const ofFloor = (o: Outcome) => (o.sizeBytes && floorBytes ? `${(o.sizeBytes / floorBytes).toFixed(3)}x` : 'n/a');
    const addedOfFloor = (o: Outcome) => (o.sizeBytes && floorBytes ? `${((o.sizeBytes - baseBytes) / (floorBytes - baseBytes)).toFixed(2)}x` : 'n/a');
    const ours = results.get(OURS) as Outcome;
    // Ours against the smallest working single-stage shape: '-' for the contenders themselves.
    const singleStageAdded = SINGLE_STAGE.map((name) => results.get(name)).filter((o): o is Outcome => !!o?.builds && o.sizeBytes !== null).map((o) => (o.sizeBytes as number) - baseBytes);
    const ofSingleStage = (o: Outcome) => (o !== ours ? '-' : o.sizeBytes && singleStageAdded.length ? `${((o.sizeBytes - baseBytes) / Math.min(...singleStageAdded)).toFixed(2)}x` : 'n/a');
    const largerContenders = [...results].filter(([name, o]) => name !== OURS && o.builds && o.sizeBytes !== null && ours.sizeBytes !== null && o.sizeBytes < ours.sizeBytes)
      .map(([name, o]) => `${name} (by ${(((ours.sizeBytes ?? 0) - (o.sizeBytes ?? 0)) / 1e3).toFixed(1)} kB${lacks(o)})`);
    rows.push(
      row('builds', (o) => yesNo(o.builds)),
      row('starts', (o) => yesNo(o.starts)),
      row('serves HTTP 200', (o) => yesNo(o.http200)),
      row('serves a static file', (o) => yesNo(o.staticServed)),
      row('runs as non-root', (o) => yesNo(o.nonRoot)),
      row('stops within 5 s', (o) => yesNo(o.stopsFast)),
      row('image size', (o) => mbExact(o.sizeBytes), largerContenders.length ? `smaller than ours: ${largerContenders.join(', ')}` : 'ours is the smallest image that builds'),
      row('size / independent floor', ofFloor, floorBytes ? `floor ${mb(floorBytes)}: base ${mb(baseBytes)} + runtime dependencies installed alone + app + static files (bench/floor.ts); goal <= 1.02x` : 'floor not measured'),
      row('added bytes / floor added bytes', addedOfFloor, 'bytes over the base image, against the floor\'s bytes over the base image'),
      row('added bytes / single-stage added bytes', (o) => ofSingleStage(o), `ours over the base image against each single-stage shape (${SINGLE_STAGE.join(', ')}), which keeps compilers and headers; goal <= ${SINGLE_STAGE_ADDED_GOAL}x when the project compiles`),
      row('cold build', (o) => secs(o.coldMs)),
      row('rebuild after a one-line code change', (o) => secs(o.rebuildMs)),
      row('dependency layer cached on rebuild', (o) => yesNo(o.depsCached)),
    );
    for (const [name, o] of results) if (o.failure) notes.push(`${project.label} / ${name}: ${o.failure}`);
  }
  notes.push('Every contender uses the same local Python 3.11 base image (built from Debian) and wheel index; contenders differ from their originals only by that base image and `ARG PIP_INDEX_URL`/`PIP_TRUSTED_HOST`.');
  return { rows, notes };
}
