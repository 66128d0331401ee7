/**
 * Linting off the main thread: the worker owns its own workspace-model cache and runs
 * lintDockerfile, so a long lint (4000 lines, the generic layer) never delays completions or hovers.
 * The main side (LintWorker) falls back to linting in process if the worker cannot run.
 */
import { Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { loadWorkspaceModel } from '../project/load-workspace';
import { lintDockerfile, type LintFinding } from '../rules/engine';
import type { Severity } from '../rules/types';
import { WorkspaceModels } from './workspace-models';

export const LINT_WORKER_ROLE = 'django-container-lint-worker';

export interface LintJob {
  text: string;
  dockerfilePath: string | null;
  roots: readonly string[];
  severities: Readonly<Record<string, Severity | 'off'>>;
  genericRules: boolean;
}

type ToWorker = { kind: 'lint'; id: number; job: LintJob } | { kind: 'invalidate'; paths: string[] } | { kind: 'clear' };
type FromWorker = { id: number; findings?: LintFinding[]; error?: string };

/** Worker side: answers lint jobs in order, keeping workspace models until told they changed. */
export function runLintWorker(port: MessagePort): void {
  // The worker's stdout is the process's stdout, which carries the LSP stream under --stdio.
  console.log = console.info = console.debug = console.warn = console.error;
  const workspaces = new WorkspaceModels(loadWorkspaceModel);
  port.on('message', async (message: ToWorker) => {
    if (message.kind === 'invalidate') workspaces.invalidate(message.paths);
    else if (message.kind === 'clear') workspaces.clear();
    else {
      try {
        const workspace = await workspaces.forDockerfile(message.job.dockerfilePath, message.job.roots);
        const findings = lintDockerfile(message.job.text, { workspace, severities: message.job.severities, genericRules: message.job.genericRules });
        port.postMessage({ id: message.id, findings } satisfies FromWorker);
      } catch (error) {
        port.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) } satisfies FromWorker);
      }
    }
  });
}

/**
 * Main side. The worker thread (a second V8 heap with its own workspace cache) starts on the first long
 * document only; `lint` rejects when the worker is gone and callers then lint in process.
 */
export class LintWorker {
  /** undefined: not started yet; null: could not start or stopped. */
  private worker: Worker | null | undefined;
  private readonly pending = new Map<number, { resolve: (findings: LintFinding[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(private readonly entry: string, private readonly log: (message: string) => void) {}

  get available(): boolean {
    return this.worker !== null;
  }

  lint(job: LintJob): Promise<LintFinding[]> {
    if (this.worker === undefined) this.worker = this.start(this.entry);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('lint worker unavailable'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ kind: 'lint', id, job } satisfies ToWorker);
    });
  }

  invalidate(paths: string[]): void {
    this.worker?.postMessage({ kind: 'invalidate', paths } satisfies ToWorker);
  }

  clear(): void {
    this.worker?.postMessage({ kind: 'clear' } satisfies ToWorker);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(entry: string): Worker | null {
    this.log('lint worker starting (a long Dockerfile is open)');
    try {
      const worker = new Worker(entry, { workerData: { role: LINT_WORKER_ROLE } });
      worker.unref();
      worker.on('message', (message: FromWorker) => {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.findings) waiter?.resolve(message.findings);
        else waiter?.reject(new Error(message.error ?? 'lint failed'));
      });
      const gone = (why: string) => {
        if (this.worker === worker) this.log(`lint worker stopped (${why}); linting in process from now on`);
        if (this.worker === worker) this.worker = null;
        for (const waiter of this.pending.values()) waiter.reject(new Error(why));
        this.pending.clear();
      };
      worker.on('error', (error) => gone(error.message));
      worker.on('exit', (code) => gone(`exit ${code}`));
      return worker;
    } catch (error) {
      this.log(`lint worker could not start (${(error as Error).message}); linting in process`);
      return null;
    }
  }
}
