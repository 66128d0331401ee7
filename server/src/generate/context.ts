/**
 * Project model -> template context: every decision the generated files embody is made here, as a pure
 * function, so templates only lay text out and tests can assert decisions without rendering.
 */
import * as path from 'node:path';
import { debianSuiteFor, isPythonEol, PYTHON_RELEASES, pythonRelease } from '../data/python';
import { djangoSupportText, djangoVerdict } from '../project/python-choice';
import { pinsAllow } from '../project/python-choice';
import { eolWarning, projectPythonChoice } from '../project/python-intent';
import type { DependencyManager, DjangoProject } from '../project/types';
import { imageFacts, imageReferenceProblem, officialPythonImage } from './base-image';
import {
  DEFAULT_DEBIAN_SUITE,
  DEFAULT_PORT,
  DEFAULT_PYTHON_VERSION,
  DEFAULT_USER_ID,
  GenerateError,
  type GenerateOptions,
} from './options';
import { chooseServer, PYTHON_DOTTED, type ServerKind } from './app-server';
import { composeContext, type ComposeContext } from './compose-context';
import { CACHE_DIRS, dependencyFilesFor, groupCopies, localInstallSteps, MANAGER_TOOLS, type CopyGroup, type LocalInstallSteps, type PinnedTool } from './dependency-install';
import { dockerignoreEntries } from './dockerignore';
import { collectstaticBuildEnv } from '../project/build-time-env';
import { devLoopContext, type DevLoopContext } from './dev-loop';
import { buildspecContext, type BuildspecContext } from './buildspec';
import { packageVersion } from '../util/paths';

export type { CopyGroup, PinnedTool } from './dependency-install';
export type { ServerKind } from './app-server';

export const VENV = '/opt/venv';
export const APP_DIR = '/app';
/** Value for settings that must exist while collectstatic imports them; never used at run time. */
export { BUILD_ONLY_SECRET } from '../project/build-time-env';

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
  /** pip requirements that install local folders (`-e .`, `./pkg`): what to copy first and which files to rewrite; else null. */
  localInstalls: LocalInstallSteps | null;
  /** pip without a requirements file: the PEP 621 dependencies of pyproject.toml are installed (not the project itself). */
  pyprojectDependencies: boolean;
  /** The manager's lock file is present (Poetry, Pipenv, PDM, uv). */
  locked: boolean;
  /** uv workspace member to sync (`uv sync --package`), built from the workspace root; null otherwise. */
  uvPackage: string | null;
  /** Tool the builder installs into /opt/tools to run the manager (Poetry, Pipenv, PDM, uv); null for pip. */
  managerTool: PinnedTool | null;
  /** App servers the project does not declare but the CMD needs. */
  extraPackages: PinnedTool[];
  /** Why extraPackages are installed (outside the lock, when there is one): a Dockerfile comment; null when none. */
  extraPackagesNote: string | null;
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
  /** MEDIA_ROOT inside the image, created writable for the app user (local uploads), or null. */
  mediaRoot: string | null;
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
  /** generate --dev-loop: the dev stage and compose.debug.yaml, or null. */
  devLoop: DevLoopContext | null;
  /** buildspec.yml for AWS CodeBuild (generate --buildspec REPOSITORY), or null. */
  buildspec: BuildspecContext | null;
  /** Things the user should know (guesses, mismatches, installs added for them). */
  warnings: string[];
}

