/** Starts the bundled language server and keeps its view of trust and settings current. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { isExplicitlySet, SECTION } from './settings';

/** Extensions that already report generic Dockerfile problems (ids as published). */
const OTHER_DOCKERFILE_LINTERS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

/** Generic rules stay on unless another Dockerfile linter is installed and enabled, or the user decided. */
export function effectiveGenericRules(): boolean {
  const configured = vscode.workspace.getConfiguration(SECTION).get<boolean>('lint.genericRules', true);
  if (isExplicitlySet('lint.genericRules')) return configured;
  return !OTHER_DOCKERFILE_LINTERS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

export async function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Dockerfile,Dockerfile.*,*.dockerfile,Containerfile,Containerfile.*}' },
    ],
    outputChannel: log,
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, genericRules: effectiveGenericRules() }),
    middleware: {
      workspace: {
        // The server pulls `djangoContainer`; the generic-rules default depends on other extensions, so answer with the effective value.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => {
            if (params.items[i]?.section !== SECTION || typeof value !== 'object' || value === null) return value;
            const section = value as Record<string, unknown>;
            return { ...section, lint: { ...(section.lint as object | undefined), genericRules: effectiveGenericRules() } };
          });
        },
      },
    },
  };
  const client = new LanguageClient('djangoContainerTools', 'Django Container Tools', serverOptions, clientOptions);
  // `settings: null` makes the server pull `djangoContainer` again (through the middleware above).
  const refresh = () => {
    if (!client.isRunning()) return;
    client.sendNotification(DidChangeConfigurationNotification.type, { settings: null })
      .catch((error: unknown) => log.warn(`settings refresh not sent: ${error instanceof Error ? error.message : String(error)}`));
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(SECTION)) refresh(); }),
    vscode.extensions.onDidChange(refresh),
    // Trust only travels in initializationOptions: restart so the server may reach AWS.
    vscode.workspace.onDidGrantWorkspaceTrust(() => { client.restart().catch((error: unknown) => log.error(`language server restart failed: ${String(error)}`)); }),
  );
  await client.start();
  log.info(`language server started (trusted: ${vscode.workspace.isTrusted}, generic rules: ${effectiveGenericRules()})`);
  return client;
}
