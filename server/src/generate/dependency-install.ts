/** How each dependency manager installs into the builder's virtualenv: files to copy, lock state, tool, cache. */
import * as path from 'node:path';
import type { DependencyManager, DjangoProject } from '../project/types';
import { TOOL_VERSIONS } from './options';

export interface PinnedTool {
  /** Distribution name on the index. */
  name: string;
  /** Build argument holding the version, e.g. POETRY_VERSION. */
  arg: string;
  version: string;
}

export interface CopyGroup {
  /** Sources relative to the build context. */
  sources: string[];
  /** Destination folder relative to the WORKDIR, ending in "/". */
  dest: string;
}

export const MANAGER_TOOLS: Record<Exclude<DependencyManager, 'pip'>, PinnedTool> = {
  poetry: { name: 'poetry', arg: 'POETRY_VERSION', version: TOOL_VERSIONS.poetry },
  pipenv: { name: 'pipenv', arg: 'PIPENV_VERSION', version: TOOL_VERSIONS.pipenv },
  pdm: { name: 'pdm', arg: 'PDM_VERSION', version: TOOL_VERSIONS.pdm },
  uv: { name: 'uv', arg: 'UV_VERSION', version: TOOL_VERSIONS.uv },
};

const LOCK_FILES: Record<DependencyManager, string[]> = {
  pip: [],
  poetry: ['poetry.lock'],
  pipenv: ['Pipfile.lock'],
  pdm: ['pdm.lock'],
  uv: ['uv.lock'],
};

const MANIFESTS: Record<DependencyManager, string[]> = {
  pip: [],
  poetry: ['pyproject.toml'],
  pipenv: ['Pipfile'],
  pdm: ['pyproject.toml'],
  uv: ['pyproject.toml'],
};

export const CACHE_DIRS: Record<DependencyManager, string> = {
  pip: '/root/.cache/pip',
  poetry: '/root/.cache/pypoetry',
  pipenv: '/root/.cache/pipenv',
  pdm: '/root/.cache/pdm',
  uv: '/root/.cache/uv',
};

export interface DependencyFiles {
  copies: string[];
  requirementsFile: string | null;
  pyprojectDependencies: boolean;
  locked: boolean;
}

export interface LocalInstallSteps {
  /** What the builder copies before `pip install -r` so the local folders resolve (the whole context for "."). */
  copies: CopyGroup[];
  /** Requirements files whose `-e`/`--editable` local lines are rewritten to regular installs before installing. */
  rewrite: string[];
}

/**
 * The local folders the requirements install (`-e .`, `./pkg`): copied before the install, and installed as
 * regular packages, because an editable install links the venv to this stage's sources, which the runtime stage
 * does not take from the builder. Null when there are none, so the usual requirements-only layer is unchanged.
 */
export function localInstallSteps(project: DjangoProject, files: DependencyFiles): LocalInstallSteps | null {
  const local = project.localInstalls ?? [];
  if (!files.requirementsFile || local.length === 0) return null;
  const rewrite = files.copies;
  // `.` is the whole context (.dockerignore keeps junk out); otherwise each folder, where pip's working directory expects it.
  if (local.includes('.')) return { copies: [{ sources: ['.'], dest: './' }], rewrite };
  return { copies: [...new Set(local)].sort().map((dir) => ({ sources: [`${dir}/`], dest: `${dir}/` })), rewrite };
}

export function dependencyFilesFor(project: DjangoProject, manager: DependencyManager, pythonVersion: string, warnings: string[]): DependencyFiles {
  const listed = project.dependencyFiles;
  if (manager === 'pip') {
    // The first requirements file is the one to install; the rest are copied so its -r/-c includes resolve.
    const requirementsFile = listed.find((file) => file.endsWith('.txt') || file.endsWith('.in')) ?? null;
    if (requirementsFile) return { copies: listed.filter((file) => file.endsWith('.txt') || file.endsWith('.in')), requirementsFile, pyprojectDependencies: false, locked: false };
    if (listed.includes('pyproject.toml')) {
      if (Number(pythonVersion.split('.')[1]) < 11) warnings.push(`Reading pyproject.toml in the build needs tomllib (Python 3.11+); Python ${pythonVersion} lacks it: add a requirements.txt.`);
      return { copies: ['pyproject.toml'], requirementsFile: null, pyprojectDependencies: true, locked: false };
    }
    warnings.push('No requirements file was detected: the image installs only the app server.');
    return { copies: [], requirementsFile: null, pyprojectDependencies: false, locked: false };
  }
  const names = new Set(listed.map((file) => path.posix.basename(file)));
  const locked = LOCK_FILES[manager].some((lock) => names.has(lock));
  if (!locked) warnings.push(`No ${LOCK_FILES[manager].join('/')} was found: the build resolves versions afresh (not reproducible).`);
  const wanted = new Set([...MANIFESTS[manager], ...LOCK_FILES[manager]]);
  const copies = listed.filter((file) => wanted.has(path.posix.basename(file)));
  for (const manifest of MANIFESTS[manager]) if (!copies.some((file) => path.posix.basename(file) === manifest)) copies.unshift(manifest);
  return { copies, requirementsFile: null, pyprojectDependencies: false, locked };
}

export function groupCopies(files: string[]): CopyGroup[] {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.posix.dirname(file);
    const dest = dir === '.' ? './' : `${dir}/`;
    groups.set(dest, [...(groups.get(dest) ?? []), file]);
  }
  return [...groups].map(([dest, sources]) => ({ sources, dest }));
}
