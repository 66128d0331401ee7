/**
 * Dev loop (generate --dev-loop): a `dev` Dockerfile stage with debugpy + runserver autoreload, compose.debug.yaml
 * bind-mounting the source, and a VS Code "Remote Attach" configuration merged into .vscode/launch.json.
 * The production (final) stage is untouched: debugpy lives in the dev stage only.
 */
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { GenerateError } from './options';

/** Pinned; overridable with --build-arg DEBUGPY_VERSION=... */
export const DEBUGPY_VERSION = '1.8.17';
export const DEBUG_PORT = 5678;
export const ATTACH_CONFIGURATION_NAME = 'Python Debugger: Remote Attach (Django container)';
export const LAUNCH_JSON = '.vscode/launch.json';

export interface DevLoopContext {
  debugpyVersion: string;
  debugPort: number;
  launchName: string;
  /** Exec-form CMD, as JSON: sh expands $PORT, exec hands PID 1 to debugpy (which runs runserver with autoreload). */
  cmd: string;
}

export function devLoopContext(managePy: string): DevLoopContext {
  const command = `exec python -m debugpy --listen 0.0.0.0:${DEBUG_PORT} ${managePy} runserver 0.0.0.0:$PORT`;
  return { debugpyVersion: DEBUGPY_VERSION, debugPort: DEBUG_PORT, launchName: ATTACH_CONFIGURATION_NAME, cmd: JSON.stringify(['sh', '-c', command]) };
}

/** The attach configuration: local workspace folder <-> the image's WORKDIR (what compose.debug.yaml bind-mounts). */
export function attachConfiguration(remoteRoot: string): Record<string, unknown> {
  return {
    name: ATTACH_CONFIGURATION_NAME,
    type: 'debugpy',
    request: 'attach',
    connect: { host: 'localhost', port: DEBUG_PORT },
    pathMappings: [{ localRoot: '${workspaceFolder}', remoteRoot }],
    justMyCode: true,
  };
}

/**
 * launch.json (JSONC) with our attach configuration added, or replaced when one of ours (same name) is there:
 * other configurations, comments and formatting stay as they were. Throws on a file that is not JSONC, so a
 * broken file is never overwritten.
 */
export function mergeLaunchJson(existing: string | null, remoteRoot: string): string {
  const configuration = attachConfiguration(remoteRoot);
  if (existing === null || existing.trim() === '') {
    return `${JSON.stringify({ version: '0.2.0', configurations: [configuration] }, null, 2)}\n`;
  }
  const errors: ParseError[] = [];
  const document: unknown = parse(existing, errors, { allowTrailingComma: true });
  if (errors.length || typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new GenerateError('invalid-option', `${LAUNCH_JSON} is not valid JSON with comments; fix it or move it away, then generate again`);
  }
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: existing.includes('\r\n') ? '\r\n' : '\n' };
  const configurations = (document as { configurations?: unknown }).configurations;
  let text = existing;
  if (!Array.isArray(configurations)) {
    text = applyEdits(text, modify(text, ['configurations'], [configuration], { formattingOptions }));
  } else {
    const ours = configurations.findIndex((entry) => (entry as { name?: unknown } | null)?.name === ATTACH_CONFIGURATION_NAME);
    const edits = ours >= 0
      ? modify(text, ['configurations', ours], configuration, { formattingOptions })
      : modify(text, ['configurations', -1], configuration, { formattingOptions, isArrayInsertion: true });
    text = applyEdits(text, edits);
  }
  if ((document as { version?: unknown }).version === undefined) {
    text = applyEdits(text, modify(text, ['version'], '0.2.0', { formattingOptions }));
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The launch.json to write for a dev-loop generation, merged into the one the project has. `merged` tells the
 * writer it keeps the existing content, so it needs no --force.
 */
export function launchJsonFile(appDir: string, existing: string | undefined): { path: string; content: string; merged: true } {
  return { path: LAUNCH_JSON, content: mergeLaunchJson(existing ?? null, appDir), merged: true };
}