export function buildTemplateContext(project: DjangoProject, options: GenerateOptions = {}): TemplateContext {
  const warnings: string[] = [];
  const buildkit = options.buildkit ?? true;
  const port = validPort(options.port ?? DEFAULT_PORT);
  const userId = validUserId(options.userId ?? DEFAULT_USER_ID);
  const manager: DependencyManager = project.dependencyManager ?? 'pip';
  const dependencies = new Set(project.dependencies.map(normaliseName));

  const image = chooseBaseImage(project, options, warnings);
  const files = dependencyFilesFor(project, manager, image.pythonVersion, warnings);
  const localInstalls = manager === 'pip' ? localInstallSteps(project, files) : null;
  const server = chooseServer(project, dependencies, options, warnings, files.locked ? lockFileOf(files.copies) : null);
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
    // uWSGI reads any option from UWSGI_<OPTION>: the worker count, like gunicorn's WEB_CONCURRENCY.
    ...(server.kind === 'uwsgi' ? [{ name: 'UWSGI_PROCESSES', value: '2' }] : []),
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
    syntax: buildkit && (options.syntaxDirective ?? false) ? 'docker/dockerfile:1' : null,
    baseImage: image.ref,
    pythonVersion: image.pythonVersion,
    debianSuite: image.debianSuite,
    venv: VENV,
    appDir: APP_DIR,
    manager,
    installPartial: `install-${manager}`,
    // Copying the whole context for a local "." already brings the requirements files.
    dependencyCopies: localInstalls?.copies.some((copy) => copy.sources.includes('.')) ? [] : groupCopies(files.copies),
    requirementsFile: files.requirementsFile,
    localInstalls,
    pyprojectDependencies: files.pyprojectDependencies,
    locked: files.locked,
    uvPackage: uvPackageOf(project, manager, warnings),
    managerTool: manager === 'pip' ? null : MANAGER_TOOLS[manager],
    extraPackages: server.extraPackages,
    extraPackagesNote: server.extraNote,
    buildPackages: sortedUnique(project.systemPackages.build),
    runtimePackages: sortedUnique(project.systemPackages.runtime),
    mounts: { pip: cacheMount(CACHE_DIRS.pip), manager: cacheMount(CACHE_DIRS[manager]) },
    pipNoCache: buildkit ? '' : ' --no-cache-dir',
    settingsModule,
    workdir,
    managePy: path.posix.basename(project.managePy),
    collectstatic: project.staticRoot ? { env: collectstaticBuildEnv(project) } : null,
    mediaRoot: mediaRootInImage(project, workdir),
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
    devLoop: options.devLoop ? devLoopContext(path.posix.basename(project.managePy)) : null,
    buildspec: options.buildspecRepository ? buildspecContext(options.buildspecRepository, packageVersion()) : null,
    warnings: [...project.warnings.map((w) => `detection: ${w}`), ...warnings],
  };
}

/** The member a uv workspace syncs; its name reaches a RUN line, so it must be a plain distribution name. */
function uvPackageOf(project: DjangoProject, manager: DependencyManager, warnings: string[]): string | null {
  const workspace = project.uvWorkspace;
  if (!workspace || manager !== 'uv') return null;
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(workspace.package)) {
    throw new GenerateError('invalid-option', `"${workspace.package}" is not a distribution name, so uv sync --package cannot be given it.`);
  }
  warnings.push(`uv workspace: building from the workspace root with ${workspace.member} (package ${workspace.package}) and the workspace packages it uses.`);
  return workspace.package;
}

/** The lock file among the copied dependency files (uv.lock, poetry.lock, pdm.lock, Pipfile.lock). */
function lockFileOf(copies: string[]): string | null {
  return copies.map((file) => path.posix.basename(file)).find((name) => /\.lock$/.test(name)) ?? null;
}

