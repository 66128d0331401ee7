/**
 * The workspace model of each build context, loaded once and kept until a watched file inside the
 * context changes (manage.py, settings, requirements, .dockerignore, *.py). Loading is async so a
 * slow disk never blocks typing; concurrent requests for one context share one load. Keyed by context:
 * Dockerfiles of one context share its model (the first one's path picks the project when several
 * projects sit below a context without manage.py).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceModel } from '../project/workspace';

export type WorkspaceLoader = (dockerfilePath: string, contextDir: string) => WorkspaceModel | null | Promise<WorkspaceModel | null>;

export class WorkspaceModels {
  private readonly byContext = new Map<string, Promise<WorkspaceModel | null>>();
  /** Bumped on every invalidation so callers can tell that results computed earlier are stale. */
  generation = 0;

  constructor(
    private readonly load: WorkspaceLoader,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The model for the build context of a Dockerfile, or null when it has no folder on disk. */
  forDockerfile(dockerfilePath: string | null, roots: readonly string[]): Promise<WorkspaceModel | null> {
    if (!dockerfilePath) return Promise.resolve(null);
    const contextDir = buildContextOf(dockerfilePath, roots);
    let pending = this.byContext.get(contextDir);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => this.load(dockerfilePath, contextDir))
        .catch((error: unknown) => {
          this.log(`workspace model for ${contextDir} failed: ${(error as Error).message ?? error}`);
          return null;
        });
      this.byContext.set(contextDir, pending);
    }
    return pending;
  }

  /**
   * Drops every context containing one of the changed files. Returns (and bumps the generation)
   * when that dropped a model or touches the context of one of the `open` Dockerfiles (whose model
   * may still be loading, or was never asked for by a request).
   */
  invalidate(changedPaths: readonly string[], open: readonly string[] = [], roots: readonly string[] = []): boolean {
    let dropped = false;
    for (const contextDir of [...this.byContext.keys()]) {
      if (changedPaths.some((changed) => isInside(changed, contextDir))) {
        this.byContext.delete(contextDir);
        dropped = true;
      }
    }
    const touchesOpen = open.some((dockerfile) => {
      const contextDir = buildContextOf(dockerfile, roots);
      return changedPaths.some((changed) => isInside(changed, contextDir));
    });
    if (dropped || touchesOpen) this.generation++;
    return dropped || touchesOpen;
  }

  clear(): void {
    this.byContext.clear();
    this.generation++;
  }
}

/**
 * The folder `docker build` most likely runs in for this Dockerfile: the nearest folder at or above
 * it that holds manage.py, without leaving the workspace folder; else the Dockerfile's own folder.
 */
export function buildContextOf(dockerfilePath: string, roots: readonly string[]): string {
  const start = path.dirname(dockerfilePath);
  const root = roots.filter((candidate) => isInside(start, candidate)).sort((a, b) => b.length - a.length)[0];
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'manage.py'))) return dir;
    if (dir === root || path.dirname(dir) === dir || (root === undefined && dir !== start)) break;
  }
  return start;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
