/** Where a Dockerfile (or the scripts it starts) runs `collectstatic`, and which settings files it concerns. */
import type { Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { commandOf } from '../../dockerfile/commands';
import type { DockerfileModel } from '../../dockerfile/model';
import type { WorkspaceModel } from '../../project/workspace';
import type { Fix } from '../types';
import { moduleFile } from './python-modules';

export interface CollectstaticUse {
  instruction: Instruction;
  /** The `collectstatic` word (or the whole command when it sits inside a `sh -c` string). */
  range: Range;
}

/** RUN/CMD/ENTRYPOINT commands of any stage that run `manage.py collectstatic` / `django-admin collectstatic`. */
export function collectstaticUses(model: DockerfileModel): CollectstaticUse[] {
  const uses: CollectstaticUse[] = [];
  for (const instruction of model.ast.getInstructions()) {
    const command = commandOf(model, instruction);
    if (!command || instruction.getKeyword() === 'HEALTHCHECK') continue;
    const word = command.words.find((w) => /(^|\s)collectstatic(\s|$)/.test(w.value));
    if (word) uses.push({ instruction, range: word.range });
  }
  return uses;
}

/** Shell scripts of the context that run collectstatic at container start (entrypoint/start scripts, Procfile). */
export function scriptRunsCollectstatic(workspace: WorkspaceModel): boolean {
  for (const file of workspace.files) {
    if (!/(\.sh$|(^|\/)(docker-)?(entrypoint|start|run|boot|release)[^/]*$|(^|\/)Procfile$)/.test(file)) continue;
    if (/collectstatic/.test(workspace.readFile(file) ?? '')) return true;
  }
  return false;
}

/** The settings files of the project's modules that exist in the context (chosen module first). */
export function settingsFiles(workspace: WorkspaceModel): string[] {
  const project = workspace.project;
  if (!project) return [];
  const modules = [project.settingsModule, ...project.settingsModules].filter((m): m is string => Boolean(m));
  const files = modules.map((module) => moduleFile(workspace, module)).filter((f): f is string => Boolean(f));
  return [...new Set(files)];
}

/** A settings-file edit that appends STATIC_ROOT to the project's chosen settings module (null when it cannot be read). */
export function appendStaticRootFix(workspace: WorkspaceModel): Fix | null {
  const module = workspace.project?.settingsModule;
  const file = module ? moduleFile(workspace, module) : undefined;
  const text = file ? workspace.readFile(file) : undefined;
  if (!file || text === undefined) return null;
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const value = /\bBASE_DIR\b/.test(text) ? 'BASE_DIR / "staticfiles"' : '"/app/staticfiles"';
  return {
    title: `Set STATIC_ROOT in ${file}`,
    preferred: true,
    edits: [{ path: `${workspace.contextDir}/${file}`, range: { start: end, end }, newText: `${text.endsWith('\n') || text === '' ? '' : '\n'}STATIC_ROOT = ${value}\n` }],
  };
}
