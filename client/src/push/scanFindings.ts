/**
 * After a push from VS Code: wait for the ECR scan of the pushed image in the background, hand the report
 * to the language server (diagnostics on the Dockerfile's FROM line) and say what it found.
 */
import * as vscode from 'vscode';
import type { ScanReport } from '../../../server/src/ecr/scan-report';
import type { ScanFindingsParams } from '../../../server/src/lsp/scan-findings-protocol';
import { scanFindingsOf, type PushRequest, type PushSuccess } from './engine';

export type ScanReportSink = (params: ScanFindingsParams) => void;

export async function showScanFindings(request: PushRequest, pushed: PushSuccess, log: vscode.LogOutputChannel, send: ScanReportSink): Promise<ScanReport> {
  const { report, lines } = await scanFindingsOf(request, pushed, (message) => log.info(`scan: ${message}`));
  for (const line of lines) log.info(`scan: ${line}`);
  send({ uri: vscode.Uri.file(request.dockerfile).toString(), report });
  if (report.outcome === 'complete' && report.findings.length) {
    void vscode.window.showWarningMessage(lines[0], 'Show Problems', 'Open in Console').then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (choice === 'Open in Console') void vscode.env.openExternal(vscode.Uri.parse(report.consoleUrl));
    });
  } else if (report.outcome !== 'not-scanned') {
    void vscode.window.showInformationMessage(lines[0]);
  }
  return report;
}
