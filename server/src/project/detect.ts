/**
 * Django project detection: every manage.py under a folder (outside virtualenvs, node_modules, VCS and
 * build folders) becomes one DjangoProject. Never throws for bad projects: unreadable or broken files
 * become warnings and a partial model.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { readDependencies, holdsManifest } from './dependencies';
import { findUvWorkspace, readUvWorkspaceDependencies } from './uv-workspace';
import { lockedPackages } from './locked-servers';
import { diskProjectFiles, dirnameRel, joinRel, relativeRel, type ProjectFiles } from './project-files';
import { assignmentParts, moduleStatements, parsePython, sourceOf } from './python';
import { readPythonPins } from './python-version';
import { readDjangoPin } from './django-version';
import { choosePython } from './python-choice';
import type { Requirement } from './requirements';
import { scanTree, type SkipReason } from './scan';
import { ModuleResolver, SettingsReader, type SettingsFacts } from './settings';
import { chooseSettingsModule, findNamedSettings } from './settings-module';
import { collectSystemPackages } from './system-packages';
import type { AppServer, DetectResult, DjangoProject, SettingsEnvironment } from './types';

export const NO_PROJECT_WARNING = 'No Django project found: no manage.py outside virtualenvs, node_modules, VCS and build folders';

export interface DetectOptions {
  /** Folders skipped by the scan (from scanTree), to report virtualenvs inside a project. */
  skippedDirs?: ReadonlyMap<string, SkipReason>;
}

/** Scans `dir` and describes every Django project in it. */
export async function detectProjects(dir: string): Promise<DetectResult> {
  const absolute = path.resolve(dir);
  let stat;
  try {
    stat = await fsp.stat(absolute);
  } catch {
    return { projects: [], warnings: [`${dir} does not exist`] };
  }
  if (!stat.isDirectory()) return { projects: [], warnings: [`${dir} is not a folder`] };
  const scan = await scanTree(absolute);
  const result = await detectProjectsInFiles(diskProjectFiles(absolute, scan.files), { skippedDirs: scan.skippedDirs });
  for (const unreadable of scan.unreadableDirs) {
    // Node decodes names as UTF-8: a Latin-1 name comes back with U+FFFD and no longer names the folder.
    const reason = unreadable.includes('\uFFFD') ? 'its name is not valid UTF-8 (rename it)' : 'cannot read folder';
    result.warnings.push(`${unreadable}: ${reason}; projects inside it are not detected`);
  }
  return result;
}

/** Detection over an already scanned (or in-memory) file set. */
export async function detectProjectsInFiles(files: ProjectFiles, options: DetectOptions = {}): Promise<DetectResult> {
  const managePys = [...files.files].filter((f) => f === 'manage.py' || f.endsWith('/manage.py')).sort();
  const projects = await Promise.all(managePys.map((m) => detectProject(files, m, options)));
  const warnings = projects.length === 0 ? [NO_PROJECT_WARNING] : [];
  return { projects, warnings };
}

/** The nearest folder at or above manage.py's holding a dependency manifest, else manage.py's folder. */
function projectRootOf(files: ProjectFiles, manageDir: string): string {
  for (let dir = manageDir; ; dir = dirnameRel(dir)) {
    if (holdsManifest(files, dir)) return dir;
    if (!dir) return manageDir;
  }
}

