/**
 * The language server's features seen through the real VS Code API, on the example Django project
 * (a temp copy of examples/mysite): diagnostics of the seed's broken Dockerfile, completion of the
 * detected WSGI module, quick fixes applied as the editor applies them, hover and inlay hints on FROM.
 * Each test writes its own Dockerfile under <workspace>/language-features/ (build context = the project
 * root, the nearest folder with manage.py) and the folder is removed afterwards.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-container-tools.django-container-tools';
const SOURCE = 'django-container';
const DETECTED_WSGI = 'config.wsgi:application';

/** The first Dockerfile of the seed blog post, kept verbatim in test/fixtures/seed. */
function seedDockerfile(): string {
  const repo = process.env.DCT_REPO_ROOT;
  assert.ok(repo, 'DCT_REPO_ROOT is set by the test runner');
  return fs.readFileSync(path.join(repo, 'test', 'fixtures', 'seed', 'multi-stage.Dockerfile'), 'utf8');
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Resolves with our diagnostics of `uri` once `accept` holds for them (checked on every change), or fails after timeoutMs. */
function diagnosticsWhere(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const diagnostics = ours(uri);
      if (!accept(diagnostics)) return;
      finish();
      resolve(diagnostics);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for ${what} in ${path.basename(uri.fsPath)}; last: ${JSON.stringify(ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`))}`));
    }, timeoutMs);
    function finish(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

const withCode = (code: string) => (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === code);
const withoutCode = (code: string) => (diagnostics: vscode.Diagnostic[]) => !diagnostics.some((d) => codeOf(d) === code);

/** 0-based number of the first line of `text` matching `pattern` (fails loudly if the fixture changed). */
function lineOf(text: string, pattern: RegExp, occurrence = 0): number {
  const matches = text.split('\n').map((line, index) => ({ line, index })).filter(({ line }) => pattern.test(line));
  assert.ok(matches[occurrence], `no line ${pattern} #${occurrence}`);
  return matches[occurrence].index;
}

function markdownText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Retries `attempt` until it returns true, or fails after timeoutMs. */
async function eventually(attempt: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function describeActions(actions: vscode.CodeAction[]): string {
  return JSON.stringify(actions.map((a) => ({ title: a.title, preferred: a.isPreferred, edit: !!a.edit, command: a.command?.command })));
}

function labelText(label: string | vscode.InlayHintLabelPart[]): string {
  return typeof label === 'string' ? label : label.map((part) => part.value).join('');
}

describe('language features (real VS Code)', () => {
  let folder: string;

  /** Writes `text` as <workspace>/language-features/<name>, opens it in an editor and returns the editor. */
  async function openDockerfile(name: string, text: string): Promise<vscode.TextEditor> {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(document.languageId, 'dockerfile');
    return vscode.window.showTextDocument(document);
  }

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'language-features');
  });

  afterEach(async () => {
    // Our edited documents are saved first, so closing never stops at a "save changes?" dialog (other suites' documents are left alone).
    const mine = vscode.workspace.textDocuments.filter((document) => document.isDirty && document.uri.fsPath.startsWith(folder + path.sep));
    for (const document of mine) await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opening the seed Dockerfile shows the server\'s diagnostics, each defect on its line', async () => {
    const seed = seedDockerfile();
    const { document } = await openDockerfile('Dockerfile.seed', seed);
    const expected: Array<[code: string, lines: number[]]> = [
      ['server-executable-missing', [lineOf(seed, /^CMD \["gunicorn"/)]],
      ['django-app-module-missing', [lineOf(seed, /myproject\.wsgi:application/)]],
      ['final-stage-runs-as-root', [lineOf(seed, /^FROM python:3\.9-slim/)]],
      ['python-base-eol', [lineOf(seed, /^FROM python:3\.9 as/), lineOf(seed, /^FROM python:3\.9-slim/)]],
      ['env-legacy-format', [0, 1, 2, 3].map((n) => lineOf(seed, /^ENV \w+ \S+$/, n))],
      ['from-as-casing', [lineOf(seed, /^FROM python:3\.9 as/)]],
      ['apt-get-update-alone', [lineOf(seed, /^RUN apt-get update/)]],
      ['dockerignore-missing', [lineOf(seed, /^COPY \. \.$/)]],
    ];
    const diagnostics = await diagnosticsWhere(document.uri, (found) => expected.every(([code]) => withCode(code)(found)), 'every seed defect');
    for (const [code, lines] of expected) {
      const reported = diagnostics.filter((d) => codeOf(d) === code).map((d) => d.range.start.line).sort((a, b) => a - b);
      assert.deepEqual(reported, lines, `${code} on line(s) ${lines.map((l) => l + 1)}`);
    }
    const placeholder = diagnostics.find((d) => codeOf(d) === 'django-app-module-missing')!;
    assert.equal(document.getText(placeholder.range).replace(/"/g, ''), 'myproject.wsgi:application', 'the range is the module spec');
    assert.equal(placeholder.severity, vscode.DiagnosticSeverity.Error);
    assert.match(placeholder.message, /config\.wsgi:application/, 'the message names the detected module');
  });

  it('completion inside CMD ["gunicorn", …, ""] offers the detected WSGI module, and the suggest widget inserts it', async () => {
    const cmd = 'CMD ["gunicorn", "--bind", "0.0.0.0:8000", ""]';
    const editor = await openDockerfile('Dockerfile.complete', `FROM python:3.13-slim-trixie\nUSER 10001\n${cmd}\n`);
    const position = new vscode.Position(2, cmd.lastIndexOf('""') + 1);

    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const item = list.items.find((candidate) => labelOf(candidate) === DETECTED_WSGI);
    assert.ok(item, `${DETECTED_WSGI} among ${JSON.stringify(list.items.map(labelOf))}`);
    assert.match(item.detail ?? '', /WSGI application · config\/wsgi\.py/);
    assert.equal(item.kind, vscode.CompletionItemKind.Module);

    // As a user does it: cursor between the quotes, Ctrl+Space, Enter.
    editor.selection = new vscode.Selection(position, position);
    const expected = `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "${DETECTED_WSGI}"]`;
    await eventually(async () => {
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      const text = editor.document.lineAt(2).text;
      // Nothing accepted yet (the widget was not open): try again; anything else inserted is a failure.
      if (text !== cmd && text !== expected) assert.fail(`the suggest widget inserted something else: ${text}`);
      return text === expected;
    }, 'the suggest widget to insert the module');
  });

  it('completing over the placeholder module replaces it with the detected one, and its diagnostic goes', async () => {
    const cmd = 'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "myproject.wsgi:application"]';
    const editor = await openDockerfile('Dockerfile.complete-placeholder', `FROM python:3.13-slim-trixie\nUSER 10001\n${cmd}\n`);
    const uri = editor.document.uri;
    await diagnosticsWhere(uri, withCode('django-app-module-missing'), 'django-app-module-missing on the placeholder');

    const position = new vscode.Position(2, cmd.indexOf(':application') + ':application'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const item = list.items.find((candidate) => labelOf(candidate) === DETECTED_WSGI);
    assert.ok(item, `${DETECTED_WSGI} among ${JSON.stringify(list.items.map(labelOf))}`);
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item says what it replaces');
    assert.equal(editor.document.getText(range), 'myproject.wsgi:application', 'it replaces the whole placeholder');
    const insert = item.insertText instanceof vscode.SnippetString ? item.insertText.value : item.insertText ?? DETECTED_WSGI;
    assert.ok(await editor.edit((builder) => builder.replace(range, insert)));

    assert.equal(editor.document.lineAt(2).text, `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "${DETECTED_WSGI}"]`);
    await diagnosticsWhere(uri, withoutCode('django-app-module-missing'), 'django-app-module-missing to go');
  });

  it('the placeholder WSGI module\'s preferred quick fix, applied as the light bulb applies it (its WorkspaceEdit), rewrites it and removes its diagnostic', async () => {
    const seed = seedDockerfile();
    const { document } = await openDockerfile('Dockerfile.fix-module', seed);
    const before = await diagnosticsWhere(document.uri, withCode('django-app-module-missing'), 'django-app-module-missing');
    const diagnostic = before.find((d) => codeOf(d) === 'django-app-module-missing')!;

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    // The command's CodeActions carry no `diagnostics` (VS Code drops them when converting), so the fix is found by its title.
    const fix = actions.find((action) => action.title === `Use ${DETECTED_WSGI}`);
    assert.ok(fix?.edit, `a fix with an edit among ${describeActions(actions)}`);
    assert.equal(fix.isPreferred, true, 'it is the preferred fix (Shift+Alt+. applies it)');
    assert.ok(actions.some((action) => /^Suppress django-app-module-missing/.test(action.title)), 'a suppression is offered too');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    const line = lineOf(seed, /myproject\.wsgi:application/);
    assert.equal(document.lineAt(line).text, `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "${DETECTED_WSGI}"]`);
    const after = await diagnosticsWhere(document.uri, withoutCode('django-app-module-missing'), 'django-app-module-missing to go');
    assert.ok(after.some((d) => codeOf(d) === 'server-executable-missing'), 'the other findings on that line stay');
  });

  it('Auto Fix (Shift+Alt+.) in the editor applies the legacy ENV fix and removes exactly that diagnostic', async () => {
    const seed = seedDockerfile();
    const editor = await openDockerfile('Dockerfile.fix-env', seed);
    const { document } = editor;
    const legacyEnv = (found: vscode.Diagnostic[]) => found.filter((d) => codeOf(d) === 'env-legacy-format').map((d) => d.range.start.line).sort((a, b) => a - b);
    const before = legacyEnv(await diagnosticsWhere(document.uri, (found) => legacyEnv(found).length === 4, 'four env-legacy-format'));
    const line = before[0];
    assert.ok(!ours(document.uri).some((d) => codeOf(d) !== 'env-legacy-format' && d.range.start.line <= line && d.range.end.line >= line),
      'precondition: the ENV line has no other finding, so its fix is the only preferred one there');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, document.lineAt(line).range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Write ENV PYTHONDONTWRITEBYTECODE=1');
    assert.ok(fix?.edit && fix.isPreferred, `a preferred env-legacy-format fix among ${describeActions(actions)}`);

    editor.selection = new vscode.Selection(line, 5, line, 5);
    await vscode.commands.executeCommand('editor.action.autoFix');
    await eventually(async () => document.lineAt(line).text === 'ENV PYTHONDONTWRITEBYTECODE=1', 'the ENV line to be rewritten');
    const after = legacyEnv(await diagnosticsWhere(document.uri, (found) => legacyEnv(found).length === 3, 'three env-legacy-format left'));
    assert.deepEqual(after, before.slice(1));
  });

  it('hover over FROM python:3.9 shows the Python version and its end of life', async () => {
    const seed = seedDockerfile();
    const { document } = await openDockerfile('Dockerfile.hover', seed);
    const line = lineOf(seed, /^FROM python:3\.9-slim/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 'FROM python'.length));
    const text = markdownText(hovers);
    assert.match(text, /\*\*Python 3\.9\*\*/);
    assert.match(text, /End of life: 2025-10-31 \*\*\(reached/);
  });

  it('an inlay hint after FROM shows the resolved Python version with its EOL marker', async () => {
    const seed = seedDockerfile();
    const { document } = await openDockerfile('Dockerfile.hints', seed);
    const line = lineOf(seed, /^FROM python:3\.9-slim/);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, whole);
    const python = hints.find((hint) => hint.position.line === line && /^Python /.test(labelText(hint.label)));
    assert.ok(python, JSON.stringify(hints.map((hint) => `${hint.position.line}: ${labelText(hint.label)}`)));
    assert.match(labelText(python.label), /^Python 3\.9\b.*EOL since 2025-10-31/);
    assert.equal(python.position.character, document.lineAt(line).text.length, 'placed after the image');
  });
});
