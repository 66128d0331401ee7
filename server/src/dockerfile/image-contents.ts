/**
 * What a stage's image holds, as far as the Dockerfile says: PATH, system packages installed by RUN,
 * Python installs (pip, uv, poetry, pipenv, pdm, pipx) and the words of every RUN.
 * Rules use these to reason about "is X present in the final image".
 */
import type { Instruction } from 'dockerfile-ast';
import { DEFAULT_PATH, chainInstructions, commandOf, envAt, segmentsOf, type Word } from './commands';
import { baseName, isPythonInterpreter } from './app-server';
import type { DockerfileModel, Stage } from './model';
import { KeyedCache } from '../rules/support/memoize';

export interface RunSegment {
  instruction: Instruction;
  /** One simple command of the RUN (split at `&&`, `;`, `|`…), leading `VAR=x` assignments and `sudo` dropped. */
  words: Word[];
}

/**
 * Per stage (a stage belongs to one parsed model) and chain flag: a dozen rules ask for the same segments,
 * installs and packages of the same stages, which each call re-derived from the words.
 */
function perStage<V>(compute: (model: DockerfileModel, stage: Stage, chain: boolean) => V): (model: DockerfileModel, stage: Stage, chain: boolean) => V {
  const cache = new KeyedCache<Stage, { chain?: V; own?: V }>();
  return (model, stage, chain) => {
    let entry = cache.get(stage);
    if (!entry) cache.set(stage, (entry = {}));
    const slot = chain ? 'chain' : 'own';
    if (!(slot in entry)) entry[slot] = compute(model, stage, chain);
    return entry[slot] as V;
  };
}

/** Simple commands of every RUN in the stage chain (parents first), or of the stage alone. */
export function runSegments(model: DockerfileModel, stage: Stage, options: { chain?: boolean } = { chain: true }): readonly RunSegment[] {
  return cachedSegments(model, stage, options.chain !== false);
}

const cachedSegments = perStage((model, stage, chain): readonly RunSegment[] => {
  const instructions = chain ? chainInstructions(model, stage) : stage.instructions;
  const segments: RunSegment[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() !== 'RUN') continue;
    const command = commandOf(model, instruction);
    if (!command) continue;
    for (const segment of segmentsOf(command.words)) {
      let i = 0;
      while (i < segment.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(segment[i].value) || segment[i].value === 'sudo')) i++;
      if (i < segment.length) segments.push({ instruction, words: segment.slice(i) });
    }
  }
  return segments;
});

/** The directories on PATH at the end of the stage (DEFAULT_PATH unless ENV PATH says otherwise). */
export function pathDirectories(model: DockerfileModel, stage: Stage): string[] {
  const env = envAt(model, stage);
  const path = env.get('PATH')?.value ?? DEFAULT_PATH;
  return path.split(':').filter((dir) => dir.startsWith('/')).map((dir) => dir.replace(/\/+$/, '') || '/');
}

const INSTALL_VERBS: ReadonlyArray<{ tool: RegExp; verbs: readonly string[] }> = [
  { tool: /^apt(-get)?$/, verbs: ['install'] },
  { tool: /^apk$/, verbs: ['add'] },
  { tool: /^(yum|dnf|microdnf)$/, verbs: ['install'] },
];

/** System packages (apt/apk/dnf) installed by RUNs of the stage chain, lower-cased, versions (`=1.2`) dropped. */
export function systemPackagesInstalled(model: DockerfileModel, stage: Stage): ReadonlySet<string> {
  return cachedPackages(model, stage, true);
}

const cachedPackages = perStage((model, stage): ReadonlySet<string> => {
  const packages = new Set<string>();
  for (const { words } of runSegments(model, stage)) {
    const tool = baseName(words[0].value);
    const spec = INSTALL_VERBS.find((entry) => entry.tool.test(tool));
    if (!spec) continue;
    const verbAt = words.findIndex((word, k) => k > 0 && spec.verbs.includes(word.value));
    if (verbAt < 0) continue;
    for (const word of words.slice(verbAt + 1)) {
      if (word.value.startsWith('-') || word.value.includes('$')) continue;
      packages.add(word.value.toLowerCase().split(/[=<>]/)[0]);
    }
  }
  return packages;
});

export interface PythonInstall {
  instruction: Instruction;
  words: Word[];
  tool: 'pip' | 'uv' | 'poetry' | 'pipenv' | 'pdm' | 'pipx';
  /** `pip install --prefix=/install`, `--target`, `--user`, `uv --target`: scripts do not go to the default bin. */
  redirected: boolean;
}

/** RUN commands that install Python distributions (and so possibly console scripts) in the stage chain. */
export function pythonInstalls(model: DockerfileModel, stage: Stage, options: { chain?: boolean } = {}): readonly PythonInstall[] {
  return cachedInstalls(model, stage, options.chain !== false);
}

const cachedInstalls = perStage((model, stage, chain): readonly PythonInstall[] => {
  const installs: PythonInstall[] = [];
  for (const { instruction, words } of runSegments(model, stage, { chain })) {
    const values = words.map((word) => word.value);
    const tool = installTool(values);
    if (!tool) continue;
    const redirected = values.some((v) => /^(--prefix|--target|-t|--root|--user)(=|$)/.test(v));
    installs.push({ instruction, words, tool, redirected });
  }
  return installs;
});

function installTool(values: string[]): PythonInstall['tool'] | null {
  const first = baseName(values[0] ?? '');
  let rest = values.slice(1);
  if (isPythonInterpreter(first)) {
    const m = rest.indexOf('-m');
    if (m < 0) return null;
    return installTool(rest.slice(m + 1));
  }
  if (/^pip(\d(\.\d+)?)?$/.test(first)) return rest.includes('install') ? 'pip' : null;
  if (first === 'uv') {
    if (rest[0] === 'pip') rest = rest.slice(1);
    return ['install', 'sync', 'add'].includes(rest.find((v) => !v.startsWith('-')) ?? '') || (rest[0] === 'tool' && rest[1] === 'install')
      ? 'uv'
      : null;
  }
  if (first === 'poetry') return rest.includes('install') || rest.includes('add') ? 'poetry' : null;
  if (first === 'pipenv') return rest.includes('install') || rest.includes('sync') ? 'pipenv' : null;
  if (first === 'pdm') return rest.includes('install') || rest.includes('sync') ? 'pdm' : null;
  if (first === 'pipx') return rest.includes('install') ? 'pipx' : null;
  return null;
}
