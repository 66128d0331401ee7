import type { DjangoProject } from './types';

/**
 * What workspace-aware rules and features may know about the build context around a Dockerfile.
 * Built from disk by the server/CLI; tests build it from fixtures. Rules never touch the disk themselves.
 */
export interface WorkspaceModel {
  /** Absolute path of the build context (the folder `docker build` is run in). */
  contextDir: string;
  /** The Django project whose root is the build context, if any. */
  project: DjangoProject | null;
  /** Files of the context relative to contextDir, forward slashes (scanned with detection's skips). */
  files: ReadonlySet<string>;
  /** Text of a context file (relative path), or undefined when missing/unreadable. */
  readFile(relPath: string): string | undefined;
}
