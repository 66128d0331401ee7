/**
 * Project model -> template context: every decision the generated files embody is made here, as a pure
 * function, so templates only lay text out and tests can assert decisions without rendering.
 */
import * as path from 'node:path';
import { isPythonEol, pythonRelease } from '../data/python';
import type { DependencyManager, DjangoProject } from '../project/types';
import { imageFacts, officialPythonImage } from './base-image';
import {
  DEFAULT_DEBIAN_SUITE,
  DEFAULT_PORT,
  DEFAULT_PYTHON_VERSION,
  DEFAULT_USER_ID,
  GenerateError,
  TOOL_VERSIONS,
  type GenerateOptions,
} from './options';
import { composeContext, type ComposeContext } from './compose-context';
import { dockerignoreEntries } from './dockerignore';

export const VENV = '/opt/venv';
export const APP_DIR = '/app';
/** Value for settings that must exist while collectstatic imports them; never used at run time. */
export const BUILD_ONLY_SECRET = 'collectstatic-build-only-not-a-secret';

export interface PinnedTool {
  /** Distribution name on the index. */
  name: string;
  /** Build argument holding the version, e.g. POETRY_VERSION. */
  arg: string;
  version: string;
}

export interface CopyGroup {
  /** Sources relative to the build context. */
  sources: string[];
  /** Destination folder relative to the WORKDIR, ending in "/". */
  dest: string;
}

export type ServerKind = 'gunicorn' | 'gunicorn-uvicorn' | 'uvicorn' | 'daphne';

export interface EnvVar {
  name: string;
  value: string;
}

export interface TemplateContext {
  projectName: string;
  buildkit: boolean;
  /** The `# syntax=` frontend, or null. */
  syntax: string | null;
  /** Default of the global PYTHON_IMAGE build argument; both stages use it. */
  baseImage: string;
  pythonVersion: string;
  debianSuite: string | null;
  venv: string;
  appDir: string;
  manager: DependencyManager;
  /** Name of the install partial, e.g. "install-pip". */
  installPartial: string;
  /** Dependency manifests and lock files copied before the install (layer cache friendly). */
  dependencyCopies: CopyGroup[];
  /** pip: the requirements file installed with -r; null when the project has none. */
  requirementsFile: string | null;
  /** pip without a requirements file: the PEP 621 dependencies of pyproject.toml are installed (not the project itself). */
  pyprojectDependencies: boolean;
  /** The manager's lock file is present (Poetry, Pipenv, PDM, uv). */
  locked: boolean;
  /** Tool the builder installs into /opt/tools to run the manager (Poetry, Pipenv, PDM, uv); null for pip. */
  managerTool: PinnedTool | null;
  /** App servers the project does not declare but the CMD needs. */
  extraPackages: PinnedTool[];
  buildPackages: string[];
  runtimePackages: string[];
  /** `--mount=type=cache,...` prefixes for RUN (empty strings when BuildKit is off). */
  mounts: { pip: string; manager: string };
  /** ` --no-cache-dir` for pip when no cache mount keeps the cache out of layers, else empty. */
  pipNoCache: string;
  settingsModule: string | null;
  /** Absolute folder the app runs from (manage.py's folder). */
  workdir: string;
  /** manage.py relative to the workdir. */
  managePy: string;
  /** Variables given only to the collectstatic RUN, or null when STATIC_ROOT is not set. */
  collectstatic: { env: EnvVar[] } | null;
  server: { kind: ServerKind; application: string; argv: string[] };
  /** Exec-form CMD, as JSON. */
  cmd: string;
  port: number;
  userId: number;
  userName: string;
  /** Final-stage ENV (key=value form). */
  env: EnvVar[];
  healthcheck: { cmd: string; interval: string; timeout: string; startPeriod: string; retries: number };
  labels: EnvVar[];
  dockerignore: string[];
  compose: ComposeContext | null;
  /** Things the user should know (guesses, mismatches, installs added for them). */
  warnings: string[];
}

