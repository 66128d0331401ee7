import { appSpecOf, optionValues, serversOf, type AppSpec, type ProcessServer } from '../dockerfile/app-server';
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
    'with `ModuleNotFoundError`. A module that exists but defines no such attribute (`config.wsgi:app` when',
    'wsgi.py only defines `application`) fails the same way.',
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
      const file = workspace ? moduleFile(workspace, spec.module) : undefined;
      if (workspace && file) {
        const attributeProblem = missingAttribute(workspace, file, spec.attribute);
        if (attributeProblem) findings.push(attributeFinding(this.id, server, spec, attributeProblem, detectedSpec(workspace, server)));
        continue;
      }
      if (workspace) {
        if (isFromDependency(workspace, spec.module)) continue;
        if (!placeholder && !fileListIsComplete(workspace)) continue;
      } else if (!placeholder) continue;
      const detected = workspace ? detectedSpec(workspace, server) : null;
      const path = `${spec.module.split('.').join('/')}.py`;
      let message = placeholder ? `\`${spec.module}\` looks like a placeholder` : `Module \`${spec.module}\` is not in the build context`;
      if (workspace) message += placeholder ? `: there is no ${path} in the build context` : ` (no ${path})`;
      if (detected) message += `; the project's application is ${detected}`;
      const fixes: Fix[] = detected
        ? [{ title: `Use ${detected}`, preferred: true, edits: [{ range: spec.word.range, newText: specText(server, spec, detected) }] }]
        : [];
      findings.push({ ruleId: this.id, message, range: spec.word.range, severity: workspace ? undefined : 'warning', fixes });
    }
    return findings;
  },
};

/**
 * `module:attr` where the module file is readable and clearly defines no `attr` (no assignment, def, class or
 * import of that name, and no star import that could bring it). Factory calls (`attr()`) are judged by their name.
 */
function missingAttribute(workspace: WorkspaceModel, file: string, attribute: string | null): string | null {
  if (!attribute) return null;
  const name = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(attribute)?.[1];
  const text = workspace.readFile(file);
  if (!name || text === undefined || /^\s*from\s+\S+\s+import\s+\*/m.test(text)) return null;
  const defined = new RegExp(
    `^\\s*(?:${name}\\s*(?::[^=\\n]*)?=|(?:async\\s+)?def\\s+${name}\\b|class\\s+${name}\\b|(?:from\\s+\\S+\\s+)?import\\s+.*\\b${name}\\b)|\\bas\\s+${name}\\b|^\\s*global\\s+${name}\\b`,
    'm',
  );
  return defined.test(text) ? null : `${file} defines no \`${name}\`: the server cannot load \`${attribute}\``;
}

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

/** The module exists but not the attribute: replace with the detected spec when it names the same module. */
function attributeFinding(ruleId: string, server: ProcessServer, spec: AppSpec, problem: string, detected: string | null): Finding {
  const replacement = detected && detected.split(':')[0] === spec.module ? detected : null;
  return {
    ruleId,
    message: problem + (replacement ? `; use ${replacement}` : ''),
    range: spec.word.range,
    fixes: replacement
      ? [{ title: `Use ${replacement}`, preferred: true, edits: [{ range: spec.word.range, newText: specText(server, spec, replacement) }] }]
      : [],
  };
}

/** The spec word rewritten to `value`, keeping a `--module=` prefix, quoted in exec form. */
function specText(server: ProcessServer, spec: AppSpec, value: string): string {
  const text = `${spec.prefix ?? ''}${value}`;
  return server.line.form === 'exec' ? JSON.stringify(text) : text;
}
