/** `django-container generate`: detect the project, render Dockerfile/.dockerignore/compose.yaml, write them into its root. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { buildTemplateContext } from '../generate/context';
import { GenerateError, type GenerateOptions } from '../generate/options';
import { renderContext, type GeneratedFile } from '../generate/render';
import { LAUNCH_JSON, launchJsonFile } from '../generate/dev-loop';
import { folderProblem } from './folder-argument';
import { parseBuilderRequest } from '../generate/builder-variant';
import { chooseBuilderVariant } from '../push/builder-probe-for-generate';
import { detectProjects } from '../project/detect';
import { loadWorkspaceModel } from '../project/load-workspace';
import { fileListIsComplete, moduleFile } from '../rules/support/python-modules';
import type { DjangoProject } from '../project/types';

const USAGE = `Usage: django-container generate [DIR] [options]

Detects the Django project under DIR (default: the current folder) and writes a multi-stage
Dockerfile, a .dockerignore and optionally a compose.yaml into the project root.

Options:
  --project ROOT        Which project, when DIR holds several (its root relative to DIR)
  --python X.Y          Python version (default: the project's, else the newest stable)
  --base-image IMAGE    Base image of both stages, e.g. python:3.12-slim-bookworm,
                        public.ecr.aws/docker/library/python:3.12-slim-bookworm or an ECR base
  --port N              Port the server listens on (default 8000)
  --compose             Also write compose.yaml (database, Redis, Celery worker as detected)
  --builder auto|buildkit|classic
                        Dockerfile variant: BuildKit (RUN --mount caches) or classic (legacy
                        builder). auto (default) asks the docker that will build (--docker)
  --docker PATH         The docker CLI auto asks (default: docker on PATH)
  --no-buildkit         Same as --builder classic
  --buildspec REPOSITORY
                        Also write buildspec.yml: AWS CodeBuild runs the same push to that ECR
                        repository (build, smoke test, login, push) on its own docker
  --dev-loop            Also a debugpy "dev" stage, compose.debug.yaml and a VS Code attach
                        configuration merged into .vscode/launch.json
  --syntax              Add "# syntax=docker/dockerfile:1" (BuildKit then pulls that frontend
                        from Docker Hub; off by default so builds work without Hub access)
  --templates DIR       Your own templates (files missing there come from the built-in ones)
  --server wsgi|asgi     Serve through WSGI or ASGI instead of what detection concluded
  --application MOD:OBJ WSGI/ASGI application to serve, instead of the detected one
  --dry-run             Print the files instead of writing them
  --force               Overwrite existing files
  --yes                 Do not ask before writing
  -h, --help            Show this help

Exit status: 0 written (or printed), 1 not written (declined, or the folder is not writable),
2 bad usage, bad templates or no single project, 3 files exist (use --force).
`;

const OPTIONS = {
  project: { type: 'string' },
  python: { type: 'string' },
  'base-image': { type: 'string' },
  port: { type: 'string' },
  compose: { type: 'boolean' },
  'dev-loop': { type: 'boolean' },
  buildspec: { type: 'string' },
  'no-buildkit': { type: 'boolean' },
  builder: { type: 'string' },
  docker: { type: 'string' },
  syntax: { type: 'boolean' },
  // Accepted for scripts written when the line was the default.
  'no-syntax': { type: 'boolean' },
  templates: { type: 'string' },
  application: { type: 'string' },
  server: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

/** --builder (auto probes --docker at this edge), said on stderr so --dry-run output stays the files alone. */
async function announcedBuilderVariant(values: { builder?: string; docker?: string; 'no-buildkit'?: boolean }) {
  const request = values['no-buildkit'] ? 'classic' : values.builder === undefined ? 'auto' : parseBuilderRequest(values.builder);
  if (!request) throw new UsageError(`--builder must be auto, buildkit or classic, not "${values.builder}"`);
  const variant = await chooseBuilderVariant(request, values.docker ?? 'docker', process.env);
  process.stderr.write(`${variant.reason}\n`);
  return variant;
}

