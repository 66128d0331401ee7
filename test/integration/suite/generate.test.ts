/**
 * "Django: Generate Multi-Stage Dockerfile" in a real VS Code on a copy of the example project: the files
 * are previewed before anything is written, written once accepted, removed by Undo, and an existing
 * Dockerfile is never replaced without consent. Answers go through the command's argument (its automation API).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-container-tools.django-container-tools';
const BASE_IMAGE = 'python:3.11-slim-bookworm';

interface GenerateResult {
  projectRoot: string;
  applied: boolean;
  warnings: string[];
  files: { path: string; existed: boolean; outcome: string; previewUri: string }[];
}

function projectCopy(name: string): string {
  const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const repo = process.env.DCT_REPO_ROOT;
  assert.ok(repo, 'DCT_REPO_ROOT is set by the test runner');
  const dir = path.join(workspace, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'examples', 'mysite'), dir, { recursive: true });
  return dir;
}

async function generate(args: Record<string, unknown>): Promise<GenerateResult> {
  const result = await vscode.commands.executeCommand<GenerateResult | undefined>('djangoContainer.generateDockerfile', {
    pythonVersion: '3.11', baseImage: BASE_IMAGE, port: 8000, compose: false, ...args,
  });
  assert.ok(result, 'the command returned its result (no error notification)');
  return result;
}

function openTabUris(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).flatMap((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputText) return [input.uri.toString()];
    if (input instanceof vscode.TabInputTextDiff) return [input.original.toString(), input.modified.toString()];
    return [];
  });
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('generate Dockerfile command (real VS Code)', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('previews the generated files without writing, then writes them once accepted, and Undo removes them', async () => {
    const root = projectCopy('gen-new');
    const preview = await generate({ projectRoot: root, confirm: false });
    assert.equal(preview.applied, false);
    assert.equal(path.resolve(preview.projectRoot), path.resolve(root));
    const names = preview.files.map((f) => f.path).sort();
    assert.deepEqual(names, ['.dockerignore', 'Dockerfile']);
    assert.ok(preview.files.every((f) => f.outcome === 'previewed' && !f.existed));
    assert.equal(fs.existsSync(path.join(root, 'Dockerfile')), false, 'nothing written before consent');

    // The preview is a real (virtual) document the user sees in an editor tab.
    const dockerfilePreview = vscode.Uri.parse(preview.files.find((f) => f.path === 'Dockerfile')!.previewUri);
    assert.ok(openTabUris().includes(dockerfilePreview.toString()), 'the Dockerfile preview is open in a tab');
    const previewText = (await vscode.workspace.openTextDocument(dockerfilePreview)).getText();
    assert.ok(previewText.includes(BASE_IMAGE), 'the preview uses the chosen base image');
    assert.match(previewText, /config\.wsgi:application/, 'the preview runs the detected WSGI application');
    assert.match(previewText, /^USER \d+/m, 'the final stage runs as a numeric non-root user');

    const written = await generate({ projectRoot: root, confirm: true });
    assert.equal(written.applied, true);
    assert.ok(written.files.every((f) => f.outcome === 'created'), JSON.stringify(written.files));
    assert.equal(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), previewText, 'the file holds what the preview showed');
    assert.ok(fs.existsSync(path.join(root, '.dockerignore')));

    // Undo from the generated Dockerfile's editor takes the whole generation back.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'Dockerfile')));
    await vscode.commands.executeCommand('undo');
    await waitFor(() => !fs.existsSync(path.join(root, 'Dockerfile')) && !fs.existsSync(path.join(root, '.dockerignore')),
      'undo to remove Dockerfile and .dockerignore');
  });

  it('never replaces an existing Dockerfile without consent, shows it as a diff, and replaces it (undoably) with consent', async () => {
    const root = projectCopy('gen-existing');
    const mine = '# my own Dockerfile\nFROM python:3.11-slim\nUSER 1000\n';
    fs.writeFileSync(path.join(root, 'Dockerfile'), mine);

    const kept = await generate({ projectRoot: root, confirm: true });
    const dockerfile = kept.files.find((f) => f.path === 'Dockerfile')!;
    assert.equal(dockerfile.existed, true);
    assert.equal(dockerfile.outcome, 'kept');
    assert.equal(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), mine, 'the user\'s Dockerfile is untouched');
    assert.equal(kept.files.find((f) => f.path === '.dockerignore')?.outcome, 'created', 'the missing file is still written');
    assert.ok(fs.existsSync(path.join(root, '.dockerignore')), '.dockerignore is on disk');
    const diffShown = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => tab.input instanceof vscode.TabInputTextDiff
      && tab.input.original.fsPath === path.join(root, 'Dockerfile') && tab.input.modified.toString() === dockerfile.previewUri);
    assert.ok(diffShown, 'the existing Dockerfile is shown as a diff against the generated one');

    const refused = await generate({ projectRoot: root, confirm: true, overwrite: false });
    assert.equal(refused.files.find((f) => f.path === 'Dockerfile')?.outcome, 'kept');
    assert.equal(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'), mine);

    const replaced = await generate({ projectRoot: root, confirm: true, overwrite: true });
    assert.equal(replaced.files.find((f) => f.path === 'Dockerfile')?.outcome, 'replaced');
    const generated = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    assert.notEqual(generated, mine);
    assert.ok(generated.includes(BASE_IMAGE));

    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'Dockerfile')));
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === mine, 'undo to bring the user\'s Dockerfile back');
  });

  it('passes on what the engine warns about the choices (end-of-life Python, a base image of another version)', async () => {
    const root = projectCopy('gen-warnings');
    const eol = await generate({ projectRoot: root, pythonVersion: '3.9', baseImage: undefined, confirm: false });
    assert.ok(eol.warnings.some((w) => /3\.9 is end-of-life/.test(w)), JSON.stringify(eol.warnings));
    const mismatch = await generate({ projectRoot: root, pythonVersion: '3.11', baseImage: 'python:3.12-slim-bookworm', confirm: false });
    assert.ok(mismatch.warnings.some((w) => /has Python 3\.12 but the project asks for 3\.11/.test(w)), JSON.stringify(mismatch.warnings));
    assert.equal(fs.existsSync(path.join(root, 'Dockerfile')), false);
  });

  it('prefills the interactive prompts from detection (explorer: manage.py), so accepting every default reproduces the project\'s files', async () => {
    const root = projectCopy('gen-interactive');
    // Written with the detected defaults (no answers given).
    const first = await vscode.commands.executeCommand<GenerateResult>('djangoContainer.generateDockerfile', { projectRoot: root, confirm: true });
    assert.ok(first?.applied);
    // Now as a user would: right-click manage.py, accept each prompt's preselected answer (Python 3.11 detected,
    // default base image, WSGI detected, port 8000, no compose). Same answers, same files: nothing to write, no dialog.
    const answering = setInterval(() => void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'), 400);
    let again: GenerateResult | undefined;
    try {
      again = await vscode.commands.executeCommand<GenerateResult>('djangoContainer.generateDockerfile', vscode.Uri.file(path.join(root, 'manage.py')));
    } finally {
      clearInterval(answering);
    }
    assert.ok(again, 'the interactive flow completed');
    assert.equal(path.resolve(again.projectRoot), path.resolve(root), 'the clicked manage.py chose the project');
    assert.equal(again.applied, false);
    assert.deepEqual(again.files.map((f) => f.outcome), again.files.map(() => 'unchanged'), JSON.stringify(again.files));
  });

  it('reports a folder without a Django project clearly instead of writing anything', async () => {
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const empty = path.join(workspace, 'not-django');
    fs.mkdirSync(empty, { recursive: true });
    const result = await vscode.commands.executeCommand('djangoContainer.generateDockerfile', { projectRoot: empty, confirm: true });
    assert.equal(result, undefined);
    assert.deepEqual(fs.readdirSync(empty), []);
  });
});