/** Folders above `dir` up to the scanned folder, nearest first. */
function ancestorsOf(dir: string): string[] {
  const out: string[] = [];
  for (let current = dir; current; ) {
    current = dirnameRel(current);
    out.push(current);
  }
  return out;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

const DATABASE_DRIVERS: Array<[string, string]> = [
  ['psycopg', 'postgresql'], ['psycopg2', 'postgresql'], ['psycopg2-binary', 'postgresql'], ['psycopg-binary', 'postgresql'],
  ['mysqlclient', 'mysql'], ['pymysql', 'mysql'], ['mysql-connector-python', 'mysql'],
  ['oracledb', 'oracle'], ['cx-oracle', 'oracle'],
];

async function detectProject(files: ProjectFiles, managePyPath: string, options: DetectOptions): Promise<DjangoProject> {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const manageDir = dirnameRel(managePyPath);
  const manifestDir = projectRootOf(files, manageDir);
  // A uv workspace member builds from the workspace root, where the lock and its sibling packages are.
  const uvWorkspace = await findUvWorkspace(files, manifestDir, warn);
  const root = uvWorkspace ? (uvWorkspace.root === '.' ? '' : uvWorkspace.root) : manifestDir;
  const importRoots = unique([manageDir, root, joinRel(root, 'src')]).filter((d) => files.dirs.has(d));
  const resolver = new ModuleResolver(files, importRoots);

  const manage = await files.read(managePyPath);
  if ('error' in manage) warn(`${managePyPath}: cannot read (${manage.error})`);
  const manageText = 'text' in manage ? manage.text : undefined;

  const named = await findNamedSettings(files, managePyPath, manageText, unique([manageDir, root]));
  if (!named) {
    warn(`${managePyPath}: no settings module found (manage.py does not set DJANGO_SETTINGS_MODULE, and no wsgi.py, asgi.py or pytest configuration names one)`);
  }
  const choice = named ? chooseSettingsModule(named.module, resolver, files) : undefined;

  let settings: SettingsFacts | undefined;
  if (choice) {
    const resolved = resolver.resolve(choice.chosen);
    if (resolved) settings = await new SettingsReader(files, resolver, warn).read(resolved);
    else warn(`settings module ${choice.chosen} (named in ${named?.source}) not found under ${importRoots.map((r) => r || '.').join(', ')}`);
  }

  const dependencies = uvWorkspace ? await readUvWorkspaceDependencies(files, uvWorkspace, warn) : await readDependencies(files, root, warn);
  const requirements = dependencies.requirements;
  // Servers the lock installs count as declared too, however they got in (an extra, a dependency's dependency).
  const locked = await lockedPackages(files, root, dependencies.manager, Object.keys(SERVER_DISTRIBUTIONS), uvWorkspace?.package);
  const names = unique([...requirements.flatMap((r) => [r.name, ...installedThroughExtras(r)]), ...locked]).sort();
  const has = (name: string): boolean => names.includes(name);
  const apps = settings?.installedApps ?? [];
  const appNamed = (name: string): boolean => apps.some((a) => a === name || a.startsWith(`${name}.`));

  const pythonPins = await readPythonPins(files, unique([root, manifestDir, manageDir, ...ancestorsOf(root)]), dependencies);
  const pythonVersion = pythonPins.find((pin) => pin.version)?.version ?? null;
  const django = has('django') ? await readDjangoPin(files, root, dependencies.files) : null;
  const pythonChoice = choosePython(pythonPins, django);
  const settingsModule = choice?.chosen ?? null;
  const wsgiApplication = settings?.wsgiApplication ?? (await entryPointFromFile(files, resolver, settingsModule, manageDir, 'wsgi'));
  const asgiApplication = settings?.asgiApplication ?? (await entryPointFromFile(files, resolver, settingsModule, manageDir, 'asgi'));
  const asgiRequired = appNamed('channels') || appNamed('daphne') || has('channels') || has('daphne') || !!settings?.asgiApplication;

  const geoDjango = appNamed('django.contrib.gis') || !!settings?.databases?.geo;
  const virtualenvs = [...(options.skippedDirs ?? new Map<string, SkipReason>())]
    .filter(([dir, reason]) => reason === 'virtualenv' && (root === '' || dir.startsWith(`${root}/`)))
    .map(([dir]) => relativeRel(root, dir))
    .sort();

  return {
    root: root || '.',
    managePy: relativeRel(root, managePyPath),
    settingsModule,
    settingsModules: choice?.all ?? [],
    wsgiApplication,
    asgiApplication,
    asgiRequired,
    pythonVersion,
    pythonPins,
    django,
    pythonChoice,
    dependencyManager: dependencies.manager,
    dependencyFiles: dependencies.files,
    localInstalls: dependencies.localInstalls,
    dependencies: names,
    appServer: chooseAppServer(names, asgiRequired),
    staticRoot: settings?.staticRoot ?? false,
    ...folderSetting('staticRootDir', settings?.staticRootPath, root),
    ...folderSetting('mediaRootDir', settings?.mediaRootPath, root),
    whitenoise: has('whitenoise') || (settings?.middleware ?? []).some((m) => m.startsWith('whitenoise.')) || appNamed('whitenoise'),
    databaseEngines: databaseEngines(settings, requirements),
    celery: has('celery') || appNamed('django_celery_beat') || appNamed('django_celery_results') || hasCeleryModule(resolver, settingsModule),
    celeryBeat: has('django-celery-beat') || appNamed('django_celery_beat') || !!settings?.celeryBeatSchedule,
    ...(settings ? { settingsEnv: settingsEnvironment(settings) } : {}),
    systemPackages: collectSystemPackages(requirements, geoDjango),
    geoDjango,
    virtualenvs,
    ...(uvWorkspace ? { uvWorkspace } : {}),
    warnings,
  };
}

/** A STATIC_ROOT/MEDIA_ROOT folder relative to the build context (kept absolute when it is an image path); omitted outside the context. */
function folderSetting<K extends 'staticRootDir' | 'mediaRootDir'>(key: K, folder: string | null | undefined, root: string): Partial<Record<K, string>> {
  if (folder === null || folder === undefined) return {};
  if (folder.startsWith('/')) return { [key]: folder } as Partial<Record<K, string>>;
  const relative = relativeRel(root, folder);
  if (relative === '.' || relative.startsWith('../')) return {};
  return { [key]: relative } as Partial<Record<K, string>>;
}

function settingsEnvironment(settings: SettingsFacts): SettingsEnvironment {
  const seen = new Set<string>();
  const reads = settings.envReads.filter((read) => {
    if (seen.has(read.variable)) return false;
    seen.add(read.variable);
    return true;
  });
  return { reads, secretKey: settings.secretKeyEnv, database: settings.databases?.connection ?? null };
}

/**
 * Packages a declared extra installs that detection cares about: `channels[daphne]` is how Channels' docs
 * install the daphne server, so daphne is declared (and no other ASGI server is added outside the lock).
 */
const EXTRA_PROVIDES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  channels: { daphne: ['daphne'] },
};

