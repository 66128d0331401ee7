/**
 * Debounced diagnostics: each change restarts the document's timer; when it fires the analysis runs
 * and is published only if the document is still at that version (stale results are dropped).
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from '../features/diagnostic';
import { AnalysisSuperseded, type Analyses } from './analysis';
import { Debouncer } from './debouncer';

export interface DiagnosticsSink {
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  currentVersion(uri: string): number | undefined;
  log(message: string): void;
  /** Diagnostics from outside the lint run merged into each publication (ECR scan findings). */
  extra?(document: TextDocument): Diagnostic[];
}

export class DiagnosticsScheduler {
  private readonly debouncer: Debouncer;
  /** Latest run per document: an older run that finishes late must not overwrite a newer one. */
  private readonly latestRun = new Map<string, number>();
  private runs = 0;

  constructor(
    private readonly analyses: Analyses,
    private readonly sink: DiagnosticsSink,
    delayMs: number,
  ) {
    this.debouncer = new Debouncer(delayMs);
  }

  setDelay(delayMs: number): void {
    this.debouncer.setDelay(delayMs);
  }

  schedule(document: TextDocument): void {
    this.debouncer.schedule(document.uri, () => void this.run(document));
  }

  cancel(uri: string): void {
    this.debouncer.cancel(uri);
    this.latestRun.delete(uri);
  }

  dispose(): void {
    this.debouncer.cancelAll();
  }

  private async run(document: TextDocument): Promise<void> {
    const run = ++this.runs;
    this.latestRun.set(document.uri, run);
    try {
      const analysis = await this.analyses.analyze(document);
      if (this.latestRun.get(document.uri) !== run) return;
      if (this.sink.currentVersion(document.uri) !== analysis.version) return;
      this.sink.publish(document.uri, analysis.version, [...analysis.findings.map(toDiagnostic), ...(this.sink.extra?.(document) ?? [])]);
    } catch (error) {
      // A newer run of this document has taken over: it publishes.
      if (error instanceof AnalysisSuperseded) return;
      this.sink.log(`diagnostics for ${document.uri} failed: ${(error as Error).stack ?? error}`);
    }
  }
}
