/** Python module paths against the files of a build context (for workspace-aware rules). */
import type { WorkspaceModel } from '../../project/workspace';

/**
 * The context file that defines a dotted module (`config.wsgi` -> `config/wsgi.py` or `config/wsgi/__init__.py`),
 * found at the context root or under any folder (the image may WORKDIR/--chdir into it); undefined when none does.
 */
export function moduleFile(workspace: WorkspaceModel, module: string): string | undefined {
  const rel = module.split('.').join('/');
  const candidates = [`${rel}.py`, `${rel}/__init__.py`];
  for (const candidate of candidates) if (workspace.files.has(candidate)) return candidate;
  for (const file of workspace.files) if (candidates.some((candidate) => file.endsWith(`/${candidate}`))) return file;
  return undefined;
}

/**
 * The project's application as a server argument, `module:attribute`, from the model's WSGI_APPLICATION-style value
 * (`config.wsgi.application`) or an already colon-separated one; a bare module gets `:application`.
 */
export function applicationSpec(workspace: WorkspaceModel, value: string | null): string | null {
  if (!value) return null;
  if (value.includes(':')) return value;
  if (moduleFile(workspace, value)) return `${value}:application`;
  const match = /^(.+)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  return match ? `${match[1]}:${match[2]}` : null;
}

/** Names that tutorials, templates and generated code leave for the reader to replace. */
export function isPlaceholderModule(module: string): boolean {
  const top = module.split('.')[0].toLowerCase();
  return (
    /^(my_?project|your_?project|project_?name|my_?app|your_?app|app_?name|your_?app_?name|your_?project_?name|example_?project|django_?project_?name)$/.test(top) ||
    /[<>{}]/.test(module)
  );
}

/** False when the file list is known to be partial (a huge context the loader capped): absence proves nothing then. */
export function fileListIsComplete(workspace: WorkspaceModel): boolean {
  return workspace.files.size > 0 && (workspace as { truncated?: boolean }).truncated !== true;
}
