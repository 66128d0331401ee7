/**
 * The Python minor version a project states, from the first source that says:
 * .python-version, requires-python (PEP 621 or Poetry's python dependency), runtime.txt,
 * Pipfile [requires], .tool-versions, uv.lock. Null when nothing says.
 */
import { parseToml } from './toml';
import type { ProjectFiles } from './project-files';
import { joinRel } from './project-files';
import type { PyProject } from './dependencies';

/** "3.11.4", "python-3.11", "pypy3.10", "cpython@3.12" -> "3.11" etc. */
export function versionFromText(text: string): string | null {
  const match = /(?:^|[^\d.])(3)\.(\d{1,2})(?:\.\d+|\.\*)?(?![\d])/.exec(text) ?? /(?:^|[^\d.])(2)\.(\d)(?![\d])/.exec(text);
  return match ? `${match[1]}.${match[2]}` : null;
}

/**
 * The lowest major.minor a version specifier allows, read from its lower bounds:
 * ">=3.11" -> "3.11", "==3.12.*" -> "3.12", "^3.11" -> "3.11", "~=3.10.2" -> "3.10", ">3.10" -> "3.11".
 * Null when the specifier states no lower bound ("<4").
 */
export function minimalVersionFromSpecifier(spec: string): string | null {
  let best: [number, number] | null = null;
  for (const clause of spec.split(/[,|]|\|\|/)) {
    const match = /^\s*(>=|==|~=|\^|~|>|===)?\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?/.exec(clause);
    if (!match) continue;
    const op = match[1] ?? '==';
    const major = Number(match[2]);
    if (match[3] === undefined || match[3] === '*') continue; // "3" or "3.*": no minor stated
    let minor = Number(match[3]);
    if (op === '>' && (match[4] === undefined || match[4] === '*')) minor += 1;
    if (!['>=', '==', '~=', '^', '~', '>', '==='].includes(op)) continue;
    if (!best || major < best[0] || (major === best[0] && minor < best[1])) best = [major, minor];
  }
  return best ? `${best[0]}.${best[1]}` : null;
}

async function textOf(files: ProjectFiles, file: string, maxBytes?: number): Promise<string | undefined> {
  if (!files.files.has(file)) return undefined;
  const outcome = await files.read(file, maxBytes);
  return 'text' in outcome ? outcome.text : undefined;
}

export interface VersionSources {
  pyproject: PyProject | undefined;
  pipfile: Record<string, unknown> | undefined;
}

/** One statement of the Python version: an exact minor (.python-version) or a specifier (requires-python). */
export interface PythonPin {
  /** e.g. ".python-version", "requires-python (pyproject.toml)". */
  source: string;
  /** As written. */
  text: string;
  /** "exact": the file names one version; "spec": a range the project accepts. */
  kind: 'exact' | 'spec';
  /** The minor an exact pin names, or a spec's lowest; null when the text names no version (unparseable). */
  version: string | null;
}

function requiresPythonPin(pyproject: PyProject | undefined): PythonPin | null {
  const pep621 = pyproject?.project?.['requires-python'];
  if (typeof pep621 === 'string') return { source: 'requires-python (pyproject.toml)', text: pep621, kind: 'spec', version: minimalVersionFromSpecifier(pep621) };
  const poetry = pyproject?.tool?.poetry?.dependencies?.python;
  if (typeof poetry === 'string') return { source: 'tool.poetry python (pyproject.toml)', text: poetry, kind: 'spec', version: minimalVersionFromSpecifier(poetry) };
  return null;
}

/** Every source that states a Python version, in the documented order, from the first folder of `dirs` (the root first) that has any. */
export async function readPythonPins(files: ProjectFiles, dirs: string[], parsed: VersionSources): Promise<PythonPin[]> {
  for (const dir of dirs) {
    const pins: PythonPin[] = [];
    const exact = (source: string, text: string | undefined) => {
      if (text !== undefined && text.trim()) pins.push({ source: joinRel(dir, source), text: text.trim(), kind: 'exact', version: versionFromText(text.trim()) });
    };
    const pythonVersionFile = await textOf(files, joinRel(dir, '.python-version'));
    exact('.python-version', pythonVersionFile?.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#')));
    const fromPyproject = dir === dirs[0] ? requiresPythonPin(parsed.pyproject) : null;
    if (fromPyproject) pins.push(fromPyproject);
    exact('runtime.txt', await textOf(files, joinRel(dir, 'runtime.txt')));
    const requires = dir === dirs[0] ? (parsed.pipfile?.requires as Record<string, unknown> | undefined) : undefined;
    const pipfileVersion = requires?.python_version ?? requires?.python_full_version;
    if (typeof pipfileVersion === 'string') exact('Pipfile [requires]', pipfileVersion);
    const toolVersions = await textOf(files, joinRel(dir, '.tool-versions'));
    const pythonLine = toolVersions?.split(/\r?\n/).find((l) => /^\s*python\s+/.test(l));
    if (pythonLine) exact('.tool-versions', pythonLine.trim().split(/\s+/)[1] ?? '');
    const uvLock = await textOf(files, joinRel(dir, 'uv.lock'), 4096);
    const lockSpec = uvLock ? uvLockRequiresPython(uvLock) : null;
    if (lockSpec) pins.push({ source: joinRel(dir, 'uv.lock'), text: lockSpec, kind: 'spec', version: minimalVersionFromSpecifier(lockSpec) });
    if (pins.length) return pins;
  }
  return [];
}

/** The version the first readable source states (null when nothing says). */
export async function readPythonVersion(files: ProjectFiles, dirs: string[], parsed: VersionSources): Promise<string | null> {
  return (await readPythonPins(files, dirs, parsed)).find((p) => p.version)?.version ?? null;
}

/** uv.lock's top-level `requires-python`; only the file's head is read (lock files can be megabytes). */
function uvLockRequiresPython(head: string): string | null {
  const preamble = head.split(/^\[/m)[0];
  try {
    const data = parseToml(preamble) as { 'requires-python'?: unknown };
    return typeof data['requires-python'] === 'string' ? data['requires-python'] : null;
  } catch {
    return null;
  }
}
