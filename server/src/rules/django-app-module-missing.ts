import { appSpecOf, optionValues, serversOf, type ProcessServer } from '../dockerfile/app-server';
import type { WorkspaceModel } from '../project/workspace';
import { applicationSpec, fileListIsComplete, isPlaceholderModule, moduleFile } from './support/python-modules';
import type { Finding, Fix, Rule } from './types';

const ASGI_SERVERS = new Set(['uvicorn', 'daphne', 'hypercorn', 'granian']);

export const djangoAppModuleMissing: Rule = {
  id: 'django-app-module-missing',
  defaultSeverity: 'error',
  title: 'The WSGI/ASGI module in CMD does not exist in the project (or is a placeholder)',
  doc: [
    'The server is told to load an application module that is not in the build context, often a placeholder',
    'left from a tutorial such as `myproject.wsgi:application`. The container starts and the workers die at once',
    'with `ModuleNotFoundError`.',
    '',
    'Fix: name the module of your project: the one `WSGI_APPLICATION` (or `ASGI_APPLICATION`) points at, e.g.',
    '`config.wsgi:application`. The quick fix uses the module found in the workspace.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const findings: Finding[] = [];
    for (const server of serversOf(dockerfile, stage)) {
      const spec = appSpecOf(server);
      if (!spec || server.nested) continue;
      const placeholder = isPlaceholderModule(spec.module);
      if (workspace) {
        if (moduleFile(workspace, spec.module) || isFromDependency(workspace, spec.module)) continue;
        if (!placeholder && !fileListIsComplete(workspace)) continue;
      } else if (!placeholder) continue;
      const detected = workspace ? detectedSpec(workspace, server) : null;
      const path = `${spec.module.split('.').join('/')}.py`;
      let message = placeholder ? `\`${spec.module}\` looks like a placeholder` : `Module \`${spec.module}\` is not in the build context`;
      if (workspace) message += placeholder ? `: there is no ${path} in the build context` : ` (no ${path})`;
      if (detected) message += `; the project's application is ${detected}`;
      const fixes: Fix[] = detected
        ? [{ title: `Use ${detected}`, preferred: true, edits: [{ range: spec.word.range, newText: server.line.form === 'exec' ? JSON.stringify(detected) : detected }] }]
        : [];
      findings.push({ ruleId: this.id, message, range: spec.word.range, severity: workspace ? undefined : 'warning', fixes });
    }
    return findings;
  },
};

/** The project's WSGI or ASGI application, matching the server (ASGI servers and gunicorn's uvicorn worker get ASGI). */
function detectedSpec(workspace: WorkspaceModel, server: ProcessServer): string | null {
  const project = workspace.project;
  if (!project) return null;
  const workerClass = optionValues(server, ['-k', '--worker-class'])[0]?.value ?? '';
  const asgi = ASGI_SERVERS.has(server.kind) || /uvicorn|asgi/i.test(workerClass);
  const value = asgi ? project.asgiApplication ?? guessAsgi(workspace, project.wsgiApplication) : project.wsgiApplication;
  return applicationSpec(workspace, value);
}

/** No ASGI_APPLICATION setting: Django's startproject still writes `<pkg>/asgi.py` beside wsgi.py. */
function guessAsgi(workspace: WorkspaceModel, wsgi: string | null): string | null {
  const spec = applicationSpec(workspace, wsgi);
  if (!spec) return null;
  const module = spec.split(':')[0].replace(/\.wsgi$/, '.asgi');
  return moduleFile(workspace, module) ? `${module}:application` : null;
}

/** `django.core.wsgi:get_wsgi_application()` and other modules of installed distributions live outside the context. */
function isFromDependency(workspace: WorkspaceModel, module: string): boolean {
  const top = module.split('.')[0].toLowerCase();
  const dependencies = workspace.project?.dependencies ?? [];
  return top === 'django' || dependencies.includes(top) || dependencies.includes(top.replace(/_/g, '-'));
}
