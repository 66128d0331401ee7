/**
 * Which dependency manager a project uses, the files an image build needs from it, and the declared
 * (direct, non-dev) requirements: pip (requirements files), Poetry, Pipenv, uv, PDM.
 */
import { parseToml } from './toml';
import type { DependencyManager } from './types';
import type { ProjectFiles } from './project-files';
import { dirnameRel, joinRel, relativeRel } from './project-files';
import { normaliseName, parseRequirement, parseRequirementsText, type Requirement } from './requirements';

export interface DependencyFacts {
  manager: DependencyManager | null;
  /** Relative to the project root, forward slashes, the entry file first. */
  files: string[];
  requirements: Requirement[];
  /** Parsed pyproject.toml of the root, when there is one (the Python version reader uses it too). */
  pyproject: PyProject | undefined;
  /** Parsed Pipfile of the root, when there is one. */
  pipfile: Record<string, unknown> | undefined;
  /** Local folders the pip requirements install (`-e .`, `./pkg`), relative to the root ("." for the root itself). */
  localInstalls: string[];
}

export interface PyProject {
  project?: { name?: unknown; dependencies?: unknown; 'optional-dependencies'?: unknown; 'requires-python'?: unknown };
  'dependency-groups'?: unknown;
  tool?: { poetry?: { dependencies?: Record<string, unknown> }; pdm?: unknown; uv?: { workspace?: unknown; [key: string]: unknown } };
}

/** Whether folder `dir` (relative to the scanned folder) holds a dependency manifest. */
export function holdsManifest(files: ProjectFiles, dir: string): boolean {
  const prefix = dir ? `${dir}/` : '';
  for (const name of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock']) {
    if (files.files.has(prefix + name)) return true;
  }
  if (requirementsFolderFiles(files, joinRel(dir, 'requirements')).length > 0) return true;
  return rootRequirementsFiles(files, dir).length > 0;
}

function rootRequirementsFiles(files: ProjectFiles, dir: string): string[] {
  const prefix = dir ? `${dir}/` : '';
  const out: string[] = [];
  for (const file of files.files) {
    if (!file.startsWith(prefix)) continue;
    const name = file.slice(prefix.length);
    if (!name.includes('/') && /^requirements[\w.-]*\.txt$/i.test(name)) out.push(file);
  }
  return out.sort();
}

function requirementsFolderFiles(files: ProjectFiles, folder: string): string[] {
  if (!files.dirs.has(folder)) return [];
  const prefix = `${folder}/`;
  return [...files.files].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/') && f.endsWith('.txt')).sort();
}

const PRODUCTION_FILE = /(^|[-_.])(production|prod|live|deploy|deployment|prd)([-_.]|$)/i;
const BASE_FILE = /^(base|common|main|default|requirements)$/i;
const DEV_FILE = /(^|[-_.])(dev|develop|development|local|test|tests|testing|ci|lint|docs|doc|typing)([-_.]|$)/i;

/** The requirements file an image installs: requirements.txt, else production-like, else base-like. */
function pickRequirementsEntry(candidates: string[]): string | undefined {
  const stem = (f: string): string => f.slice(f.lastIndexOf('/') + 1).replace(/\.txt$/i, '');
  return candidates.find((f) => stem(f).toLowerCase() === 'requirements')
    ?? candidates.find((f) => PRODUCTION_FILE.test(stem(f)))
    ?? candidates.find((f) => BASE_FILE.test(stem(f)))
    ?? candidates.find((f) => !DEV_FILE.test(stem(f)));
}

