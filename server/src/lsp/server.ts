/**
 * LSP wiring only: documents in, engine calls, LSP shapes out. Runs under the VS Code client (IPC)
 * and standalone with --stdio for other editors. No domain logic lives here: each capability is a
 * features/ module; caches, debouncing and settings are the lsp/ helpers beside this file.
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
import { codeActionsFor } from '../features/code-actions';
import { COMPLETION_TRIGGER_CHARACTERS, completionsAt } from '../features/completion';
import type { FeatureContext } from '../features/context';
import { documentLinksFor } from '../features/document-links';
import { hoverAt } from '../features/hover';
import { inlayHintsFor } from '../features/inlay-hints';
import { loadWorkspaceModel } from '../project/load-workspace';
import { Analyses, AnalysisSuperseded, filePathOf } from './analysis';
import { DiagnosticsScheduler } from './diagnostics';
import { DocumentModels } from './document-models';
import { EcrCatalogs } from './ecr-catalogs';
import { readText, SCAN_FINDINGS_NOTIFICATION, ScanFindingsStore, type ScanFindingsParams } from './scan-findings';
import { initialSettings, mergeConfiguration, type InitOptions, type ServerSettings } from './settings';
import { WorkspaceModels } from './workspace-models';

const CONFIGURATION_SECTION = 'djangoContainer';
/** Files whose change alters what workspace-aware rules know about a build context. */
const WATCHED_GLOBS = ['**/*.py', '**/requirements*.txt', '**/requirements/**', '**/.dockerignore', '**/pyproject.toml', '**/Pipfile', '**/Pipfile.lock', '**/poetry.lock', '**/uv.lock', '**/pdm.lock', '**/.python-version', '**/runtime.txt', '**/setup.cfg'];

startServer();

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);

  let settings: ServerSettings = initialSettings(undefined);
  let roots: string[] = [];
  let client = { pullsConfiguration: false, registersWatchers: false, refreshesInlayHints: false, appliesDocumentChanges: false, tracksFolders: false };

  const models = new DocumentModels();
  const workspaces = new WorkspaceModels(loadWorkspaceModel, log);
  const analyses = new Analyses(models, workspaces, () => settings, () => roots);
  const ecrCatalogs = new EcrCatalogs(process.env, log, () => {
    if (client.refreshesInlayHints) void connection.languages.inlayHint.refresh();
  });
  const scanFindings = new ScanFindingsStore();
  const diagnostics = new DiagnosticsScheduler(
    analyses,
    {
      publish: (uri, version, items) => void connection.sendDiagnostics({ uri, version, diagnostics: items }),
      currentVersion: (uri) => documents.get(uri)?.version,
      log,
      extra: (document) => scanFindings.diagnosticsFor(document.uri, () => models.peek(document)),
    },
    settings.diagnosticsDelayMs,
  );

  connection.onInitialize((params: InitializeParams) => {
    settings = initialSettings(params.initializationOptions as InitOptions | undefined);
    diagnostics.setDelay(settings.diagnosticsDelayMs);
    roots = workspaceRoots(params);
    const workspace = params.capabilities.workspace;
    client = {
      pullsConfiguration: workspace?.configuration === true,
      registersWatchers: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      refreshesInlayHints: workspace?.inlayHint?.refreshSupport === true,
      appliesDocumentChanges: workspace?.workspaceEdit?.documentChanges === true,
      tracksFolders: workspace?.workspaceFolders === true,
    };
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'django-container-tools' },
    };
  });

  connection.onInitialized(() => {
    if (client.registersWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
      });
    }
    if (client.tracksFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((folder) => filePathOf(folder.uri)));
        roots = [...roots.filter((root) => !gone.has(root)), ...added.map((folder) => filePathOf(folder.uri)).filter((p): p is string => p !== null)];
        workspaces.clear();
        relintAll();
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
    const open = documents.all().map((document) => filePathOf(document.uri)).filter((p): p is string => p !== null);
    if (workspaces.invalidate(paths, open, roots)) relintAll();
  });

  documents.onDidChangeContent(({ document }) => diagnostics.schedule(document));
  // Warm the ECR listing in the background as soon as a Dockerfile opens (no-op when AWS is off).
  documents.onDidOpen(() => void ecrCatalogs.forSettings(settings)?.snapshot());
  documents.onDidClose(({ document }) => {
    diagnostics.cancel(document.uri);
    analyses.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: scanFindings.diagnosticsOnDisk(document.uri) });
  });

  connection.onNotification(SCAN_FINDINGS_NOTIFICATION, (params: ScanFindingsParams) => {
    const open = documents.get(params.uri);
    scanFindings.accept(params, open?.getText() ?? readText(params.uri));
    if (open) diagnostics.schedule(open);
    else void connection.sendDiagnostics({ uri: params.uri, diagnostics: scanFindings.diagnosticsOnDisk(params.uri) });
  });

  connection.onCompletion(({ textDocument, position }) =>
    withContext(textDocument.uri, false, (context) => completionsAt(context, position)));
  connection.onHover(({ textDocument, position }) =>
    withContext(textDocument.uri, true, (context) => hoverAt(context, position)));
  connection.onCodeAction(({ textDocument, range, context: request }) =>
    withContext(textDocument.uri, true, (context) =>
      codeActionsFor(context, range, { documentChanges: client.appliesDocumentChanges, only: request.only })));
  connection.languages.inlayHint.on(({ textDocument, range }) =>
    withContext(textDocument.uri, false, (context) => inlayHintsFor(context, range)));
  connection.onDocumentLinks(({ textDocument }) =>
    withContext(textDocument.uri, false, (context) => documentLinksFor(context)));

  connection.onShutdown(() => {
    diagnostics.dispose();
  });

  /**
   * Runs a feature over the open document. Completions, hints and links skip linting (they must be
   * instant); hovers and code actions read the findings of the same cached analysis as diagnostics.
   */
  async function withContext<T>(uri: string, withFindings: boolean, feature: (context: FeatureContext) => T): Promise<T | null> {
    const document = documents.get(uri);
    if (!document) return null;
    try {
      const ecr = ecrCatalogs.forSettings(settings);
      const dockerfile = models.get(document);
      const [workspace, analysis] = await Promise.all([analyses.workspaceOf(document), withFindings ? analyses.analyze(document) : null]);
      return feature({ document, dockerfile, workspace, findings: analysis?.findings ?? [], ecr });
    } catch (error) {
      // The document changed while its findings were computed: the editor asks again for the new version.
      if (error instanceof AnalysisSuperseded) return null;
      // A feature bug must cost one answer, not the server.
      log(`request on ${uri} failed: ${(error as Error).stack ?? error}`);
      return null;
    }
  }

  async function refreshConfiguration(): Promise<void> {
    if (!client.pullsConfiguration) return;
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
}
