/**
 * LSP wiring only: documents in, engine calls, LSP shapes out. Runs under the VS Code client (IPC)
 * and standalone with --stdio for other editors. No domain logic lives here: each capability is a
 * features/ module, caches and debouncing are the lsp/ helpers beside this file.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadWorkspaceModel } from '../project/load-workspace';
import type { FeatureContext } from '../features/context';
import { COMPLETION_TRIGGER_CHARACTERS, completionsAt } from '../features/completion';
import { hoverAt } from '../features/hover';
import { codeActionsFor } from '../features/code-actions';
import { Analyses, filePathOf } from './analysis';
import { DiagnosticsScheduler } from './diagnostics';
import { DocumentModels } from './document-models';
import { EcrCatalogs } from './ecr-catalogs';
import { initialSettings, mergeConfiguration, type InitOptions, type ServerSettings } from './settings';
import { WorkspaceModels } from './workspace-models';

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
let refreshesInlayHints = false;
let appliesDocumentChanges = false;

const workspaces = new WorkspaceModels(loadWorkspaceModel, log);
const models = new DocumentModels();
const analyses = new Analyses(models, workspaces, () => settings, () => roots);
const ecrCatalogs = new EcrCatalogs(process.env, log, () => {
  if (refreshesInlayHints) void connection.languages.inlayHint.refresh();
});
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
  refreshesInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
  appliesDocumentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
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
// Warm the ECR listing in the background as soon as a Dockerfile opens (no-op when AWS is off).
documents.onDidOpen(() => void ecrCatalogs.forSettings(settings)?.snapshot());

connection.onCompletion(async ({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  return document ? completionsAt(await featureContext(document, false), position) : null;
});

connection.onHover(async ({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  return document ? hoverAt(await featureContext(document, true), position) : null;
});
documents.onDidClose(({ document }) => {
  diagnostics.cancel(document.uri);
  analyses.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onShutdown(() => diagnostics.dispose());

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  if (!document) return null;
  return codeActionsFor(await featureContext(document, true), range, { documentChanges: appliesDocumentChanges, only: context.only });
});

/** Completions skip linting (they must be instant); hovers and code actions read the findings. */
async function featureContext(document: TextDocument, withFindings: boolean): Promise<FeatureContext> {
  const ecr = ecrCatalogs.forSettings(settings);
  if (withFindings) {
    const analysis = await analyses.analyze(document);
    return { document, dockerfile: analysis.dockerfile, workspace: analysis.workspace, findings: analysis.findings, ecr };
  }
  return { document, dockerfile: models.get(document), workspace: await analyses.workspaceOf(document), findings: [], ecr };
}

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
