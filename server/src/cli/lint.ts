/**
 * `django-container lint FILE... [--workspace DIR] [--format text|json|sarif] [--no-generic]`
 * Lints Dockerfiles with the same engine as the language server. Exit 0: no error-severity finding,
 * 1: some, 2: usage or I/O error (the other files are still linted and printed).
 */
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { loadWorkspaceModel } from '../project/load-workspace';
import type { WorkspaceModel } from '../project/workspace';
import { ENGINE_SOURCE, lintDockerfile, type LintFinding } from '../rules/engine';
import { allRules } from '../rules/index';
import type { Severity } from '../rules/types';

const USAGE = `Usage: django-container lint FILE... [options]

Checks Dockerfiles with Django-, Python- and ECR-aware rules plus generic Dockerfile validity.
FILE '-' reads the Dockerfile from standard input (its build context: --workspace, else the current folder).

Options:
  --workspace DIR   Build context to check the Dockerfiles against (default: the nearest folder
                    at or above each Dockerfile holding manage.py, else the Dockerfile's folder)
  --format FORMAT   text (default), json or sarif (SARIF 2.1.0)
  --no-generic      Leave out the generic dockerfile-utils validity checks
  -h, --help        Show this help

Exit status: 0 no error-severity finding, 1 some, 2 usage or I/O error.
`;

export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  source: string;
}

type Format = 'text' | 'json' | 'sarif';

export async function runLint(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        workspace: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'no-generic': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = parsed.values.format as Format;
  if (!['text', 'json', 'sarif'].includes(format)) return usageError(`unknown format '${format}' (text, json or sarif)`);
  if (parsed.positionals.length === 0) return usageError('no Dockerfile given');
  const workspaceDir = parsed.values.workspace;
  if (workspaceDir !== undefined && !(await isDirectory(workspaceDir))) {
    process.stderr.write(`django-container lint: workspace ${workspaceDir} is not a folder\n`);
    return 2;
  }

  let ioError = false;
  let linted = 0;
  const results: CliFinding[] = [];
  const workspaces = new Map<string, Promise<WorkspaceModel | null>>();
  for (const file of parsed.positionals) {
    const text = await readDockerfile(file);
    if (text === null) {
      ioError = true;
      continue;
    }
    const contextDir = path.resolve(workspaceDir ?? (file === STDIN_NAME ? process.cwd() : findContextDir(file)));
    if (!workspaces.has(contextDir)) workspaces.set(contextDir, loadWorkspace(file === STDIN_NAME ? path.join(contextDir, 'Dockerfile') : file, contextDir));
    const workspace = await workspaces.get(contextDir)!;
    linted++;
    const findings = lintDockerfile(text, { workspace, genericRules: !parsed.values['no-generic'] });
    results.push(...findings.map((finding) => toCliFinding(file, finding)));
  }

  // After a read error the text summary would claim "no problems" for files never checked: print findings only.
  const text = ioError && results.length === 0 ? '' : formatText(results, linted);
  process.stdout.write(format === 'json' ? `${JSON.stringify(results, null, 2)}\n` : format === 'sarif' ? `${JSON.stringify(toSarif(results), null, 2)}\n` : text);
  if (ioError) return 2;
  return results.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function usageError(message: string): number {
  process.stderr.write(`django-container lint: ${message}\n\n${USAGE}`);
  return 2;
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await fsp.stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/** Larger files are not Dockerfiles anyone maintains by hand; refusing them keeps memory bounded (e.g. /dev/zero). */
const MAX_DOCKERFILE_BYTES = 8 * 1024 * 1024;
export const STDIN_NAME = '-';

/** The file's text (BOM dropped, as editors do), or null after printing why it cannot be read. */
async function readDockerfile(file: string): Promise<string | null> {
  const fail = (reason: string) => {
    process.stderr.write(`django-container lint: cannot read ${file === STDIN_NAME ? 'standard input' : file}: ${reason}\n`);
    return null;
  };
  try {
    let bytes: Buffer;
    if (file === STDIN_NAME) {
      bytes = await readBounded(process.stdin);
    } else {
      const stat = await fsp.stat(file);
      if (stat.isDirectory()) {
        process.stderr.write(`django-container lint: ${file} is a folder; pass the Dockerfile itself (e.g. ${path.join(file, 'Dockerfile')})\n`);
        return null;
      }
      // A FIFO or device would block or never end; `-` is the way to pipe a Dockerfile in.
      if (!stat.isFile()) return fail("not a regular file (use '-' to read standard input)");
      if (stat.size > MAX_DOCKERFILE_BYTES) return fail(`too large for a Dockerfile (${(stat.size / 2 ** 20).toFixed(1)} MiB)`);
      bytes = await fsp.readFile(file);
    }
    if (bytes.subarray(0, 8192).includes(0)) return fail('binary content, not a Dockerfile');
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', ELOOP: 'symbolic link loop', ENOTDIR: 'part of the path is a file' };
    return fail((code && reasons[code]) ?? (error as Error).message);
  }
}

function readBounded(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DOCKERFILE_BYTES) reject(new Error(`too large for a Dockerfile (over ${MAX_DOCKERFILE_BYTES / 2 ** 20} MiB)`));
      else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The nearest folder at or above the Dockerfile holding manage.py (not above the current folder), else its own folder. */
function findContextDir(file: string): string {
  const own = path.dirname(path.resolve(file));
  const stop = process.cwd();
  const inside = own === stop || own.startsWith(stop + path.sep);
  for (let dir = own; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'manage.py'))) return dir;
    if (!inside || dir === stop || dir === path.dirname(dir)) return own;
  }
}

async function loadWorkspace(file: string, contextDir: string): Promise<WorkspaceModel | null> {
  try {
    return await loadWorkspaceModel(path.resolve(file), contextDir);
  } catch (error) {
    process.stderr.write(`django-container lint: warning: could not read the build context ${contextDir}: ${(error as Error).message}\n`);
    return null;
  }
}

/** LSP positions are 0-based with an exclusive end; the CLI reports 1-based lines and columns. */
export function toCliFinding(file: string, finding: LintFinding): CliFinding {
  return {
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    code: finding.ruleId,
    message: finding.message,
    source: finding.source ?? ENGINE_SOURCE,
  };
}

function formatText(findings: CliFinding[], files: number): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}`);
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const summary = findings.length === 0
    ? `${files} file${files === 1 ? '' : 's'} checked, no problems`
    : `${findings.length} problem${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} info) in ${files} file${files === 1 ? '' : 's'}`;
  return `${[...lines, summary].join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 log: one run, our rules (with their docs) plus the generic ids that occurred. */
export function toSarif(findings: CliFinding[]): object {
  const rules = allRules.map((rule) => ({
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    help: { text: rule.doc, markdown: rule.doc },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
    properties: { ...(rule.hadolint ? { hadolint: rule.hadolint } : {}), ...(rule.buildkit ? { buildkit: rule.buildkit } : {}) },
  }));
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of findings) {
    if (known.has(finding.code)) continue;
    known.add(finding.code);
    rules.push({
      id: finding.code,
      name: finding.code,
      shortDescription: { text: `${finding.source}: ${finding.code}` },
      help: { text: finding.message, markdown: finding.message },
      defaultConfiguration: { level: SARIF_LEVEL[finding.severity] },
      properties: {},
    });
  }
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'django-container', version, rules } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.code,
          ruleIndex: index.get(finding.code),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.file.split(path.sep).join('/')) },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
          properties: { source: finding.source, severity: finding.severity },
        })),
      },
    ],
  };
}