function installedThroughExtras(requirement: Requirement): readonly string[] {
  const provided = EXTRA_PROVIDES[requirement.name];
  return provided ? requirement.extras.flatMap((extra) => provided[extra] ?? []) : [];
}

/** Distributions that install an app server (pyuwsgi is uWSGI as a binary wheel). */
const SERVER_DISTRIBUTIONS: Readonly<Record<string, AppServer>> = {
  gunicorn: 'gunicorn', uvicorn: 'uvicorn', daphne: 'daphne', uwsgi: 'uwsgi', pyuwsgi: 'uwsgi',
};

/** Declared servers; when ASGI is needed an ASGI-capable one wins (uWSGI serves WSGI only). */
function chooseAppServer(names: readonly string[], asgiRequired: boolean): AppServer | null {
  const declared = new Set(names.map((name) => SERVER_DISTRIBUTIONS[name]).filter((server) => server !== undefined));
  const order: AppServer[] = asgiRequired ? ['daphne', 'uvicorn', 'gunicorn', 'uwsgi'] : ['gunicorn', 'uwsgi', 'uvicorn', 'daphne'];
  return order.find((server) => declared.has(server)) ?? null;
}

function databaseEngines(settings: SettingsFacts | undefined, requirements: Requirement[]): string[] {
  const databases = settings?.databases;
  if (!databases) return [];
  if (!databases.usesDatabaseUrl) return databases.engines;
  // A URL decides at run time: a literal default names one engine, the installed drivers the others.
  const declared = new Set(requirements.map((r) => r.name));
  return unique([...databases.engines, ...DATABASE_DRIVERS.filter(([driver]) => declared.has(driver)).map(([, engine]) => engine)]);
}

/** Packages the settings module lives in, innermost first ("config.settings.production" -> config.settings, config). */
function enclosingPackages(settingsModule: string | null): string[] {
  if (!settingsModule) return [];
  const parts = settingsModule.split('.');
  const out: string[] = [];
  for (let n = parts.length - 1; n >= 1; n--) out.push(parts.slice(0, n).join('.'));
  return out;
}

function hasCeleryModule(resolver: ModuleResolver, settingsModule: string | null): boolean {
  return enclosingPackages(settingsModule).some((pkg) => resolver.resolve(`${pkg}.celery`) !== undefined);
}

/**
 * "module:callable" of the wsgi.py/asgi.py that exists: next to the settings first, else the shallowest
 * one under manage.py's folder.
 */
async function entryPointFromFile(
  files: ProjectFiles,
  resolver: ModuleResolver,
  settingsModule: string | null,
  manageDir: string,
  kind: 'wsgi' | 'asgi',
): Promise<string | null> {
  let module = enclosingPackages(settingsModule)
    .map((pkg) => resolver.resolve(`${pkg}.${kind}`))
    .find((m) => m !== undefined);
  if (!module) {
    const prefix = manageDir ? `${manageDir}/` : '';
    const candidate = [...files.files]
      .filter((f) => f.startsWith(prefix) && f.endsWith(`/${kind}.py`))
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
      .map((f) => resolver.moduleNameOf(f))
      .find((name) => name !== undefined);
    module = candidate ? resolver.resolve(candidate) : undefined;
  }
  if (!module) return null;
  return `${module.name}:${await callableIn(files, module.file)}`;
}

/** The module-level name a server should load: `application` (Django's), else `app`. */
async function callableIn(files: ProjectFiles, file: string): Promise<string> {
  const outcome = await files.read(file);
  if (!('text' in outcome)) return 'application';
  const mod = parsePython(outcome.text);
  const assigned = new Set<string>();
  for (const stmt of moduleStatements(mod)) {
    if (stmt.name !== 'AssignStatement') continue;
    for (const target of assignmentParts(stmt).targets) if (target.name === 'VariableName') assigned.add(sourceOf(mod, target));
  }
  return assigned.has('application') || !assigned.has('app') ? 'application' : 'app';
}
