/**
 * "Django: Generate Multi-Stage Dockerfile": pick a project, confirm what detection found, preview every
 * file (a diff for files that exist), then apply one undoable WorkspaceEdit. Existing files are replaced
 * only with explicit consent. Automation may pass every answer as the command's argument.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DjangoProject } from '../../../server/src/project/types';
import { readSettings } from '../settings';
import { baseImageChoices, detectProjectsIn, pythonVersionChoices, renderFiles, type GenerationChoices } from './engine';
import type { PreviewProvider } from './previewProvider';
import { parseBuilderRequest } from '../../../server/src/generate/builder-variant';
import { chooseBuilderVariant } from '../../../server/src/push/builder-probe-for-generate';

export interface GenerateArgs {
  /** Project root (absolute, or relative to the first workspace folder). */
  projectRoot?: string;
  pythonVersion?: string;
  baseImage?: string;
  server?: 'wsgi' | 'asgi';
  port?: number;
  compose?: boolean;
  /** true: write; false: preview only; absent: ask. */
  confirm?: boolean;
  /** BuildKit cache mounts (default true) or a plain Dockerfile for the legacy builder. */
  buildkit?: boolean;
  /** Add `# syntax=docker/dockerfile:1` (default: the djangoContainer.generate.syntaxDirective setting). */
  syntax?: boolean;
  /** Dev loop files too (default: the djangoContainer.generate.devLoop setting). */
  devLoop?: boolean;
  /** Consent to replace files that already exist (absent: ask, or keep them when not interactive). */
  overwrite?: boolean;
}

export type FileOutcome = 'created' | 'replaced' | 'kept' | 'previewed' | 'unchanged';

export interface GenerateResult {
  projectRoot: string;
  applied: boolean;
  /** The engine's notes on the result (e.g. an end-of-life Python version). */
  warnings: string[];
  files: { path: string; existed: boolean; outcome: FileOutcome; previewUri: string }[];
}

interface PlannedFile { relPath: string; target: vscode.Uri; content: string; existing: string | undefined; preview: vscode.Uri }

export function registerGenerateCommand(preview: PreviewProvider, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('djangoContainer.generateDockerfile', async (arg?: vscode.Uri | GenerateArgs) => {
    try {
      return await generate(arg, preview, log);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`generate: ${message}`);
      void vscode.window.showErrorMessage(`Generate Dockerfile: ${message}`);
      return undefined;
    }
  });
}