const MANAGER_TOOLS: Record<Exclude<DependencyManager, 'pip'>, PinnedTool> = {
  poetry: { name: 'poetry', arg: 'POETRY_VERSION', version: TOOL_VERSIONS.poetry },
  pipenv: { name: 'pipenv', arg: 'PIPENV_VERSION', version: TOOL_VERSIONS.pipenv },
  pdm: { name: 'pdm', arg: 'PDM_VERSION', version: TOOL_VERSIONS.pdm },
  uv: { name: 'uv', arg: 'UV_VERSION', version: TOOL_VERSIONS.uv },
};

const LOCK_FILES: Record<DependencyManager, string[]> = {
  pip: [],
  poetry: ['poetry.lock'],
  pipenv: ['Pipfile.lock'],
  pdm: ['pdm.lock'],
  uv: ['uv.lock'],
};

const MANIFESTS: Record<DependencyManager, string[]> = {
  pip: [],
  poetry: ['pyproject.toml'],
  pipenv: ['Pipfile'],
  pdm: ['pyproject.toml'],
  uv: ['pyproject.toml'],
};

const CACHE_DIRS: Record<DependencyManager, string> = {
  pip: '/root/.cache/pip',
  poetry: '/root/.cache/pypoetry',
  pipenv: '/root/.cache/pipenv',
  pdm: '/root/.cache/pdm',
  uv: '/root/.cache/uv',
};

