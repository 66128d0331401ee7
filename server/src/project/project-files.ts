/**
 * The view of a scanned folder that detection works on: a file list for existence checks (no stat per
 * question) and cached, size-capped reads. Readers other than the disk (tests, memory) plug in here.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { dirsOf } from './scan';

/** Source files we parse are small; anything bigger is not a settings/manifest file worth reading whole. */
export const MAX_READ_BYTES = 1024 * 1024;

/** `truncated`: the file is bigger than the bytes asked for, so `text` is only its head. */
export type ReadOutcome = { text: string; truncated?: boolean } | { error: string };

export interface ProjectFiles {
  /** Files relative to the scanned folder, forward slashes. */
  readonly files: ReadonlySet<string>;
  /** Folders implied by files ("" is the scanned folder). */
  readonly dirs: ReadonlySet<string>;
  /** Reads a file (relative path); `maxBytes` reads only the head (lock files). */
  read(rel: string, maxBytes?: number): Promise<ReadOutcome>;
}

export function diskProjectFiles(dir: string, files: Iterable<string>): ProjectFiles {
  const fileSet = new Set(files);
  const cache = new Map<string, Promise<ReadOutcome>>();
  return {
    files: fileSet,
    dirs: dirsOf(fileSet),
    read(rel, maxBytes = MAX_READ_BYTES) {
      const key = `${maxBytes}:${rel}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = readHead(path.join(dir, rel), maxBytes);
        cache.set(key, pending);
      }
      return pending;
    },
  };
}

export function memoryProjectFiles(files: ReadonlyMap<string, string>): ProjectFiles {
  return {
    files: new Set(files.keys()),
    dirs: dirsOf(files.keys()),
    async read(rel, maxBytes = MAX_READ_BYTES) {
      const text = files.get(rel);
      if (text === undefined) return { error: 'no such file' };
      return text.length > maxBytes ? { text: text.slice(0, maxBytes), truncated: true } : { text };
    },
  };
}

async function readHead(file: string, maxBytes: number): Promise<ReadOutcome> {
  let handle;
  try {
    // A symlink may point at a FIFO or a device: opening those blocks (or never ends), so only regular files are read.
    if (!(await fsp.stat(file)).isFile()) return { error: 'not a regular file' };
    handle = await fsp.open(file, 'r');
    const size = (await handle.stat()).size;
    const wanted = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(wanted);
    let length = 0;
    while (length < wanted) {
      const { bytesRead } = await handle.read(buffer, length, wanted - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const text = buffer.toString('utf8', 0, length);
    return size > maxBytes ? { text, truncated: true } : { text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : code === 'ELOOP' ? 'symbolic link loop' : (error as Error).message };
  } finally {
    await handle?.close();
  }
}

/** Joins POSIX relative paths; "" and "." are the scanned folder. */
export function joinRel(...parts: string[]): string {
  const joined = path.posix.normalize(parts.filter((p) => p && p !== '.').join('/') || '.');
  return joined === '.' ? '' : joined;
}

export function dirnameRel(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

/** `to` relative to folder `from` (both relative to the scanned folder), "." when equal. */
export function relativeRel(from: string, to: string): string {
  return path.posix.relative(from || '.', to || '.') || '.';
}