async function generate(arg: vscode.Uri | GenerateArgs | undefined, preview: PreviewProvider, log: vscode.LogOutputChannel)
  : Promise<GenerateResult | undefined> {
  const args: GenerateArgs | undefined = arg instanceof vscode.Uri ? undefined : arg;
  const interactive = args === undefined;
  const project = await chooseProject(arg instanceof vscode.Uri ? arg : undefined, args?.projectRoot, interactive);
  if (!project) return undefined;
  const { model, rootDir } = project;
  log.info(`generate: project ${rootDir} (${model.settingsModule ?? 'no settings module'}, Python ${model.pythonVersion ?? 'unknown'})`);
  for (const warning of model.warnings) log.warn(`generate: ${warning}`);

  const choices = await askChoices(model, args, interactive);
  if (!choices) return undefined;
  choices.syntaxDirective ??= readSettings(vscode.Uri.file(rootDir)).syntaxDirective;
  choices.buildkit ??= await builderVariantFromSettings(rootDir, log, interactive);
  choices.devLoop = args?.devLoop ?? readSettings(vscode.Uri.file(rootDir)).devLoop;

  const templatesDir = templatesFolder(rootDir);
  const rendered = renderFiles(model, choices, rootDir, templatesDir);
  for (const warning of rendered.warnings) {
    log.warn(`generate: ${warning}`);
    if (interactive) void vscode.window.showWarningMessage(warning);
  }
  const plan: PlannedFile[] = [];
  for (const file of rendered.files) {
    const target = vscode.Uri.file(path.join(rootDir, ...file.path.split('/')));
    const existing = await readIfExists(target);
    plan.push({ relPath: file.path, target, content: file.content, existing, preview: preview.put(target, file.content) });
  }
  if (plan.every((f) => f.existing === f.content)) {
    const message = `${plan.map((f) => f.relPath).join(', ')} in ${vscode.workspace.asRelativePath(rootDir) || rootDir} are already up to date.`;
    log.info(`generate: ${message}`);
    if (interactive) void vscode.window.showInformationMessage(message);
    return result(rootDir, false, plan, () => 'unchanged', rendered.warnings);
  }
  await showPreviews(plan);

  const confirmed = args?.confirm ?? await askToWrite(plan, rootDir);
  if (!confirmed) {
    log.info('generate: preview only, nothing written');
    return result(rootDir, false, plan, () => 'previewed', rendered.warnings);
  }
  const replace = new Set<PlannedFile>();
  for (const file of plan.filter((f) => f.existing !== undefined && f.existing !== f.content)) {
    if (args?.overwrite ?? (interactive && await askToReplace(file))) replace.add(file);
  }
  const outcome = (f: PlannedFile): FileOutcome =>
    f.existing === undefined ? 'created' : f.existing === f.content ? 'unchanged' : replace.has(f) ? 'replaced' : 'kept';

  const edit = new vscode.WorkspaceEdit();
  const toSave: vscode.Uri[] = [];
  let changes = 0; // WorkspaceEdit.size counts text edits only, not file creations
  for (const file of plan) {
    if (outcome(file) === 'created') {
      changes++;
      edit.createFile(file.target, { contents: Buffer.from(file.content, 'utf8') }, { label: file.relPath, needsConfirmation: false });
    } else if (outcome(file) === 'replaced') {
      // A text edit (not an overwriting create) so undo brings the user's version back.
      const document = await vscode.workspace.openTextDocument(file.target);
      edit.replace(file.target, new vscode.Range(0, 0, document.lineCount, 0), file.content);
      toSave.push(file.target);
      changes++;
    }
  }
  if (changes > 0 && !(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the edit; nothing was written');
  for (const uri of toSave) await (await vscode.workspace.openTextDocument(uri)).save();
  for (const file of plan) log.info(`generate: ${outcome(file)} ${file.relPath}`);
  const kept = plan.filter((f) => outcome(f) === 'kept').map((f) => f.relPath);
  const written = plan.filter((f) => ['created', 'replaced'].includes(outcome(f))).map((f) => f.relPath);
  const summary = `${written.length ? `Wrote ${written.join(', ')}` : 'No file written'}${kept.length ? `; kept your ${kept.join(', ')}` : ''}.`;
  if (interactive) {
    void vscode.window.showInformationMessage(summary, 'Open Dockerfile').then(async (choice) => {
      const dockerfile = plan.find((f) => f.relPath === 'Dockerfile');
      if (choice && dockerfile) await vscode.window.showTextDocument(dockerfile.target);
    });
  }
  return result(rootDir, true, plan, outcome, rendered.warnings);
}

function result(rootDir: string, applied: boolean, plan: PlannedFile[], outcome: (f: PlannedFile) => FileOutcome, warnings: string[])
  : GenerateResult {
  return {
    projectRoot: rootDir, applied, warnings,
    files: plan.map((f) => ({ path: f.relPath, existed: f.existing !== undefined, outcome: outcome(f), previewUri: f.preview.toString() })),
  };
}

async function chooseProject(clicked: vscode.Uri | undefined, requestedRoot: string | undefined, interactive: boolean)
  : Promise<{ model: DjangoProject; rootDir: string } | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('open a folder that contains a Django project first');
  const requested = requestedRoot ? path.resolve(folders[0].uri.fsPath, requestedRoot) : undefined;
  const anchor = clicked ?? (requested ? vscode.Uri.file(requested) : undefined);
  const scanFolders = anchor ? [vscode.workspace.getWorkspaceFolder(anchor) ?? folders[0]] : folders;

  const found: { model: DjangoProject; rootDir: string }[] = [];
  for (const folder of scanFolders) {
    const detected = await detectProjectsIn(folder.uri.fsPath);
    for (const model of detected.projects) found.push({ model, rootDir: path.resolve(folder.uri.fsPath, model.root) });
  }
  let candidates = found;
  if (requested) candidates = found.filter((p) => samePath(p.rootDir, requested));
  else if (clicked) {
    const clickedPath = clicked.fsPath;
    candidates = found.filter((p) => samePath(path.join(p.rootDir, p.model.managePy), clickedPath)
      || isInside(p.rootDir, clickedPath) || isInside(clickedPath, p.rootDir));
  }
  if (candidates.length === 0) {
    const where = requested ?? clicked?.fsPath ?? scanFolders.map((f) => f.uri.fsPath).join(', ');
    throw new Error(`no Django project (manage.py) found in ${where}`);
  }
  if (candidates.length === 1 || !interactive) return candidates[0];
  const picked = await vscode.window.showQuickPick(candidates.map((c) => ({
    label: vscode.workspace.asRelativePath(c.rootDir) || '.',
    description: c.model.settingsModule ?? undefined,
    detail: [c.model.dependencyManager, c.model.pythonVersion && `Python ${c.model.pythonVersion}`, c.model.appServer]
      .filter(Boolean).join(' · '),
    project: c,
  })), { title: 'Generate Dockerfile: which Django project?', ignoreFocusOut: true });
  return picked?.project;
}

async function askChoices(model: DjangoProject, args: GenerateArgs | undefined, interactive: boolean)
  : Promise<GenerationChoices | undefined> {
  const title = (step: number, what: string) => `Generate Dockerfile (${step}/5): ${what}`;
  const versions = pythonVersionChoices(model.pythonVersion);
  let pythonVersion = args?.pythonVersion ?? versions[0].version;
  if (interactive) {
    const picked = await vscode.window.showQuickPick(versions.map((v) => ({ label: v.version, description: v.description, version: v.version })),
      { title: title(1, 'Python version'), ignoreFocusOut: true });
    if (!picked) return undefined;
    pythonVersion = picked.version;
  }
  const images = baseImageChoices(pythonVersion);
  let baseImage = args?.baseImage ?? images[0].image;
  if (interactive) {
    const own = { label: '$(edit) Another base image…', description: 'e.g. a pre-built base image in your ECR', image: '' };
    const picked = await vscode.window.showQuickPick([...images.map((i) => ({ label: i.image, description: i.description, image: i.image })), own],
      { title: title(2, 'base image'), ignoreFocusOut: true });
    if (!picked) return undefined;
    baseImage = picked.image || (await vscode.window.showInputBox({
      title: title(2, 'base image'), prompt: 'Image reference with the same Python minor version', value: images[0].image,
      ignoreFocusOut: true, validateInput: (v) => (/^\S+$/.test(v.trim()) ? undefined : 'Enter an image reference without spaces'),
    }))?.trim() || '';
    if (!baseImage) return undefined;
  }
  const detectedServer: 'wsgi' | 'asgi' = model.asgiRequired || (!model.wsgiApplication && model.asgiApplication) ? 'asgi' : 'wsgi';
  let server = args?.server ?? detectedServer;
  if (interactive) {
    const items = [
      { label: 'WSGI', description: model.wsgiApplication ?? 'no WSGI application found', value: 'wsgi' as const },
      { label: 'ASGI', description: model.asgiApplication ?? 'no ASGI application found', value: 'asgi' as const },
    ].map((i) => ({ ...i, detail: i.value === detectedServer ? 'detected' : undefined }));
    if (detectedServer === 'asgi') items.reverse();
    const picked = await vscode.window.showQuickPick(items, { title: title(3, 'application server interface'), ignoreFocusOut: true });
    if (!picked) return undefined;
    server = picked.value;
  }
  let port = args?.port ?? 8000;
  if (interactive) {
    const answer = await vscode.window.showInputBox({
      title: title(4, 'port'), prompt: 'Port the server listens on inside the container ($PORT)', value: String(port),
      ignoreFocusOut: true, validateInput: (v) => (validPort(v) ? undefined : 'Enter a port number between 1 and 65535'),
    });
    if (answer === undefined) return undefined;
    port = Number(answer);
  }
  if (!validPort(String(port))) throw new Error(`invalid port ${String(port)} (1-65535)`);
  let compose = args?.compose ?? false;
  if (interactive) {
    const services = [...model.databaseEngines.filter((e) => e !== 'sqlite3'), ...(model.celery ? ['celery'] : [])];
    const picked = await vscode.window.showQuickPick([
      { label: 'No', description: 'Dockerfile and .dockerignore only', value: false },
      { label: 'Yes', description: `also compose.yaml${services.length ? ` (web + ${services.join(', ')})` : ' (web)'}`, value: true },
    ], { title: title(5, 'also write compose.yaml?'), ignoreFocusOut: true });
    if (!picked) return undefined;
    compose = picked.value;
  }
  return { pythonVersion, baseImage, server, port, compose, buildkit: args?.buildkit, syntaxDirective: args?.syntax };
}

/** djangoContainer.generate.builder; `auto` asks the docker the docker path setting names, and says what it chose. */
async function builderVariantFromSettings(rootDir: string, log: vscode.LogOutputChannel, interactive: boolean): Promise<boolean> {
  const settings = readSettings(vscode.Uri.file(rootDir));
  const variant = await chooseBuilderVariant(parseBuilderRequest(settings.generateBuilder) ?? 'auto', settings.dockerPath, process.env);
  log.info(`generate: ${variant.reason}`);
  if (interactive) void vscode.window.showInformationMessage(variant.reason);
  return variant.buildkit;
}

function validPort(text: string): boolean {
  return /^\d{1,5}$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 65535;
}

async function showPreviews(plan: PlannedFile[]): Promise<void> {
  for (const file of plan) {
    const options: vscode.TextDocumentShowOptions = { preview: false, preserveFocus: true };
    if (file.existing !== undefined) {
      await vscode.commands.executeCommand('vscode.diff', file.target, file.preview, `${file.relPath} (current ↔ generated)`, options);
    } else {
      await vscode.window.showTextDocument(file.preview, options);
    }
  }
}

async function askToWrite(plan: PlannedFile[], rootDir: string): Promise<boolean> {
  const existing = plan.filter((f) => f.existing !== undefined && f.existing !== f.content).map((f) => f.relPath);
  const fresh = plan.filter((f) => f.existing === undefined).map((f) => f.relPath);
  const detail = [
    fresh.length ? `New: ${fresh.join(', ')}` : '',
    existing.length ? `Already there (you will be asked before each is replaced): ${existing.join(', ')}` : '',
    'You can undo the change with Undo.',
  ].filter(Boolean).join('\n');
  const choice = await vscode.window.showInformationMessage(`Write the generated files to ${vscode.workspace.asRelativePath(rootDir) || rootDir}?`,
    { modal: true, detail }, 'Write Files');
  return choice === 'Write Files';
}

async function askToReplace(file: PlannedFile): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`${file.relPath} already exists. Replace it with the generated version?`,
    { modal: true, detail: 'The diff shows both versions. "Keep Mine" leaves your file untouched.' }, 'Replace', 'Keep Mine');
  return choice === 'Replace';
}

function templatesFolder(rootDir: string): string | undefined {
  const folder = readSettings(vscode.Uri.file(rootDir)).templatesFolder;
  if (!folder) return undefined;
  const base = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(rootDir))?.uri.fsPath ?? rootDir;
  return path.resolve(base, folder);
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}

function samePath(a: string, b: string): boolean {
  return path.relative(a, b) === '';
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
