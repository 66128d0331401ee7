/** Which server runs the app (gunicorn, gunicorn with uvicorn workers, uvicorn, daphne, uWSGI) and its exec-form argv. */
import type { DjangoProject } from '../project/types';
import type { PinnedTool } from './dependency-install';
import { GenerateError, TOOL_VERSIONS, type GenerateOptions } from './options';

export type ServerKind = 'gunicorn' | 'gunicorn-uvicorn' | 'uvicorn' | 'daphne' | 'uwsgi';

export interface ServerChoice {
  kind: ServerKind;
  application: string;
  argv: string[];
  extraPackages: PinnedTool[];
  /** Why a server is installed that the project does not declare (a Dockerfile comment and a warning), else null. */
  extraNote: string | null;
}

const GUNICORN: PinnedTool = { name: 'gunicorn', arg: 'GUNICORN_VERSION', version: TOOL_VERSIONS.gunicorn };
const UVICORN: PinnedTool = { name: 'uvicorn', arg: 'UVICORN_VERSION', version: TOOL_VERSIONS.uvicorn };

export const PYTHON_DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** `module.path:callable` (or `module.path.callable`, Django's spelling): nothing a shell or JSON could misread. */
const APPLICATION = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$/;

/**
 * `lockFile` is the lock the project installs from (uv.lock, poetry.lock…), or null: a server the project does not
 * declare is installed with pip after it, outside the lock, and the note says so.
 */
export function chooseServer(project: DjangoProject, deps: Set<string>, options: GenerateOptions, warnings: string[], lockFile: string | null = null): ServerChoice {
  const unchecked = chooseServerUnchecked(project, deps, options, warnings);
  if (!APPLICATION.test(unchecked.application)) {
    throw new GenerateError('invalid-option', `"${unchecked.application}" is not a Python application path (module:callable).`);
  }
  const extraNote = unchecked.extraPackages.length === 0 ? null : extraNoteOf(unchecked, lockFile);
  if (extraNote) warnings.push(extraNote);
  return { ...unchecked, extraNote };
}

function extraNoteOf(choice: Omit<ServerChoice, 'extraNote'>, lockFile: string | null): string {
  const packages = choice.extraPackages.map((p) => `${p.name}==${p.version}`).join(', ');
  const names = choice.extraPackages.map((p) => p.name).join(' and ');
  const where = lockFile ? `outside ${lockFile} (pip, after the locked install)` : 'with pip';
  const reason = choice.kind === 'gunicorn' ? 'the project declares no WSGI server' : `${choice.kind} needs it and the project does not declare it`;
  return `${names} is not among the project's dependencies (${reason}): the image installs ${packages} ${where}; add ${names} to your dependencies.`;
}

/** Binding through a shell that execs: daphne, uvicorn and uWSGI read no PORT variable; exec keeps signals direct. */
function throughShell(command: string): string[] {
  return ['sh', '-c', `exec ${command}`];
}

function chooseServerUnchecked(project: DjangoProject, deps: Set<string>, options: GenerateOptions, warnings: string[]): Omit<ServerChoice, 'extraNote'> {
  const has = (name: string) => deps.has(name) || project.appServer === name;
  const hasUwsgi = has('uwsgi') || has('pyuwsgi');
  const gunicornFlags = ['--worker-tmp-dir', '/dev/shm', '--access-logfile', '-'];
  const onlyAsgi = !project.wsgiApplication && project.asgiApplication !== null && options.application === undefined;
  // A WSGI project that declares only an ASGI server (and has asgi.py) is served by that server, not by an added gunicorn.
  const declaredAsgiOnly = !options.server && options.application === undefined && !project.asgiRequired && project.asgiApplication !== null
    && !has('gunicorn') && !hasUwsgi && (has('daphne') || has('uvicorn'));
  if (options.server ? options.server === 'asgi' : project.asgiRequired || onlyAsgi || declaredAsgiOnly) {
    if (onlyAsgi && !project.asgiRequired && !options.server) warnings.push(`No WSGI application was found: serving the ASGI application ${project.asgiApplication}.`);
    else if (declaredAsgiOnly) warnings.push(`The project declares ${has('daphne') ? 'daphne' : 'uvicorn'} and no WSGI server: serving the ASGI application ${project.asgiApplication}.`);
    const application = options.application ?? project.asgiApplication;
    if (!application) throw new GenerateError('no-application', 'ASGI is needed but no ASGI application was found: set ASGI_APPLICATION, add asgi.py, or pass the application (module:callable).');
    const uvicornWorker = has('uvicorn-worker') ? 'uvicorn_worker.UvicornWorker' : 'uvicorn.workers.UvicornWorker';
    if (has('gunicorn') && (has('uvicorn') || has('uvicorn-worker'))) {
      return { kind: 'gunicorn-uvicorn', application, argv: ['gunicorn', application, '--worker-class', uvicornWorker, ...gunicornFlags], extraPackages: [] };
    }
    if (has('daphne')) {
      return { kind: 'daphne', application, argv: throughShell(`daphne --bind 0.0.0.0 --port "$PORT" ${application}`), extraPackages: [] };
    }
    if (has('uvicorn')) {
      return { kind: 'uvicorn', application, argv: throughShell(`uvicorn --host 0.0.0.0 --port "$PORT" ${application}`), extraPackages: [] };
    }
    if (has('gunicorn')) {
      return { kind: 'gunicorn-uvicorn', application, argv: ['gunicorn', application, '--worker-class', uvicornWorker, ...gunicornFlags], extraPackages: [UVICORN] };
    }
    return { kind: 'uvicorn', application, argv: throughShell(`uvicorn --host 0.0.0.0 --port "$PORT" ${application}`), extraPackages: [UVICORN] };
  }
  const application = options.application ?? project.wsgiApplication;
  if (!application) throw new GenerateError('no-application', 'No WSGI application was found: set WSGI_APPLICATION in the settings, add wsgi.py, or pass the application (module:callable).');
  if (!has('gunicorn') && hasUwsgi) {
    // --http-socket: uWSGI speaks HTTP itself (no router process); --need-app fails fast when the module does not
    // load; --die-on-term makes SIGTERM stop it (uWSGI < 2.1 reloads on SIGTERM otherwise).
    return {
      kind: 'uwsgi',
      application,
      argv: throughShell(`uwsgi --http-socket ":$PORT" --module ${uwsgiModule(application)} --master --need-app --die-on-term`),
      extraPackages: [],
    };
  }
  // gunicorn binds 0.0.0.0:$PORT by itself when PORT is set (documented default of --bind), so no shell is needed.
  return { kind: 'gunicorn', application, argv: ['gunicorn', application, ...gunicornFlags], extraPackages: has('gunicorn') ? [] : [GUNICORN] };
}

/** uWSGI's --module wants `module:callable`; Django's spelling `config.wsgi.application` names the callable last. */
function uwsgiModule(application: string): string {
  if (application.includes(':')) return application;
  const dot = application.lastIndexOf('.');
  return dot < 0 ? application : `${application.slice(0, dot)}:${application.slice(dot + 1)}`;
}
