/**
 * Python modules of a build context that features point at: WSGI/ASGI application modules, settings
 * modules, and dotted module -> file resolution. Computed once per workspace model (cached).
 */
import type { WorkspaceModel } from '../project/workspace';
import { moduleFile as ruleModuleFile } from '../rules/support/python-modules';

export interface AppModule {
  kind: 'wsgi' | 'asgi';
  /** Dotted module, e.g. "config.wsgi". */
  module: string;
  attribute: string;
  /** File relative to the build context, forward slashes. */
  file: string;
}

interface ModuleIndex {
  apps: AppModule[];
  settings: string[];
}

const indexes = new WeakMap<WorkspaceModel, ModuleIndex>();
const APPLICATION_ASSIGNMENT = /^application\s*(?::[^=\n]*)?=/m;
/** Reading every *.py of a huge context would stall the first completion: read the likeliest ones. */
const MAX_PY_FILES_READ = 400;
const SETTINGS_FILE = /(^|\/)settings(\/[A-Za-z_]\w*)?\.py$|(^|\/)settings_[A-Za-z_]\w*\.py$/;

/** WSGI/ASGI application modules: the project's configured ones first, then any *.py assigning `application`. */
export function appModules(workspace: WorkspaceModel | null): AppModule[] {
  return workspace ? indexOf(workspace).apps : [];
}

/** Settings modules: the project model's (chosen first), then settings files found on disk. */
export function settingsModules(workspace: WorkspaceModel | null): string[] {
  return workspace ? indexOf(workspace).settings : [];
}

/**
 * The file (relative to the build context) that defines a dotted module, found as the rules find it
 * (so a hint, link or hover never disagrees with a diagnostic).
 */
export function moduleFile(workspace: WorkspaceModel | null, module: string): string | undefined {
  if (!workspace || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(module)) return undefined;
  return ruleModuleFile(workspace, module);
}

/** "config.wsgi:application" or "config.wsgi.application" (Django's setting style) -> parts. */
export function splitApplicationPath(value: string): { module: string; attribute: string } | null {
  const colon = /^([A-Za-z_][\w.]*):([A-Za-z_]\w*)$/.exec(value);
  if (colon) return { module: colon[1], attribute: colon[2] };
  const dotted = /^([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)$/.exec(value);
  return dotted ? { module: dotted[1], attribute: dotted[2] } : null;
}

function indexOf(workspace: WorkspaceModel): ModuleIndex {
  let index = indexes.get(workspace);
  if (!index) {
    index = { apps: findAppModules(workspace), settings: findSettingsModules(workspace) };
    indexes.set(workspace, index);
  }
  return index;
}

function findAppModules(workspace: WorkspaceModel): AppModule[] {
  const apps: AppModule[] = [];
  const add = (kind: AppModule['kind'], module: string, attribute: string) => {
    const file = moduleFile(workspace, module);
    if (file && !apps.some((app) => app.module === module && app.attribute === attribute)) apps.push({ kind, module, attribute, file });
  };
  const project = workspace.project;
  const configured: Array<[AppModule['kind'], string | null | undefined]> = [
    [project?.asgiRequired ? 'asgi' : 'wsgi', project?.asgiRequired ? project?.asgiApplication : project?.wsgiApplication],
    ['wsgi', project?.wsgiApplication],
    ['asgi', project?.asgiApplication],
  ];
  for (const [kind, value] of configured) {
    const parts = value ? splitApplicationPath(value) : null;
    if (parts) add(kind, parts.module, parts.attribute);
  }
  const candidates = [...workspace.files].filter((f) => f.endsWith('.py')).sort(likelyApplicationFirst).slice(0, MAX_PY_FILES_READ);
  for (const file of candidates) {
    const text = workspace.readFile(file);
    if (!text || !APPLICATION_ASSIGNMENT.test(text)) continue;
    const module = moduleOfFile(workspace, file);
    if (module) add(/asgi/.test(file) || text.includes('get_asgi_application') ? 'asgi' : 'wsgi', module, 'application');
  }
  return apps;
}

function findSettingsModules(workspace: WorkspaceModel): string[] {
  const modules = new Set<string>(workspace.project?.settingsModules ?? []);
  if (workspace.project?.settingsModule) modules.add(workspace.project.settingsModule);
  for (const file of [...workspace.files].sort(byDepthThenName)) {
    if (!SETTINGS_FILE.test(file)) continue;
    const module = moduleOfFile(workspace, file);
    if (module) modules.add(module);
  }
  const chosen = workspace.project?.settingsModule;
  return [...modules].sort((a, b) => Number(b === chosen) - Number(a === chosen));
}

/** "config/wsgi.py" -> "config.wsgi" relative to the project's source root; null outside Python's grammar. */
function moduleOfFile(workspace: WorkspaceModel, file: string): string | null {
  const prefix = sourcePrefixes(workspace).find((p) => file.startsWith(p)) ?? '';
  const dotted = file.slice(prefix.length).replace(/(\/__init__)?\.py$/, '').split('/').join('.');
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted) ? dotted : null;
}

/** Where imports resolve from: the Django project root (where manage.py is), then the context itself. */
function sourcePrefixes(workspace: WorkspaceModel): string[] {
  const root = workspace.project?.root;
  const prefixes = root && root !== '.' && root !== '' ? [`${root.replace(/\/$/, '')}/`, ''] : [''];
  return prefixes;
}

/** wsgi.py/asgi.py first, then shallow files (application modules sit near the project root). */
function likelyApplicationFirst(a: string, b: string): number {
  const named = (file: string) => (/(^|\/)(wsgi|asgi)\.py$/.test(file) ? 0 : 1);
  return named(a) - named(b) || byDepthThenName(a, b);
}

function byDepthThenName(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || a.localeCompare(b);
}
