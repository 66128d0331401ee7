/**
 * LSP wiring only: documents in, engine calls, LSP shapes out. Runs under the VS Code client (IPC)
 * and standalone with --stdio for other editors. No domain logic lives here: each capability is a
 * features/ module, caches and debouncing are the lsp/ helpers beside this file.
 */
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyses, filePathOf } from './analysis';
import { DiagnosticsScheduler } from './diagnostics';
import { DocumentModels } from './document-models';
import { initialSettings, mergeConfiguration, type InitOptions, type ServerSettings } from './settings';
import { WorkspaceModels, type WorkspaceLoader } from './workspace-models';

const CONFIGURATION_SECTION = 'djangoContainer';
/** Files whose change alters what workspace-aware rules know about a build context. */
const WATCHED_GLOBS = ['**/*.py', '**/requirements*.txt', '**/requirements/**', '**/.dockerignore', '**/pyproject.toml', '**/Pipfile', '**/Pipfile.lock', '**/poetry.lock', '**/uv.lock', '**/pdm.lock', '**/.python-version', '**/runtime.txt', '**/setup.cfg'];

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);

let settings: ServerSettings = initialSettings(undefined);
let roots: string[] = [];
let pullsConfiguration = false;
let registersWatchers = false;

const loadWorkspace: WorkspaceLoader = () => null;
const workspaces = new WorkspaceModels(loadWorkspace, log);
const analyses = new Analyses(new DocumentModels(), workspaces, () => settings, () => roots);
const diagnostics = new DiagnosticsScheduler(
  analyses,
  {
    publish: (uri, version, items) => void connection.sendDiagnostics({ uri, version, diagnostics: items }),
    currentVersion: (uri) => documents.get(uri)?.version,
    log,
  },
  settings.diagnosticsDelayMs,
);

connection.onInitialize((params: InitializeParams) => {
  settings = initialSettings(params.initializationOptions as InitOptions | undefined);
  diagnostics.setDelay(settings.diagnosticsDelayMs);
  roots = workspaceRoots(params);
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  registersWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'django-container-tools' },
  };
});

connection.onInitialized(() => {
  if (registersWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
    });
  }
  void refreshConfiguration();
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | undefined)?.[CONFIGURATION_SECTION];
  if (pushed !== undefined) applySettings(mergeConfiguration(settings, pushed));
  else void refreshConfiguration();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  const paths = changes.map((change) => filePathOf(change.uri)).filter((p): p is string => p !== null);
  if (workspaces.invalidate(paths)) relintAll();
});

documents.onDidChangeContent(({ document }) => diagnostics.schedule(document));
documents.onDidClose(({ document }) => {
  diagnostics.cancel(document.uri);
  analyses.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onShutdown(() => diagnostics.dispose());

async function refreshConfiguration(): Promise<void> {
  if (!pullsConfiguration) return;
  try {
    const section: unknown = await connection.workspace.getConfiguration(CONFIGURATION_SECTION);
    applySettings(mergeConfiguration(settings, section));
  } catch (error) {
    log(`reading ${CONFIGURATION_SECTION} settings failed: ${(error as Error).message}`);
  }
}

function applySettings(next: ServerSettings): void {
  settings = next;
  analyses.settingsRevision++;
  relintAll();
}

function relintAll(): void {
  for (const document of documents.all()) diagnostics.schedule(document);
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

documents.listen(connection);
connection.listen();
