/** Which server runs the app (gunicorn, gunicorn with uvicorn workers, uvicorn, daphne) and its exec-form argv. */
import type { DjangoProject } from '../project/types';
import type { PinnedTool } from './dependency-install';
import { GenerateError, TOOL_VERSIONS, type GenerateOptions } from './options';

export type ServerKind = 'gunicorn' | 'gunicorn-uvicorn' | 'uvicorn' | 'daphne';

export interface ServerChoice {
  kind: ServerKind;
  application: string;
  argv: string[];
  extraPackages: PinnedTool[];
}

const GUNICORN: PinnedTool = { name: 'gunicorn', arg: 'GUNICORN_VERSION', version: TOOL_VERSIONS.gunicorn };
const UVICORN: PinnedTool = { name: 'uvicorn', arg: 'UVICORN_VERSION', version: TOOL_VERSIONS.uvicorn };

export const PYTHON_DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** `module.path:callable` (or `module.path.callable`, Django's spelling): nothing a shell or JSON could misread. */
const APPLICATION = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$/;

export function chooseServer(project: DjangoProject, deps: Set<string>, options: GenerateOptions, warnings: string[]): ServerChoice {
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
