/**
 * One async walk of a folder tree, shared by detection and the workspace model.
 * Skips what never belongs to a Django project's sources (VCS data, virtualenvs, caches, build output)
 * without descending into it, so 20k-file workspaces stay cheap.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Folder names never descended into. Virtualenvs are recognised by their pyvenv.cfg (conda: conda-meta/), whatever their name. */
export const SKIPPED_DIR_NAMES: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', 'site-packages', 'dist-packages',
  'dist', 'build', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs', 'htmlcov',
  '.cache', '.idea',
]);

export type SkipReason = 'virtualenv' | 'ignored';

export interface ScanResult {
  /** Absolute, resolved path of the scanned folder. */
  dir: string;
  /** Files relative to dir, forward slashes, sorted. */
  files: string[];
  /** Folders present but not walked, relative to dir, with why (a virtualenv is worth telling apart). */
  skippedDirs: Map<string, SkipReason>;
  /** True when maxFiles stopped the walk early. */
  truncated: boolean;
  /** Folders that could not be read (permissions), relative to dir. */
  unreadableDirs: string[];
}

export interface ScanOptions {
  /** Stop after this many files (the result says truncated). */
  maxFiles?: number;
  /** Parallel readdir calls. */
  concurrency?: number;
}

function isSkippedName(name: string): boolean {
  return SKIPPED_DIR_NAMES.has(name) || name.endsWith('.egg-info');
}

/** Walks dir (which must exist and be a folder; the caller checks and reports). */
export async function scanTree(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const root = path.resolve(dir);
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const concurrency = options.concurrency ?? 16;
  const result: ScanResult = { dir: root, files: [], skippedDirs: new Map(), truncated: false, unreadableDirs: [] };
  // Breadth first, so a capped walk keeps the shallow files (manage.py, manifests, settings packages).
  const queue: string[] = [''];
  let next = 0;
  let active = 0;

  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < concurrency && next < queue.length && !result.truncated) {
        const rel = queue[next++];
        active++;
        readOne(rel).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0 && (next >= queue.length || result.truncated)) resolve();
    };

    const readOne = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(rel ? path.join(root, rel) : root, { withFileTypes: true });
      } catch {
        result.unreadableDirs.push(rel || '.');
        return;
      }
      // A virtualenv or conda environment (but never the scanned folder itself) is dropped whole.
      if (rel && entries.some((e) => (e.name === 'pyvenv.cfg' && !e.isDirectory()) || (e.name === 'conda-meta' && e.isDirectory()))) {
        result.skippedDirs.set(rel, 'virtualenv');
        return;
      }
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (isSkippedName(entry.name)) result.skippedDirs.set(childRel, 'ignored');
          else queue.push(childRel);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          if (result.files.length >= maxFiles) {
            result.truncated = true;
            return;
          }
          result.files.push(childRel);
        }
      }
    };

    pump();
  });

  result.files.sort();
  return result;
}

/** Folders implied by a file list ("a/b/c.txt" gives "a" and "a/b"); "" is the root. */
export function dirsOf(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const file of files) {
    let slash = file.lastIndexOf('/');
    while (slash > 0) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
      slash = dir.lastIndexOf('/');
    }
  }
  return dirs;
}
