/**
 * The extension activates on the example Django project, starts its bundled language server, and the
 * server's diagnostics reach VS Code's diagnostics API (and clear when the Dockerfile is fixed).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-container-tools.django-container-tools';
const RULE = 'final-stage-runs-as-root';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return folder.uri.fsPath;
}

function ruleIds(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
}

/** Resolves once `predicate` holds for the diagnostics of `uri` (checked on every change), or rejects after timeoutMs. */
function diagnosticsWhere(uri: vscode.Uri, predicate: (ids: string[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(ruleIds(uri))) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(vscode.languages.getDiagnostics(uri));
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => check());
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(ruleIds(uri))}`));
    }, timeoutMs);
    check();
  });
}

describe('extension activation (real VS Code)', () => {
  it('opens the example Django project', () => {
    assert.ok(fs.existsSync(path.join(workspaceRoot(), 'manage.py')));
  });

  it(`activates ${EXTENSION_ID}`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const api = (await extension.activate()) as { activationMs?: number };
    assert.equal(extension.isActive, true);
    assert.ok(typeof api.activationMs === 'number' && api.activationMs > 0, `activationMs: ${api.activationMs}`);
    // bench/extension.ts reports this number next to the package and bundle sizes.
    const repoRoot = process.env.DCT_REPO_ROOT;
    if (repoRoot && fs.existsSync(path.join(repoRoot, '.testbed'))) {
      fs.writeFileSync(path.join(repoRoot, '.testbed', 'activation-ms.json'), JSON.stringify({ ms: api.activationMs, at: new Date().toISOString() }));
    }
  });

  it(`shows the language server's ${RULE} diagnostic and clears it when fixed`, async () => {
    const file = path.join(workspaceRoot(), 'Dockerfile');
    fs.writeFileSync(file, 'FROM python:3.11-slim\nWORKDIR /app\nCMD ["python", "-V"]\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);

    const found = await diagnosticsWhere(document.uri, (ids) => ids.includes(RULE));
    const diagnostic = found.find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === RULE)!;
    assert.equal(diagnostic.source, 'django-container');
    assert.equal(diagnostic.range.start.line, 0, 'points at the final FROM');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(2, 0), 'USER 10001\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsWhere(document.uri, (ids) => !ids.includes(RULE));
  });
});
