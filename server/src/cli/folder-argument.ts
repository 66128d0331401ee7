/** Checking a folder given on the command line, with the reason in words (a loop is not "missing"). */
import * as fs from 'node:fs';

/** Why `dir` is not a usable folder, or null when it is one. */
export function folderProblem(dir: string): string | null {
  try {
    return fs.statSync(dir).isDirectory() ? null : `${dir} is not a folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${dir} does not exist`;
    if (code === 'ELOOP') return `${dir} is a symbolic link loop`;
    if (code === 'ENOTDIR') return `${dir} does not exist (part of the path is a file)`;
    if (code === 'EACCES') return `${dir}: permission denied`;
    return `${dir}: ${(error as Error).message}`;
  }
}
