/**
 * The WorkspaceModel rules and features see for one Dockerfile: its build context's files (scanned with
 * detection's skips, capped) and the Django project built from that context.
 *
 * Cost and caching: `loadWorkspaceModel` scans the context and runs detection on every call (a few ms
 * for a small project, more for 20k files), so callers that ask often keep the model per context and
 * drop it on file-change events (the language server's lsp/workspace-models.ts does). A model caches
 * its file reads (readFile is synchronous for rules), which is one more reason to drop it on change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectProjectsInFiles } from './detect';
import { diskProjectFiles } from './project-files';
import { scanTree, type SkipReason } from './scan';
import type { DjangoProject } from './types';
import type { WorkspaceModel } from './workspace';

/** A build context bigger than this is listed partially (rules must not assume completeness). */
export const WORKSPACE_FILE_CAP = 20_000;
/** readFile returns undefined for files bigger than this (a Dockerfile rule never needs them). */
const MAX_READ_FILE_BYTES = 1024 * 1024;

export interface LoadedWorkspaceModel extends WorkspaceModel {
  /** Folders present in the context but not listed (virtualenvs, node_modules, .git, caches). */
  skippedDirs: ReadonlyMap<string, SkipReason>;
  /** True when the context held more than WORKSPACE_FILE_CAP files. */
  truncated: boolean;
}

/**
 * `dockerfilePath` may also be the context folder itself (the language server's loader passes the
 * context only): a folder given alone is the context, with the Dockerfile assumed at its top.
 */
export async function loadWorkspaceModel(dockerfilePath: string, contextDir?: string): Promise<LoadedWorkspaceModel> {
  if (contextDir === undefined && (await isDirectory(dockerfilePath))) {
    contextDir = dockerfilePath;
    dockerfilePath = path.join(dockerfilePath, 'Dockerfile');
  }
  const context = path.resolve(contextDir ?? path.dirname(path.resolve(dockerfilePath)));
  // A missing context is an empty one: rules then see no files.
  const isDir = await isDirectory(context);
  if (!isDir) return { ...workspaceModelFromFiles(context, null, new Map()), skippedDirs: new Map(), truncated: false };

  const scan = await scanTree(context, { maxFiles: WORKSPACE_FILE_CAP });
  const detected = await detectProjectsInFiles(diskProjectFiles(context, scan.files), { skippedDirs: scan.skippedDirs });
  const dockerfileRel = path.relative(context, path.resolve(dockerfilePath)).split(path.sep).join('/');
  const project = projectForDockerfile(detected.projects, dockerfileRel);
  return {
    contextDir: context,
    project,
    files: new Set(scan.files),
    readFile: cachedDiskReader(context),
    skippedDirs: scan.skippedDirs,
    truncated: scan.truncated,
  };
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The project a Dockerfile builds: the one rooted at the context, else the deepest one whose root
 * holds the Dockerfile, else the only one.
 */
export function projectForDockerfile(projects: DjangoProject[], dockerfileRel: string): DjangoProject | null {
  const atContext = projects.find((p) => p.root === '.');
  if (atContext) return atContext;
  const containing = projects
    .filter((p) => dockerfileRel.startsWith(`${p.root}/`))
    .sort((a, b) => b.root.length - a.root.length);
  if (containing[0]) return containing[0];
  return projects.length === 1 ? projects[0] : null;
}

function cachedDiskReader(context: string): (relPath: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (relPath) => {
    if (cache.has(relPath)) return cache.get(relPath);
    const absolute = path.resolve(context, relPath);
    let text: string | undefined;
    if (absolute === context || absolute.startsWith(context + path.sep)) {
      try {
        // Only regular files: a symlink to a FIFO would block the reader forever.
        const stat = fs.statSync(absolute);
        if (stat.isFile() && stat.size <= MAX_READ_FILE_BYTES) text = fs.readFileSync(absolute, 'utf8');
      } catch {
        text = undefined;
      }
    }
    cache.set(relPath, text);
    return text;
  };
}

/** A WorkspaceModel over in-memory files (tests, unsaved buffers): relative path -> text. */
export function workspaceModelFromFiles(contextDir: string, project: DjangoProject | null, files: ReadonlyMap<string, string>): WorkspaceModel {
  const snapshot = new Map(files);
  return {
    contextDir,
    project,
    files: new Set(snapshot.keys()),
    readFile: (relPath) => snapshot.get(relPath.replace(/^\.\//, '')),
  };
}