export async function runGenerate(args: string[]): Promise<number> {
  try {
    return await generate(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof GenerateError) {
      process.stderr.write(`django-container generate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function generate(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const values = parsed.values;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`expected one folder, got ${parsed.positionals.length}\n\n${USAGE}`);
  const dir = path.resolve(parsed.positionals[0] ?? '.');
  const problem = folderProblem(dir);
  if (problem) throw new UsageError(problem);

  const project = await pickProject(dir, values.project);
  const root = path.resolve(dir, project.root);
  const options: GenerateOptions = {
    pythonVersion: values.python,
    baseImage: values['base-image'],
    port: values.port === undefined ? undefined : parsePort(values.port),
    compose: values.compose ?? false,
    buildkit: (await announcedBuilderVariant(values)).buildkit,
    devLoop: values['dev-loop'] ?? false,
    buildspecRepository: values.buildspec,
    syntaxDirective: Boolean(values.syntax) && !values['no-syntax'],
    templatesDir: values.templates === undefined ? undefined : path.resolve(values.templates),
    application: values.application,
    server: parseServer(values.server),
    projectName: path.basename(root),
  };
  const templatesProblem = options.templatesDir ? folderProblem(options.templatesDir) : null;
  if (templatesProblem) throw new UsageError(`templates folder ${templatesProblem}`);
  const context = buildTemplateContext(project, options);
  for (const warning of context.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.application) {
    const warning = await missingApplicationModule(root, options.application);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }
  const files: GeneratedFile[] = renderContext(context, options.templatesDir);
  if (context.devLoop) files.push(launchJsonFile(context.appDir, readIfExists(path.join(root, LAUNCH_JSON))));

  if (values['dry-run']) {
    for (const file of files) process.stdout.write(`# ----- ${path.join(root, file.path)} -----\n${file.content}\n`);
    return 0;
  }

  const changed = files.filter((file) => readIfExists(path.join(root, file.path)) !== file.content);
  const existing = changed.filter((file) => !file.merged && fs.existsSync(path.join(root, file.path)));
  if (existing.length && !values.force) {
    process.stderr.write(
      `django-container generate: these files exist in ${root} and differ: ${existing.map((f) => f.path).join(', ')}\n` +
        'Nothing was written. Use --force to overwrite them, or --dry-run to see the new content.\n',
    );
    return 3;
  }
  if (changed.length === 0) {
    process.stdout.write(`${files.map((f) => f.path).join(', ')} in ${root} are already up to date\n`);
    return 0;
  }
  if (!values.yes && process.stdin.isTTY && !(await confirm(changed, root))) {
    process.stderr.write('Nothing was written.\n');
    return 1;
  }
  const unwritable = changed.map((file) => writeProblem(root, file.path)).find((problem) => problem !== null);
  if (unwritable) {
    process.stderr.write(`django-container generate: ${unwritable}\nNothing was written.\n`);
    return 1;
  }
  const written: string[] = [];
  for (const file of changed) {
    try {
      writeReplacing(path.join(root, file.path), file.content);
    } catch (error) {
      process.stderr.write(
        `django-container generate: cannot write ${file.path} in ${root}: ${errorText(error)}\n` +
          (written.length ? `Already written: ${written.join(', ')}; ${file.path} and the rest are unchanged.\n` : 'Nothing was written.\n'),
      );
      return 1;
    }
    written.push(file.path);
  }
  process.stdout.write(`wrote ${changed.map((f) => f.path).join(', ')} in ${root}\n`);
  const image = context.projectName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'django-app';
  process.stdout.write(`next: docker build -t ${image} ${root} && docker run --rm -p ${context.port}:${context.port} ${image}\n`);
  return 0;
}

async function pickProject(dir: string, wanted: string | undefined): Promise<DjangoProject> {
  const result = await detectProjects(dir);
  for (const warning of result.warnings) if (result.projects.length) process.stderr.write(`warning: ${warning}\n`);
  if (result.projects.length === 0) throw new UsageError(`no Django project (manage.py) found in ${dir}`);
  if (wanted !== undefined) {
    const root = normaliseRoot(wanted);
    const match = result.projects.find((p) => p.root === root);
    if (!match) throw new UsageError(`no project with root "${wanted}" in ${dir}; projects: ${result.projects.map((p) => p.root).join(', ')}`);
    return match;
  }
  if (result.projects.length > 1) {
    throw new UsageError(`${result.projects.length} Django projects in ${dir}; choose one with --project ROOT:\n${result.projects.map((p) => `  ${p.root}  (${p.managePy})`).join('\n')}`);
  }
  return result.projects[0];
}

/** A typed --application whose module is not in the project: the image would build and then fail to import it. */
async function missingApplicationModule(root: string, application: string): Promise<string | null> {
  const module = application.split(':')[0];
  const workspace = await loadWorkspaceModel(path.join(root, 'Dockerfile'), root);
  if (!fileListIsComplete(workspace) || moduleFile(workspace, module)) return null;
  const rel = module.split('.').join('/');
  return `--application ${application}: no ${rel}.py or ${rel}/__init__.py in ${root}; unless a dependency provides ${module}, the server will fail to import it`;
}

function normaliseRoot(root: string): string {
  const posix = path.posix.normalize(root.replace(/\\/g, '/')).replace(/\/+$/, '');
  return posix === '' ? '.' : posix;
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--port must be a number, got "${text}"`);
  return Number(text);
}

function parseServer(text: string | undefined): 'wsgi' | 'asgi' | undefined {
  if (text === undefined || text === 'wsgi' || text === 'asgi') return text;
  throw new UsageError(`--server must be wsgi or asgi, got "${text}"`);
}

/** Why `relPath` cannot be (re)written in `root`, checked for every file before writing any. */
function writeProblem(root: string, relPath: string): string | null {
  const file = path.join(root, relPath);
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return `${relPath} in ${root} is a folder`;
    if (stat && !stat.isFile()) return `${relPath} in ${root} is not a regular file (a pipe or device)`;
    fs.accessSync(stat ? file : root, fs.constants.W_OK);
    return null;
  } catch (error) {
    return `cannot write ${relPath} in ${root}: ${errorText(error)}`;
  }
}

/**
 * Writes a sibling temporary file and renames it over the target, so a failed write (disk full,
 * permissions) never leaves a truncated Dockerfile in place of the user's.
 */
function writeReplacing(file: string, content: string): void {
  const target = fs.existsSync(file) ? fs.realpathSync(file) : file;
  const temporary = `${target}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(target), { recursive: true }); // .vscode/ for launch.json
  try {
    fs.writeFileSync(temporary, content, { flag: 'wx' });
    const mode = fs.statSync(target, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined) fs.chmodSync(temporary, mode & 0o7777);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on device' };
  return code && reasons[code] ? `${reasons[code]} (${code})` : (error as Error).message;
}

function readIfExists(file: string): string | undefined {
  try {
    // Never open a FIFO or device in place of the Dockerfile: reading it would block.
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function confirm(files: GeneratedFile[], root: string): Promise<boolean> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`Write ${files.map((f) => f.path).join(', ')} in ${root}? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
