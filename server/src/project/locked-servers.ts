/**
 * App servers a lock file installs for production, however they got there (an extra of another package, a
 * dependency of a dependency): uv.lock is walked from the project (or workspace member) through its non-dev
 * dependencies and the extras asked for; pdm.lock, poetry.lock and Pipfile.lock mark each package's groups.
 */
import { parseToml } from './toml';
import { joinRel, type ProjectFiles } from './project-files';
import { normaliseName } from './requirements';
import type { DependencyManager } from './types';

interface LockedPackage {
  name?: unknown;
  source?: { editable?: unknown; virtual?: unknown };
  dependencies?: unknown;
  'optional-dependencies'?: unknown;
  groups?: unknown;
  category?: unknown;
}

async function readLock(files: ProjectFiles, file: string): Promise<string | undefined> {
  if (!files.files.has(file)) return undefined;
  const outcome = await files.read(file);
  return 'text' in outcome ? outcome.text : undefined;
}

function packagesOf(text: string): LockedPackage[] {
  try {
    const parsed = parseToml(text) as { package?: unknown };
    return Array.isArray(parsed.package) ? (parsed.package as LockedPackage[]) : [];
  } catch {
    return []; // A broken lock is reported where it is read for versions; here it just names nothing.
  }
}

/** uv.lock: what `uv sync --no-dev [--package member]` installs, from the root (or member) package down. */
function uvInstalled(packages: LockedPackage[], rootPackage: string | undefined): Set<string> {
  const byName = new Map(packages.filter((p) => typeof p.name === 'string').map((p) => [normaliseName(p.name as string), p]));
  const roots = rootPackage
    ? [rootPackage]
    : [...byName].filter(([, p]) => p.source?.editable === '.' || p.source?.virtual === '.').map(([name]) => name);
  const installed = new Set<string>();
  const queue: Array<{ name: string; extras: string[] }> = roots.map((name) => ({ name, extras: [] }));
  const seen = new Set<string>();
  while (queue.length) {
    const { name, extras } = queue.shift() as { name: string; extras: string[] };
    const key = `${name}[${extras.join(',')}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    installed.add(name);
    const locked = byName.get(name);
    if (!locked) continue;
    const optional = (locked['optional-dependencies'] ?? {}) as Record<string, unknown>;
    const edges = [locked.dependencies, ...extras.map((extra) => optional[extra])];
    for (const list of edges) {
      if (!Array.isArray(list)) continue;
      for (const edge of list as Array<{ name?: unknown; extra?: unknown }>) {
        if (typeof edge?.name !== 'string') continue;
        const edgeExtras = Array.isArray(edge.extra) ? edge.extra.filter((e): e is string => typeof e === 'string') : [];
        queue.push({ name: normaliseName(edge.name), extras: edgeExtras });
      }
    }
  }
  return installed;
}

/** pdm.lock ("default" group) and poetry.lock ("main" group, or category "main" in older locks). */
function groupInstalled(packages: LockedPackage[], group: string): Set<string> {
  const installed = new Set<string>();
  for (const p of packages) {
    if (typeof p.name !== 'string') continue;
    const groups = Array.isArray(p.groups) ? p.groups : typeof p.category === 'string' ? [p.category] : [];
    if (groups.includes(group)) installed.add(normaliseName(p.name));
  }
  return installed;
}

/**
 * Names among `wanted` that the project's lock installs for production. `root` is the folder holding the lock;
 * `rootPackage` the uv workspace member synced with --package, if any.
 */
export async function lockedPackages(
  files: ProjectFiles, root: string, manager: DependencyManager | null, wanted: readonly string[], rootPackage?: string,
): Promise<string[]> {
  let installed: Set<string> | undefined;
  if (manager === 'uv') {
    const text = await readLock(files, joinRel(root, 'uv.lock'));
    if (text) installed = uvInstalled(packagesOf(text), rootPackage);
  } else if (manager === 'pdm' || manager === 'poetry') {
    const text = await readLock(files, joinRel(root, `${manager}.lock`));
    if (text) installed = groupInstalled(packagesOf(text), manager === 'pdm' ? 'default' : 'main');
  } else if (manager === 'pipenv') {
    const text = await readLock(files, joinRel(root, 'Pipfile.lock'));
    try {
      const parsed = text ? (JSON.parse(text) as { default?: Record<string, unknown> }) : undefined;
      if (parsed?.default) installed = new Set(Object.keys(parsed.default).map(normaliseName));
    } catch {
      // An unparseable Pipfile.lock names nothing.
    }
  }
  return installed ? wanted.filter((name) => installed.has(name)) : [];
}