export function buildTemplateContext(project: DjangoProject, options: GenerateOptions = {}): TemplateContext {
  const warnings: string[] = [];
  const buildkit = options.buildkit ?? true;
  const port = validPort(options.port ?? DEFAULT_PORT);
  const userId = validUserId(options.userId ?? DEFAULT_USER_ID);
  const manager: DependencyManager = project.dependencyManager ?? 'pip';
  const dependencies = new Set(project.dependencies.map(normaliseName));

  const image = chooseBaseImage(project, options, warnings);
  const files = dependencyFilesFor(project, manager, image.pythonVersion, warnings);
  const server = chooseServer(project, dependencies, options, warnings);
  const settingsModule = project.settingsModule;
  if (settingsModule !== null && !PYTHON_DOTTED.test(settingsModule)) {
    throw new GenerateError('invalid-option', `"${settingsModule}" is not a Python module path, so it cannot be DJANGO_SETTINGS_MODULE.`);
  }
  if (!settingsModule) warnings.push('No settings module was detected: DJANGO_SETTINGS_MODULE is not set in the image.');

  const managePyDir = path.posix.dirname(project.managePy);
  const workdir = managePyDir === '.' ? APP_DIR : path.posix.join(APP_DIR, managePyDir);
  const cacheMount = (target: string) => (buildkit ? `--mount=type=cache,target=${target} ` : '');

  const env: EnvVar[] = [
    { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
    { name: 'PYTHONUNBUFFERED', value: '1' },
    { name: 'VIRTUAL_ENV', value: VENV },
    { name: 'PATH', value: `"${VENV}/bin:$PATH"` },
    ...(settingsModule ? [{ name: 'DJANGO_SETTINGS_MODULE', value: settingsModule }] : []),
    { name: 'PORT', value: String(port) },
    ...(server.kind.startsWith('gunicorn') ? [{ name: 'WEB_CONCURRENCY', value: '2' }] : []),
  ];

  const projectName = options.projectName ?? projectNameOf(project);
  const labels: EnvVar[] = [
    { name: 'org.opencontainers.image.title', value: projectName },
    { name: 'org.opencontainers.image.description', value: `Django project ${projectName}` },
    { name: 'org.opencontainers.image.base.name', value: '${PYTHON_IMAGE}' },
    ...Object.entries(options.labels ?? {}).map(([name, value]) => ({ name, value })),
  ].map(({ name, value }) => ({ name, value: JSON.stringify(value) }));

  return {
    projectName,
    buildkit,
    syntax: buildkit && (options.syntaxDirective ?? true) ? 'docker/dockerfile:1' : null,
    baseImage: image.ref,
    pythonVersion: image.pythonVersion,
    debianSuite: image.debianSuite,
    venv: VENV,
    appDir: APP_DIR,
    manager,
    installPartial: `install-${manager}`,
    dependencyCopies: groupCopies(files.copies),
    requirementsFile: files.requirementsFile,
    pyprojectDependencies: files.pyprojectDependencies,
    locked: files.locked,
    managerTool: manager === 'pip' ? null : MANAGER_TOOLS[manager],
    extraPackages: server.extraPackages,
    buildPackages: sortedUnique(project.systemPackages.build),
    runtimePackages: sortedUnique(project.systemPackages.runtime),
    mounts: { pip: cacheMount(CACHE_DIRS.pip), manager: cacheMount(CACHE_DIRS[manager]) },
    pipNoCache: buildkit ? '' : ' --no-cache-dir',
    settingsModule,
    workdir,
    managePy: path.posix.basename(project.managePy),
    collectstatic: project.staticRoot ? { env: collectstaticEnv(dependencies) } : null,
    server: { kind: server.kind, application: server.application, argv: server.argv },
    cmd: execForm(server.argv),
    port,
    userId,
    userName: 'app',
    env,
    healthcheck: {
      cmd: execForm(['python', '-c', healthcheckScript(options.healthcheckPath ?? '/', port)]),
      interval: '30s',
      timeout: '5s',
      startPeriod: '20s',
      retries: 3,
    },
    labels,
    dockerignore: dockerignoreEntries(project, options.ignoreDirs ?? []),
    compose: options.compose ? composeContext(project, dependencies, port) : null,
    warnings: [...project.warnings.map((w) => `detection: ${w}`), ...warnings],
  };
}

/** Exec form (JSON array) with a space after each comma, as people write it. */
export function execForm(argv: string[]): string {
  return `[${argv.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}

/** PEP 503 normalisation, so "Django_Environ" and "django-environ" compare equal. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function validPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new GenerateError('invalid-option', `Port must be an integer from 1 to 65535, got ${port}.`);
  return port;
}

function validUserId(uid: number): number {
  if (!Number.isInteger(uid) || uid < 1 || uid > 2147483647) throw new GenerateError('invalid-option', `The user id must be a positive integer (not 0, which is root), got ${uid}.`);
  return uid;
}

function chooseBaseImage(project: DjangoProject, options: GenerateOptions, warnings: string[]) {
  if (options.pythonVersion !== undefined && !/^3\.\d{1,2}$/.test(options.pythonVersion)) {
    throw new GenerateError('invalid-option', `The Python version must look like 3.12, got "${options.pythonVersion}".`);
  }
  if (options.baseImage !== undefined && !/^[a-z0-9][\w.\-/:@]*$/i.test(options.baseImage)) {
    throw new GenerateError('invalid-option', `"${options.baseImage}" is not an image reference.`);
  }
  const wanted = options.pythonVersion ?? project.pythonVersion;
  if (options.baseImage) {
    const facts = imageFacts(options.baseImage);
    if (facts.alpine) warnings.push(`${options.baseImage} is Alpine-based: the generated Dockerfile uses apt-get and expects a Debian image.`);
    if (facts.pythonVersion && wanted && facts.pythonVersion !== wanted) {
      warnings.push(`${options.baseImage} has Python ${facts.pythonVersion} but the project asks for ${wanted}.`);
    }
    return { ref: options.baseImage, pythonVersion: facts.pythonVersion ?? wanted ?? DEFAULT_PYTHON_VERSION, debianSuite: facts.debianSuite ?? options.debianSuite ?? null };
  }
  const pythonVersion = wanted ?? DEFAULT_PYTHON_VERSION;
  if (pythonRelease(pythonVersion) && isPythonEol(pythonVersion, options.now)) {
    warnings.push(`Python ${pythonVersion} is end-of-life: it gets no security fixes and its official images are no longer updated.`);
  }
  if (!wanted) warnings.push(`Nothing in the project names a Python version; using ${DEFAULT_PYTHON_VERSION}.`);
  const debianSuite = options.debianSuite ?? DEFAULT_DEBIAN_SUITE;
  return { ref: officialPythonImage(pythonVersion, debianSuite), pythonVersion, debianSuite };
}

interface DependencyFiles {
  copies: string[];
  requirementsFile: string | null;
  pyprojectDependencies: boolean;
  locked: boolean;
}

function dependencyFilesFor(project: DjangoProject, manager: DependencyManager, pythonVersion: string, warnings: string[]): DependencyFiles {
  const listed = project.dependencyFiles;
  if (manager === 'pip') {
    // The first requirements file is the one to install; the rest are copied so its -r/-c includes resolve.
    const requirementsFile = listed.find((file) => file.endsWith('.txt') || file.endsWith('.in')) ?? null;
    if (requirementsFile) return { copies: listed.filter((file) => file.endsWith('.txt') || file.endsWith('.in')), requirementsFile, pyprojectDependencies: false, locked: false };
    if (listed.includes('pyproject.toml')) {
      if (Number(pythonVersion.split('.')[1]) < 11) warnings.push(`Reading pyproject.toml in the build needs tomllib (Python 3.11+); Python ${pythonVersion} lacks it: add a requirements.txt.`);
      return { copies: ['pyproject.toml'], requirementsFile: null, pyprojectDependencies: true, locked: false };
    }
    warnings.push('No requirements file was detected: the image installs only the app server.');
    return { copies: [], requirementsFile: null, pyprojectDependencies: false, locked: false };
  }
  const names = new Set(listed.map((file) => path.posix.basename(file)));
  const locked = LOCK_FILES[manager].some((lock) => names.has(lock));
  if (!locked) warnings.push(`No ${LOCK_FILES[manager].join('/')} was found: the build resolves versions afresh (not reproducible).`);
  const wanted = new Set([...MANIFESTS[manager], ...LOCK_FILES[manager]]);
  const copies = listed.filter((file) => wanted.has(path.posix.basename(file)));
  for (const manifest of MANIFESTS[manager]) if (!copies.some((file) => path.posix.basename(file) === manifest)) copies.unshift(manifest);
  return { copies, requirementsFile: null, pyprojectDependencies: false, locked };
}

function groupCopies(files: string[]): CopyGroup[] {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.posix.dirname(file);
    const dest = dir === '.' ? './' : `${dir}/`;
    groups.set(dest, [...(groups.get(dest) ?? []), file]);
  }
  return [...groups].map(([dest, sources]) => ({ sources, dest }));
}

interface ServerChoice {
  kind: ServerKind;
  application: string;
  argv: string[];
  extraPackages: PinnedTool[];
}

const GUNICORN: PinnedTool = { name: 'gunicorn', arg: 'GUNICORN_VERSION', version: TOOL_VERSIONS.gunicorn };
const UVICORN: PinnedTool = { name: 'uvicorn', arg: 'UVICORN_VERSION', version: TOOL_VERSIONS.uvicorn };

const PYTHON_DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** `module.path:callable` (or `module.path.callable`, Django's spelling): nothing a shell or JSON could misread. */
const APPLICATION = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$/;

function chooseServer(project: DjangoProject, deps: Set<string>, options: GenerateOptions, warnings: string[]): ServerChoice {
  const choice = chooseServerUnchecked(project, deps, options, warnings);
  if (!APPLICATION.test(choice.application)) {
    throw new GenerateError('invalid-option', `"${choice.application}" is not a Python application path (module:callable).`);
  }
  return choice;
}

function chooseServerUnchecked(project: DjangoProject, deps: Set<string>, options: GenerateOptions, warnings: string[]): ServerChoice {
  const has = (name: string) => deps.has(name) || project.appServer === name;
  const gunicornFlags = ['--worker-tmp-dir', '/dev/shm', '--access-logfile', '-'];
  const onlyAsgi = !project.wsgiApplication && project.asgiApplication !== null && options.application === undefined;
  if (options.server ? options.server === 'asgi' : project.asgiRequired || onlyAsgi) {
    if (onlyAsgi && !project.asgiRequired && !options.server) warnings.push(`No WSGI application was found: serving the ASGI application ${project.asgiApplication}.`);
    const application = options.application ?? project.asgiApplication;
    if (!application) throw new GenerateError('no-application', 'ASGI is needed but no ASGI application was found: set ASGI_APPLICATION, add asgi.py, or pass the application (module:callable).');
    const uvicornWorker = has('uvicorn-worker') ? 'uvicorn_worker.UvicornWorker' : 'uvicorn.workers.UvicornWorker';
    if (has('gunicorn') && (has('uvicorn') || has('uvicorn-worker'))) {
      return { kind: 'gunicorn-uvicorn', application, argv: ['gunicorn', application, '--worker-class', uvicornWorker, ...gunicornFlags], extraPackages: [] };
    }
    // Binding through a shell that execs: daphne and uvicorn read no PORT variable; exec keeps signals direct.
    if (has('daphne')) {
      return { kind: 'daphne', application, argv: ['sh', '-c', `exec daphne --bind 0.0.0.0 --port "$PORT" ${application}`], extraPackages: [] };
    }
    if (has('uvicorn')) {
      return { kind: 'uvicorn', application, argv: ['sh', '-c', `exec uvicorn --host 0.0.0.0 --port "$PORT" ${application}`], extraPackages: [] };
    }
    warnings.push(`ASGI is served but the project declares no ASGI server: the image installs uvicorn==${UVICORN.version}; add uvicorn to your dependencies.`);
    if (has('gunicorn')) {
      return { kind: 'gunicorn-uvicorn', application, argv: ['gunicorn', application, '--worker-class', uvicornWorker, ...gunicornFlags], extraPackages: [UVICORN] };
    }
    return { kind: 'uvicorn', application, argv: ['sh', '-c', `exec uvicorn --host 0.0.0.0 --port "$PORT" ${application}`], extraPackages: [UVICORN] };
  }
  const application = options.application ?? project.wsgiApplication;
  if (!application) throw new GenerateError('no-application', 'No WSGI application was found: set WSGI_APPLICATION in the settings, add wsgi.py, or pass the application (module:callable).');
  const extra = has('gunicorn') ? [] : [GUNICORN];
  if (extra.length) warnings.push(`gunicorn is not among the project's dependencies: the image installs gunicorn==${GUNICORN.version}; add it to your dependencies.`);
  // gunicorn binds 0.0.0.0:$PORT by itself when PORT is set (documented default of --bind), so no shell is needed.
  return { kind: 'gunicorn', application, argv: ['gunicorn', application, ...gunicornFlags], extraPackages: extra };
}

function collectstaticEnv(deps: Set<string>): EnvVar[] {
  const env: EnvVar[] = [
    { name: 'SECRET_KEY', value: BUILD_ONLY_SECRET },
    { name: 'DJANGO_SECRET_KEY', value: BUILD_ONLY_SECRET },
  ];
  // Settings that parse DATABASE_URL at import fail without one; collectstatic never connects.
  if (deps.has('django-environ') || deps.has('dj-database-url')) env.push({ name: 'DATABASE_URL', value: 'sqlite:////tmp/collectstatic.sqlite3' });
  return env;
}

/** One line of Python: any HTTP answer below 500 is healthy (a 400 for an unlisted Host still proves the server is up). */
function healthcheckScript(requestPath: string, port: number): string {
  if (!requestPath.startsWith('/') || /[\s'"\\]/.test(requestPath)) throw new GenerateError('invalid-option', `The healthcheck path must start with / and hold no spaces or quotes, got "${requestPath}".`);
  return (
    `import http.client, os; c = http.client.HTTPConnection('127.0.0.1', int(os.environ.get('PORT', '${port}')), timeout=4); ` +
    `c.request('GET', '${requestPath}'); raise SystemExit(c.getresponse().status >= 500)`
  );
}

function projectNameOf(project: DjangoProject): string {
  const top = project.settingsModule?.split('.')[0];
  const rootName = project.root === '.' ? null : path.posix.basename(project.root);
  return rootName ?? top ?? 'django-app';
}

function sortedUnique(items: string[]): string[] {
  return [...new Set(items)].sort();
}
