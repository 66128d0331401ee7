/**
 * uv workspaces: a root pyproject.toml with [tool.uv.workspace] members = [globs], one uv.lock at that root, and
 * members that depend on each other through `{ workspace = true }` sources. A Django project that is a member is
 * built from the workspace root (the lock and the sibling packages live there) and synced with --package.
 */
import { pep621Requirements, readToml, uvDefaultGroupRequirements, type DependencyFacts, type PyProject } from './dependencies';
import { dirnameRel, joinRel, relativeRel, type ProjectFiles } from './project-files';
import { normaliseName, type Requirement } from './requirements';
import type { UvWorkspace } from './types';

interface WorkspaceTable {
  members?: unknown;
  exclude?: unknown;
}

/** A uv glob (`apps/*`, `packages/**`, `libs/?x`) as a regular expression over folder paths. */
function globPattern(glob: string): RegExp {
  const ANY = '\u0000';
  const body = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/')
    .map((part) => (part === '**' ? ANY : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/')
    // `**` spans any number of folders, none included.
    .replace(new RegExp(`${ANY}/`, 'g'), '(?:[^/]+/)*')
    .replace(new RegExp(`/${ANY}`, 'g'), '(?:/[^/]+)*')
    .replace(new RegExp(ANY, 'g'), '.*');
  return new RegExp(`^${body}$`);
}

function globs(value: unknown): RegExp[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string').map(globPattern) : [];
}

/** Folders (relative to the scanned folder) that hold a pyproject.toml. */
function pyprojectDirs(files: ProjectFiles): string[] {
  return [...files.files].filter((f) => f === 'pyproject.toml' || f.endsWith('/pyproject.toml')).map(dirnameRel).sort();
}

/**
 * The workspace `projectDir` belongs to: its own pyproject.toml when that has [tool.uv.workspace] (the project is
 * the workspace root, member "."), else the nearest folder above whose [tool.uv.workspace] members globs match it
 * (and no exclude glob). Undefined when it is in none.
 */
export async function findUvWorkspace(files: ProjectFiles, projectDir: string, warn: (m: string) => void): Promise<UvWorkspace | undefined> {
  if (!files.files.has(joinRel(projectDir, 'pyproject.toml'))) return undefined;
  for (let dir = projectDir; ; dir = dirnameRel(dir)) {
    const file = joinRel(dir, 'pyproject.toml');
    const table = files.files.has(file) ? ((await readToml(files, file, warn)) as PyProject | undefined)?.tool?.uv?.workspace : undefined;
    if (table && typeof table === 'object') {
      const { members, exclude } = table as WorkspaceTable;
      const included = globs(members);
      const excluded = globs(exclude);
      const isMember = (rel: string): boolean => included.some((g) => g.test(rel)) && !excluded.some((g) => g.test(rel));
      const relative = relativeRel(dir, projectDir);
      // Members are the folders the globs match that hold a pyproject.toml (uv requires one in each).
      const memberDirs = pyprojectDirs(files)
        .filter((d) => (dir === '' || d.startsWith(`${dir}/`)) && d !== dir)
        .map((d) => relativeRel(dir, d))
        .filter(isMember);
      const isRoot = relative === '.';
      // A workspace root without members needs nothing special; a virtual root ([project]-less) cannot be synced by name.
      if (isRoot && memberDirs.length === 0) return undefined;
      if (isRoot || isMember(relative)) {
        const name = (await memberProject(files, projectDir, warn))?.name;
        if (typeof name !== 'string') {
          if (!isRoot) warn(`${joinRel(projectDir, 'pyproject.toml')}: a uv workspace member without [project] name; built on its own`);
          return undefined;
        }
        return { root: dir || '.', member: relative, package: normaliseName(name), members: isRoot ? ['.', ...memberDirs] : memberDirs };
      }
      // uv stops at the first workspace root above a project, member or not.
      return undefined;
    }
    if (!dir) return undefined;
  }
}

async function memberProject(files: ProjectFiles, dir: string, warn: (m: string) => void): Promise<PyProject['project'] | undefined> {
  return ((await readToml(files, joinRel(dir, 'pyproject.toml'), warn)) as PyProject | undefined)?.project;
}

/**
 * What `uv sync --package <member>` installs: the member's dependencies (and its default groups), plus those of the
 * workspace members it depends on, transitively. Files are relative to the workspace root: the root
 * pyproject.toml and uv.lock, then every member's pyproject.toml (uv reads them all to know the workspace).
 */
export async function readUvWorkspaceDependencies(files: ProjectFiles, workspace: UvWorkspace, warn: (m: string) => void): Promise<DependencyFacts> {
  const root = workspace.root === '.' ? '' : workspace.root;
  const byName = new Map<string, { dir: string; pyproject: PyProject | undefined }>();
  for (const dir of workspace.members) {
    const pyproject = (await readToml(files, joinRel(root, dir, 'pyproject.toml'), warn)) as PyProject | undefined;
    const name = pyproject?.project?.name;
    if (typeof name === 'string') byName.set(normaliseName(name), { dir, pyproject });
  }
  const member = byName.get(workspace.package);
  const requirements: Requirement[] = [];
  const visited = new Set<string>();
  const visit = (name: string, withGroups: boolean): void => {
    if (visited.has(name)) return;
    visited.add(name);
    const pyproject = byName.get(name)?.pyproject;
    const own = [...pep621Requirements(pyproject), ...(withGroups ? uvDefaultGroupRequirements(pyproject) : [])];
    requirements.push(...own);
    for (const requirement of own) if (byName.has(requirement.name)) visit(requirement.name, false);
  };
  visit(workspace.package, true);
  const listed = [...new Set(['pyproject.toml', 'uv.lock', ...workspace.members.map((dir) => joinRel(dir, 'pyproject.toml'))])];
  return {
    manager: 'uv',
    files: listed.filter((file) => files.files.has(joinRel(root, file))),
    requirements,
    pyproject: member?.pyproject,
    pipfile: undefined,
    localInstalls: [],
  };
}
