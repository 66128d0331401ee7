import * as path from 'node:path';
import type { WorkspaceModel } from '../project/workspace';
import { DockerIgnore } from './support/dockerignore';
import type { FileEdit, Finding, Rule } from './types';

/** What a Django build context holds that must never reach an image, with the line that excludes it. */
interface MustIgnore {
  label: string;
  /** The first path must be excluded (or any of them with anyOf); the others only when they exist. */
  paths: readonly string[];
  anyOf?: boolean;
  entry: string;
  secret?: boolean;
}

const MUST_IGNORE: readonly MustIgnore[] = [
  { label: '.env', paths: ['.env', '.env.production', '.envs'], entry: '.env*', secret: true },
  { label: '.git', paths: ['.git'], entry: '.git' },
  { label: 'a virtualenv', paths: ['.venv', 'venv'], anyOf: true, entry: '.venv\nvenv' },
  { label: 'db.sqlite3', paths: ['db.sqlite3'], entry: 'db.sqlite3' },
  { label: 'media uploads', paths: ['media'], entry: 'media' },
];

export const DJANGO_DOCKERIGNORE = [
  '# Keep secrets, history, local environments and data out of the image',
  '.env*',
  '.git',
  '.venv',
  'venv',
  'db.sqlite3',
  'media',
  'staticfiles',
  '**/__pycache__',
  '**/*.py[cod]',
  '.pytest_cache',
  '.mypy_cache',
  'node_modules',
  '',
].join('\n');

/** `COPY . .` sends the whole build context into the image: secrets, git history, venvs, data. */
export const dockerignoreMissing: Rule = {
  id: 'dockerignore-missing',
  defaultSeverity: 'warning',
  title: '`COPY . .` without a .dockerignore that keeps secrets and local data out',
  doc: [
    '`COPY . .` copies everything in the build context that `.dockerignore` does not exclude. In a Django project',
    'that means `.env` (database passwords, `SECRET_KEY`), `.git`, a local virtualenv (wrong platform, hundreds',
    'of MB), `db.sqlite3` and user-uploaded `media/` — into every layer pushed to the registry.',
    '',
    'Fix: a `.dockerignore` at the root of the build context with at least `.env*`, `.git`, `.venv`, `venv`,',
    '`db.sqlite3` and `media`. The quick fix creates it (or appends the missing lines). The finding is an error',
    'when a `.env` file is actually in the context.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    if (!workspace) return [];
    const copies = dockerfile.stages.flatMap((stage) => stage.instructions).filter(copiesWholeContext);
    if (copies.length === 0) return [];
    const ignoreText = workspace.readFile('.dockerignore');
    const ignore = ignoreText === undefined ? null : new DockerIgnore(ignoreText);
    // A folder whose contents are all excluded (`media/**`) counts as excluded.
    const excluded = (p: string) => (ignore ? ignore.excludes(p) || ignore.excludes(`${p}/x`) : false);
    const exists = (p: string) => contextHas(workspace, p);
    const covered = (item: MustIgnore) =>
      (item.anyOf ? item.paths.some(excluded) : excluded(item.paths[0])) && item.paths.filter(exists).every(excluded);
    const missing = MUST_IGNORE.filter((item) => !covered(item));
    if (missing.length === 0) return [];
    const leaking = missing.filter((item) => item.paths.some((p) => !excluded(p) && exists(p)));
    const secretInContext = leaking.some((item) => item.secret);
    const file = path.join(workspace.contextDir, '.dockerignore');
    const fix: FileEdit =
      ignoreText === undefined
        ? { path: file, create: true, range: zeroRange(), newText: DJANGO_DOCKERIGNORE }
        : { path: file, range: endOf(ignoreText), newText: `${ignoreText.endsWith('\n') || ignoreText === '' ? '' : '\n'}${missing.map((item) => item.entry).join('\n')}\n` };
    const what = missing.map((item) => item.label).join(', ');
    const message =
      ignoreText === undefined
        ? `'${copies[0].getKeyword()} .' copies the whole build context and there is no .dockerignore: ${leaking.length ? leaking.map((i) => i.label).join(', ') : 'secrets and local files'} would go into the image`
        : `.dockerignore does not exclude ${what}: '${copies[0].getKeyword()} .' copies ${missing.length > 1 ? 'them' : 'it'} into the image`;
    return copies.slice(0, 1).map(
      (instruction): Finding => ({
        ruleId: this.id,
        message,
        range: instruction.getRange(),
        ...(secretInContext ? { severity: 'error' as const } : {}),
        fixes: [{ title: ignoreText === undefined ? 'Create a .dockerignore for Django' : `Add ${what} to .dockerignore`, preferred: true, edits: [fix] }],
      }),
    );
  },
};

/** COPY/ADD from the build context whose sources include the context root (`.`, `./`, `*`). */
function copiesWholeContext(instruction: import('dockerfile-ast').Instruction): boolean {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return false;
  const flags = (instruction as unknown as { getFlags(): import('dockerfile-ast').Flag[] }).getFlags();
  if (flags.some((flag) => flag.getName().toLowerCase() === 'from')) return false;
  const args = instruction.getArguments().map((arg) => arg.getValue().replace(/^["']|["']$/g, ''));
  return args.slice(0, -1).some((source) => source === '.' || source === './' || source === '*' || source === './*');
}

function contextHas(workspace: WorkspaceModel, rel: string): boolean {
  if (workspace.files.has(rel)) return true;
  const skipped = (workspace as WorkspaceModel & { skippedDirs?: ReadonlyMap<string, unknown> }).skippedDirs;
  if (skipped?.has(rel)) return true;
  if (workspace.readFile(rel) !== undefined) return true;
  const prefix = `${rel}/`;
  for (const file of workspace.files) if (file.startsWith(prefix)) return true;
  return false;
}

function zeroRange() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function endOf(text: string) {
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { start: position, end: position };
}
