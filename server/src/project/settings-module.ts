/**
 * Which settings module a project uses: the name manage.py sets (falling back to wsgi.py/asgi.py and
 * pytest configuration), then, for settings packages (settings/{base,dev,production}.py), the
 * production-like module an image should run.
 */
import type { SyntaxNode } from '@lezer/common';
import { parseToml } from './toml';
import type { ProjectFiles } from './project-files';
import { dirnameRel, joinRel } from './project-files';
import { callArguments, calleeName, findAll, parsePython, stringValue, subscriptTarget, assignmentParts, type PythonModule } from './python';
import type { ModuleResolver } from './settings';

const SETTINGS_VARIABLE = 'DJANGO_SETTINGS_MODULE';

/** The DJANGO_SETTINGS_MODULE a Python file sets by default, if it says. */
export function settingsModuleSetIn(mod: PythonModule): string | undefined {
  for (const call of findAll(mod, 'CallExpression')) {
    if (!/(^|\.)environ\.setdefault$/.test(calleeName(mod, call))) continue;
    const [key, value] = callArguments(mod, call);
    if (!key || !value || stringValue(mod, key.value) !== SETTINGS_VARIABLE) continue;
    const found = stringValue(mod, value.value) ?? environmentDefault(mod, value.value);
    if (found) return found;
  }
  for (const stmt of findAll(mod, 'AssignStatement')) {
    const { targets, value } = assignmentParts(stmt);
    const target = targets[0] && subscriptTarget(mod, targets[0]);
    if (target && /(^|\.)environ$/.test(target.base) && target.key === SETTINGS_VARIABLE) {
      const found = stringValue(mod, value) ?? (value ? environmentDefault(mod, value) : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

/** `os.environ.get("X", "default")` / `os.getenv("X", "default")`: the literal default. */
function environmentDefault(mod: PythonModule, node: SyntaxNode): string | undefined {
  if (node.name !== 'CallExpression' || !/(^|\.)(environ\.get|getenv)$/.test(calleeName(mod, node))) return undefined;
  const args = callArguments(mod, node);
  const fallback = args.find((a) => a.keyword === 'default') ?? args.filter((a) => !a.keyword)[1];
  return fallback ? stringValue(mod, fallback.value) : undefined;
}

export interface NamedSettings {
  module: string;
  /** File that named it, relative to the scanned folder. */
  source: string;
}

/**
 * The settings module the project names, looking at manage.py, then wsgi.py/asgi.py under its folder,
 * then pytest-django configuration (pytest.ini, pyproject.toml, setup.cfg, tox.ini).
 */
export async function findNamedSettings(
  files: ProjectFiles,
  managePy: string,
  manageText: string | undefined,
  configDirs: string[],
): Promise<NamedSettings | undefined> {
  if (manageText !== undefined) {
    const module = settingsModuleSetIn(parsePython(manageText));
    if (module) return { module, source: managePy };
  }
  const manageDir = dirnameRel(managePy);
  const prefix = manageDir ? `${manageDir}/` : '';
  const entryPoints = [...files.files]
    .filter((f) => f.startsWith(prefix) && /(^|\/)(wsgi|asgi)\.py$/.test(f))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
    .slice(0, 8);
  for (const file of entryPoints) {
    const outcome = await files.read(file);
    if (!('text' in outcome)) continue;
    const module = settingsModuleSetIn(parsePython(outcome.text));
    if (module) return { module, source: file };
  }
  for (const dir of configDirs) {
    const found = await pytestSettings(files, dir);
    if (found) return found;
  }
  return undefined;
}

const INI_SOURCES: Array<[string, string]> = [['pytest.ini', 'pytest'], ['setup.cfg', 'tool:pytest'], ['tox.ini', 'pytest']];

async function pytestSettings(files: ProjectFiles, dir: string): Promise<NamedSettings | undefined> {
  const pyproject = joinRel(dir, 'pyproject.toml');
  if (files.files.has(pyproject)) {
    const outcome = await files.read(pyproject);
    if ('text' in outcome) {
      try {
        const data = parseToml(outcome.text) as { tool?: { pytest?: { ini_options?: Record<string, unknown> } } };
        const value = data.tool?.pytest?.ini_options?.[SETTINGS_VARIABLE];
        if (typeof value === 'string' && value) return { module: value, source: pyproject };
      } catch {
        /* a broken pyproject.toml is reported by the dependency reader */
      }
    }
  }
  for (const [name, section] of INI_SOURCES) {
    const file = joinRel(dir, name);
    if (!files.files.has(file)) continue;
    const outcome = await files.read(file);
    if (!('text' in outcome)) continue;
    const value = iniValue(outcome.text, section, SETTINGS_VARIABLE);
    if (value) return { module: value, source: file };
  }
  return undefined;
}

/** One key of one section of an INI file (pytest's format: `key = value`, `#`/`;` comments). */
export function iniValue(text: string, section: string, key: string): string | undefined {
  let current = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1].trim();
      continue;
    }
    if (current !== section) continue;
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (pair && pair[1] === key) return pair[2].trim() || undefined;
  }
  return undefined;
}

const PRODUCTION_WORDS = ['production', 'prod', 'live', 'deploy', 'deployment', 'prd'];

/** Rank of a module's last segment as a production settings name (lower is better), or -1. */
function productionRank(moduleName: string): number {
  const last = moduleName.slice(moduleName.lastIndexOf('.') + 1).toLowerCase();
  const words = last.split(/[_-]+/);
  for (let i = 0; i < PRODUCTION_WORDS.length; i++) if (words.includes(PRODUCTION_WORDS[i])) return i * 2 + (words.length > 1 ? 1 : 0);
  return -1;
}

export interface SettingsChoice {
  /** The module an image should run. */
  chosen: string;
  /** All settings modules found, the chosen one first. */
  all: string[];
}

/**
 * For a settings package, the production-like sibling module and all the others; for a single
 * settings module, just that one.
 */
export function chooseSettingsModule(named: string, resolver: ModuleResolver, files: ProjectFiles): SettingsChoice {
  const resolved = resolver.resolve(named);
  let packageName: string | undefined;
  if (resolved?.isPackage) packageName = named;
  else if (named.includes('.')) {
    const parent = named.slice(0, named.lastIndexOf('.'));
    if (/settings/i.test(parent.slice(parent.lastIndexOf('.') + 1))) packageName = parent;
  }
  const candidates = new Set<string>([named]);
  const dir = packageName ? resolver.packageDir(packageName) : undefined;
  if (packageName && dir !== undefined) {
    const prefix = dir ? `${dir}/` : '';
    for (const file of files.files) {
      if (!file.startsWith(prefix) || !file.endsWith('.py')) continue;
      const base = file.slice(prefix.length, -3);
      if (base.includes('/') || base.startsWith('_') || !/^[A-Za-z]\w*$/.test(base)) continue;
      candidates.add(`${packageName}.${base}`);
    }
  }
  const ranked = [...candidates]
    .filter((m) => productionRank(m) >= 0)
    .sort((a, b) => productionRank(a) - productionRank(b) || a.localeCompare(b));
  const chosen = ranked[0] ?? named;
  const others = [...candidates].filter((m) => m !== chosen).sort();
  return { chosen, all: [chosen, ...others] };
}
