/**
 * Scan findings the client reports after a push (`djangoContainer/scanFindings`), kept per Dockerfile and
 * published with the lint diagnostics until a FROM line changes or a newer push replaces them.
 */
import * as fs from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { ScanReport } from '../ecr/scan-report';
import type { ScanFindingsParams } from './scan-findings-protocol';

export { SCAN_FINDINGS_NOTIFICATION, type ScanFindingsParams } from './scan-findings-protocol';
import { fromSignature, scanDiagnostics } from '../features/scan-diagnostics';
import { filePathOf } from './analysis';

interface Entry { report: ScanReport; target?: string; signature: string }

export class ScanFindingsStore {
  private readonly byUri = new Map<string, Entry>();

  /** `text`: the Dockerfile as it is now (the open document, else the file); its FROM lines anchor the findings. */
  accept(params: ScanFindingsParams, text: string | undefined): void {
    if (text === undefined || params.report.outcome !== 'complete') {
      this.byUri.delete(params.uri);
      return;
    }
    this.byUri.set(params.uri, { report: params.report, target: params.target, signature: fromSignature(parseDockerfile(text)) });
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  /** The findings' diagnostics for the document's current text; forgets them once a FROM line differs. */
  diagnosticsFor(uri: string, model: () => DockerfileModel): Diagnostic[] {
    const entry = this.byUri.get(uri);
    if (!entry) return [];
    const current = model();
    if (fromSignature(current) !== entry.signature) {
      this.byUri.delete(uri);
      return [];
    }
    return scanDiagnostics(current, entry.report, entry.target);
  }

  /** For a Dockerfile that is not open: its findings over the file on disk. */
  diagnosticsOnDisk(uri: string): Diagnostic[] {
    if (!this.byUri.has(uri)) return [];
    const text = readText(uri);
    return text === undefined ? [] : this.diagnosticsFor(uri, () => parseDockerfile(text));
  }
}

export function readText(uri: string): string | undefined {
  const file = filePathOf(uri);
  if (!file) return undefined;
  try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
}
