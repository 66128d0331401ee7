/** Thin client: starts the bundled language server, registers commands and the push status bar. No domain logic here. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerGenerateCommand } from './generate/generateCommand';
import { PREVIEW_SCHEME, PreviewProvider } from './generate/previewProvider';
import { startLanguageClient } from './languageClient';
import { registerPush, type PushApi } from './push/pushFeature';
import { SCAN_FINDINGS_NOTIFICATION } from '../../server/src/lsp/scan-findings-protocol';

let client: LanguageClient | undefined;

/** What the extension offers other extensions and automation (e.g. observing the push status). */
export interface DjangoContainerApi {
  push: PushApi;
  /** How long activate() took, language server start included (also logged; the benchmarks read it). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<DjangoContainerApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Django Container Tools', { log: true });
  const preview = new PreviewProvider();
  context.subscriptions.push(
    log,
    preview,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.commands.registerCommand('djangoContainer.showOutput', () => log.show()),
    registerGenerateCommand(preview, log),
  );
  // Scan findings go to the language server, which shows them on the Dockerfile's FROM line.
  const push = registerPush(context, log, (params) => { void client?.sendNotification(SCAN_FINDINGS_NOTIFICATION, params); });
  // Commands work even if the server fails to start; the failure is reported, not thrown.
  try {
    client = await startLanguageClient(context, log);
  } catch (error) {
    log.error(`language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(0)} ms`);
  return { push, activationMs };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