/** Where MEDIA_ROOT is inside the image (the build context lands in APP_DIR), when the settings name a folder. */
function mediaRootInImage(project: DjangoProject, workdir: string): string | null {
  const dir = project.mediaRootDir;
  if (!dir) return null;
  const inImage = dir.startsWith('/') ? path.posix.normalize(dir) : path.posix.join(APP_DIR, dir);
  // Never chown the app's own code folders or system folders.
  if (inImage === APP_DIR || inImage === workdir || inImage === '/' || !/^\/[\w.\-/]+$/.test(inImage)) return null;
  return inImage;
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

function checkPythonVersion(version: string, warnings: string[]): void {
  if (/^[0-2](?:\.\d+)*$/.test(version)) throw new GenerateError('invalid-option', `Python ${version} is not supported: Django images need Python 3 (e.g. 3.12).`);
  if (!/^3\.\d{1,2}$/.test(version)) throw new GenerateError('invalid-option', `The Python version must be major.minor like 3.12, got "${version}".`);
  if (pythonRelease(version)) return;
  const minor = Number(version.split('.')[1]);
  if (minor < Math.min(...PYTHON_RELEASES.map((release) => Number(release.version.split('.')[1])))) {
    warnings.push(`Python ${version} is end-of-life: it gets no security fixes and its official images are no longer updated.`);
  } else {
    // Newer than the release table: allowed (the table ages), but the tag may not exist yet.
    warnings.push(`Python ${version} is not a release known to this version of the tool; check that its image exists.`);
  }
}

function chooseBaseImage(project: DjangoProject, options: GenerateOptions, warnings: string[]) {
  if (options.pythonVersion !== undefined) checkPythonVersion(options.pythonVersion, warnings);
  const imageProblem = options.baseImage !== undefined ? imageReferenceProblem(options.baseImage) : null;
  if (imageProblem) throw new GenerateError('invalid-option', `"${options.baseImage}" is not an image reference: ${imageProblem}.`);
  const choice = projectPythonChoice(project, options.now);
  const wanted = options.pythonVersion ?? choice?.version ?? project.pythonVersion;
  if (options.pythonVersion === undefined && choice) {
    if (choice.source === 'django' && !options.baseImage) warnings.push(`Using Python ${choice.version}: ${choice.reason.replace(/^Python [\d.]+ is /, '')}`);
    warnings.push(...choice.conflicts.map((c) => `Python: ${c}`));
  }
  if (options.baseImage) {
    const facts = imageFacts(options.baseImage);
    if (facts.alpine) warnings.push(`${options.baseImage} is Alpine-based: the generated Dockerfile uses apt-get and expects a Debian image.`);
    // A base image the user names only needs to fit the project's pins, not the version we would have picked.
    const pins = project.pythonPins ?? [];
    const fitsPins = options.pythonVersion === undefined && pins.length > 0 && !!facts.pythonVersion && pinsAllow(pins, facts.pythonVersion);
    if (facts.pythonVersion && wanted && facts.pythonVersion !== wanted && !fitsPins) {
      warnings.push(`${options.baseImage} has Python ${facts.pythonVersion} but the project asks for ${wanted}.`);
    }
    const pythonVersion = facts.pythonVersion ?? wanted ?? DEFAULT_PYTHON_VERSION;
    warnDjango(project, pythonVersion, warnings);
    return { ref: options.baseImage, pythonVersion, debianSuite: facts.debianSuite ?? options.debianSuite ?? null };
  }
  const pythonVersion = wanted ?? DEFAULT_PYTHON_VERSION;
  if (options.pythonVersion !== undefined) warnDjango(project, pythonVersion, warnings);
  if (pythonRelease(pythonVersion) && isPythonEol(pythonVersion, options.now)) warnings.push(eolWarning(project, pythonVersion, options.now));
  if (!wanted) warnings.push(`Nothing in the project names a Python version; using ${DEFAULT_PYTHON_VERSION}.`);
  const askedSuite = options.debianSuite ?? DEFAULT_DEBIAN_SUITE;
  const debianSuite = debianSuiteFor(pythonVersion, askedSuite);
  if (debianSuite !== askedSuite) warnings.push(`Python ${pythonVersion} has no ${askedSuite} images; using ${debianSuite}.`);
  return { ref: officialPythonImage(pythonVersion, debianSuite), pythonVersion, debianSuite };
}

function warnDjango(project: DjangoProject, python: string, warnings: string[]): void {
  const verdict = djangoVerdict(project.django, python);
  if (project.django && (verdict === 'broken' || verdict === 'unsupported')) {
    warnings.push(`Python ${python}: ${djangoSupportText(project.django, python)}${verdict === 'broken' ? '; the image will not run' : ''}.`);
  }
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
