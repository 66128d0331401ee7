/**
 * LSP wiring only: documents in, engine calls, LSP shapes out. Runs under the VS Code client (IPC)
 * and standalone with --stdio for other editors. No domain logic lives here.
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDockerfile, type LintFinding } from '../rules/engine';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const SEVERITY: Record<LintFinding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'django-container-tools' },
}));

documents.onDidChangeContent(({ document }) => {
  const diagnostics: Diagnostic[] = lintDockerfile(document.getText(), { workspace: null }).map((finding) => ({
    range: finding.range,
    message: finding.message,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: 'django-container',
  }));
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
});

documents.listen(connection);
connection.listen();