export async function readToml(files: ProjectFiles, file: string, warn: (m: string) => void): Promise<Record<string, unknown> | undefined> {
  if (!files.files.has(file)) return undefined;
  const outcome = await files.read(file);
  if ('error' in outcome) {
    warn(`${file}: cannot read (${outcome.error})`);
    return undefined;
  }
  try {
    return parseToml(outcome.text) as Record<string, unknown>;
  } catch (error) {
    warn(`${file}: invalid TOML (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
}

function requirementList(list: unknown): Requirement[] {
  if (!Array.isArray(list)) return [];
  return list.filter((s): s is string => typeof s === 'string').map(parseRequirement).filter((r): r is Requirement => !!r);
}

/**
 * [project] dependencies plus the optional groups installed: those asked for (`-e .[server]`) and those the
 * project asks of itself (`dependencies = ["mysite[server]"]`, PEP 621's way to combine groups).
 */
export function pep621Requirements(pyproject: PyProject | undefined, extras: readonly string[] = []): Requirement[] {
  const project = pyproject?.project;
  const self = typeof project?.name === 'string' ? normaliseName(project.name) : undefined;
  const optional = project?.['optional-dependencies'];
  const groups = optional && typeof optional === 'object' ? (optional as Record<string, unknown>) : {};
  const groupOf = (extra: string): unknown => Object.entries(groups).find(([name]) => normaliseName(name) === extra)?.[1];
  const out: Requirement[] = [];
  const wanted = [...extras];
  const seen = new Set<string>();
  for (const requirement of requirementList(project?.dependencies)) {
    if (requirement.name === self) wanted.push(...requirement.extras);
    else out.push(requirement);
  }
  while (wanted.length) {
    const extra = wanted.shift() as string;
    if (seen.has(extra)) continue;
    seen.add(extra);
    for (const requirement of requirementList(groupOf(extra))) {
      if (requirement.name === self) wanted.push(...requirement.extras);
      else out.push(requirement);
    }
  }
  return out;
}

/**
 * PEP 735 groups `uv sync --no-dev` still installs: [tool.uv] default-groups (default ["dev"]) without dev,
 * following {include-group = "..."}.
 */
export function uvDefaultGroupRequirements(pyproject: PyProject | undefined): Requirement[] {
  const table = pyproject?.['dependency-groups'];
  if (!table || typeof table !== 'object') return [];
  const groups = table as Record<string, unknown>;
  const configured = (pyproject?.tool?.uv as { 'default-groups'?: unknown } | undefined)?.['default-groups'];
  const names = configured === 'all' ? Object.keys(groups) : Array.isArray(configured) ? configured.filter((g): g is string => typeof g === 'string') : [];
  const out: Requirement[] = [];
  const seen = new Set<string>(['dev']);
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const entries = groups[name];
    if (!Array.isArray(entries)) return;
    out.push(...requirementList(entries));
    for (const entry of entries) {
      const include = entry && typeof entry === 'object' ? (entry as { 'include-group'?: unknown })['include-group'] : undefined;
      if (typeof include === 'string') visit(include);
    }
  };
  names.forEach(visit);
  return out;
}

/** Poetry/Pipenv tables: `name = "ver"` or `name = { version = "..", extras = ["c"] }`. */
function tableRequirements(table: unknown, skip: string[] = []): Requirement[] {
  if (!table || typeof table !== 'object') return [];
  const out: Requirement[] = [];
  for (const [name, spec] of Object.entries(table as Record<string, unknown>)) {
    if (skip.includes(name.toLowerCase())) continue;
    const extras = spec && typeof spec === 'object' && Array.isArray((spec as { extras?: unknown }).extras)
      ? ((spec as { extras: unknown[] }).extras.filter((e) => typeof e === 'string') as string[]).map((e) => normaliseName(e))
      : [];
    out.push({ name: normaliseName(name), extras });
  }
  return out;
}

export async function readDependencies(files: ProjectFiles, root: string, warn: (m: string) => void): Promise<DependencyFacts> {
  const at = (name: string): string => joinRel(root, name);
  const has = (name: string): boolean => files.files.has(at(name));
  const pyproject = (await readToml(files, at('pyproject.toml'), warn)) as PyProject | undefined;
  const pipfile = await readToml(files, at('Pipfile'), warn);
  const tool = pyproject?.tool ?? {};
  const facts = (manager: DependencyManager | null, names: string[], requirements: Requirement[]): DependencyFacts => ({
    manager, files: names.filter(has), requirements, pyproject, pipfile, localInstalls: [],
  });

  if (has('uv.lock')) return facts('uv', ['pyproject.toml', 'uv.lock'], [...pep621Requirements(pyproject), ...uvDefaultGroupRequirements(pyproject)]);
  if (has('poetry.lock') || tool.poetry) {
    const poetry = tableRequirements(tool.poetry?.dependencies, ['python']);
    return facts('poetry', ['pyproject.toml', 'poetry.lock'], [...pep621Requirements(pyproject), ...poetry]);
  }
  if (has('pdm.lock') || tool.pdm) return facts('pdm', ['pyproject.toml', 'pdm.lock'], pep621Requirements(pyproject));
  if (has('Pipfile') || has('Pipfile.lock')) return facts('pipenv', ['Pipfile', 'Pipfile.lock'], tableRequirements(pipfile?.packages));
  if (tool.uv) return facts('uv', ['pyproject.toml'], [...pep621Requirements(pyproject), ...uvDefaultGroupRequirements(pyproject)]);

  const entry = pickRequirementsEntry(rootRequirementsFiles(files, root))
    ?? pickRequirementsEntry(requirementsFolderFiles(files, at('requirements')));
  if (entry) {
    const { included, requirements, localInstalls } = await followRequirements(files, root, entry, warn);
    return { ...facts('pip', included.map((f) => relativeRel(root, f)), requirements), localInstalls };
  }
  if (Array.isArray(pyproject?.project?.dependencies)) return facts('pip', ['pyproject.toml'], pep621Requirements(pyproject));
  return facts(null, [], []);
}

/**
 * A requirements file and everything it pulls in with -r/-c (constraints add files, not requirements), and the
 * local folders it installs. pip resolves `-r` against the including file but a local path against its working
 * directory, which is the build context root when an image runs `pip install -r`.
 */
async function followRequirements(
  files: ProjectFiles,
  root: string,
  entry: string,
  warn: (m: string) => void,
): Promise<{ included: string[]; requirements: Requirement[]; localInstalls: string[] }> {
  const included: string[] = [];
  const requirements: Requirement[] = [];
  const localInstalls: string[] = [];
  const visit = async (file: string, asConstraints: boolean, from: string | undefined): Promise<void> => {
    if (included.includes(file)) return;
    if (!files.files.has(file)) {
      warn(from ? `${from} refers to ${file}, which is missing (or outside the scanned folder)` : `${file} is missing`);
      return;
    }
    included.push(file);
    const outcome = await files.read(file);
    if ('error' in outcome) {
      warn(`${file}: cannot read (${outcome.error})`);
      return;
    }
    const content = parseRequirementsText(outcome.text);
    if (!asConstraints) requirements.push(...content.requirements);
    const dir = dirnameRel(file);
    for (const target of content.includes) await visit(joinRel(dir, target), asConstraints, file);
    for (const target of content.constraints) await visit(joinRel(dir, target), true, file);
    if (asConstraints) return;
    for (const target of content.localPaths) {
      const local = localInstallPath(root, target);
      if (local === null) {
        warn(`${file} installs ${target}, which is outside the build context: an image build cannot copy it`);
        continue;
      }
      if (localInstalls.includes(local)) continue;
      localInstalls.push(local);
      // The local project's pyproject.toml is needed to install it and declares its dependencies.
      const pyproject = joinRel(root, local, 'pyproject.toml');
      if (included.includes(pyproject) || !files.files.has(pyproject)) continue;
      included.push(pyproject);
      // Optional groups asked for (`-e .[server]`) count: they may install the server.
      const extras = content.localExtras[target] ?? [];
      requirements.push(...pep621Requirements((await readToml(files, pyproject, warn)) as PyProject | undefined, extras));
    }
  };
  await visit(entry, false, undefined);
  return { included, requirements, localInstalls };
}

/** A local requirement path relative to the build context ("." for the context itself), or null outside it. */
export function localInstallPath(root: string, target: string): string | null {
  if (target.startsWith('/')) return null;
  const relative = relativeRel(root, joinRel(root, target.replace(/\/+$/, '')));
  return relative === '..' || relative.startsWith('../') ? null : relative;
}
