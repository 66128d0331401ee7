import type { Instruction } from 'dockerfile-ast';
import { copiesOf, isWithin, resolvePath, stageChain, workdirAt, type CopySpec } from '../dockerfile/commands';
import { pythonInstalls } from '../dockerfile/image-contents';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { dirnameRel, joinRel } from '../project/project-files';
import { parseRequirementsText } from '../project/requirements';
import type { WorkspaceModel } from '../project/workspace';
import { runMounts } from './support/run-commands';
import type { Finding, Fix, Rule } from './types';

export const localInstallWithoutSources: Rule = {
  id: 'local-install-without-sources',
  defaultSeverity: 'error',
  title: '`pip install -r` installs a local folder (`-e .`, `./pkg`) the stage has not copied',
  doc: [
    'The requirements file installs a local folder (`-e .`, `.`, `./pkg`, `--editable=./pkg`, `-e file:./pkg`, also',
    'through `-r`), but only the requirements file was copied before the `RUN pip install -r`: pip finds no',
    'project there and the build fails (`does not appear to be a Python project`). pip resolves those paths against',
    'its working directory (the `WORKDIR`), not against the requirements file.',
    '',
    'Fix: copy what the line installs before the `RUN`: `COPY . .` for `-e .` (a `.dockerignore` keeps junk out),',
    'or `COPY pkg/ pkg/` for `./pkg`. In a multi-stage build, prefer a regular install (drop `-e`): an editable',
    "install links the virtualenv to this stage's sources, which a later stage may not have.",
    '',
    'The quick fix inserts that `COPY` before the `RUN`. It is offered only when the requirements file sits in the',
    '`WORKDIR` as it does in the build context (so the context path is the one pip looks for), and never as the',
    'automatic fix: copying sources before the install means every code change reinstalls the dependencies.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    for (const stage of dockerfile.stages) {
      for (const install of pythonInstalls(dockerfile, stage, { chain: false })) {
        if (install.tool !== 'pip' || runMounts(install.instruction).some((mount) => mount.type === 'bind')) continue;
        const workdir = workdirAt(dockerfile, stage, install.instruction);
        for (const target of requirementTargets(install.words.map((word) => word.value))) {
          const imagePath = resolvePath(workdir, target);
          const file = contextFileAt(workspace, imagePath);
          if (!file) continue;
          const { localPaths, files } = localPathsOf(workspace, file);
          const copies = contextCopiesBefore(dockerfile, stage, install.instruction);
          const missing = localPaths.filter((local) => !covered(copies, resolvePath(workdir, local), files));
          if (missing.length === 0) continue;
          const shown = missing.map((local) => `\`${local}\``).join(', ');
          findings.push({
            ruleId: this.id,
            message: `${file} installs ${shown}, but this stage has not copied ${missing.length > 1 ? 'them' : 'it'} before pip runs: the build fails (pip finds no project there). Copy it first, e.g. ${copyLine(missing)}`,
            range: install.instruction.getRange(),
            fixes: mirrored(imagePath, workdir, file) ? insertCopyFix(install.instruction, missing, workspace) : [],
          });
        }
      }
    }
    return findings;
  },
};

/** The `-r FILE` / `--requirement=FILE` / `-rFILE` arguments of a pip command. */
function requirementTargets(values: string[]): string[] {
  const targets: string[] = [];
  values.forEach((value, i) => {
    if ((value === '-r' || value === '--requirement') && values[i + 1]) targets.push(values[i + 1]);
    else if (value.startsWith('--requirement=')) targets.push(value.slice('--requirement='.length));
    else if (/^-r[^-\s]/.test(value)) targets.push(value.slice(2));
  });
  return targets;
}

/** The context file that lands at an image path: the longest context path the image path ends with. */
function contextFileAt(workspace: WorkspaceModel, imagePath: string): string | undefined {
  let best: string | undefined;
  for (const file of workspace.files) {
    if ((imagePath === `/${file}` || imagePath.endsWith(`/${file}`)) && (!best || file.length > best.length)) best = file;
  }
  return best;
}

/** Local paths a requirements file installs, following its `-r` includes in the context; and the files visited. */
function localPathsOf(workspace: WorkspaceModel, entry: string): { localPaths: string[]; files: Set<string> } {
  const files = new Set<string>();
  const localPaths: string[] = [];
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = workspace.readFile(file);
    if (text === undefined) return;
    files.add(file);
    const content = parseRequirementsText(text);
    for (const local of content.localPaths) if (!localPaths.includes(local)) localPaths.push(local);
    for (const include of content.includes) visit(joinRel(dirnameRel(file), include));
  };
  visit(entry);
  return { localPaths, files };
}

/** COPY/ADD from the build context in the stage chain before `before` (COPY --from brings no context files). */
function contextCopiesBefore(model: DockerfileModel, stage: Stage, before: Instruction): CopySpec[] {
  const line = before.getRange().start.line;
  return stageChain(model, stage)
    .flatMap((s) => copiesOf(model, s))
    .filter((copy) => copy.from === null && copy.instruction.getRange().start.line < line);
}

const WHOLE_CONTEXT = new Set(['.', './', '*', './*']);

/**
 * Whether a copy brought something for the local folder at `local` (an image path): the whole context at or above it,
 * or anything other than the requirements files themselves into it (e.g. `COPY pkg/ pkg/`, `COPY pyproject.toml src ./`).
 * A variable we cannot resolve counts as covering it: no guessing.
 */
function covered(copies: CopySpec[], local: string, requirementFiles: Set<string>): boolean {
  const isRequirementFile = (source: string) => [...requirementFiles].some((file) => source.replace(/^\.\//, '') === file || source.endsWith(`/${file}`));
  return copies.some((copy) =>
    copy.unresolved
    || (copy.sources.some((source) => WHOLE_CONTEXT.has(source)) && isWithin(local, copy.absoluteDestination))
    || (isWithin(copy.absoluteDestination, local) && copy.sources.some((source) => !isRequirementFile(source))));
}

/** The requirements file sits in the WORKDIR where it sits in the context, so context paths are pip's paths. */
function mirrored(imagePath: string, workdir: string, file: string): boolean {
  return imagePath === resolvePath(workdir, file);
}

function copyLine(locals: string[]): string {
  const dirs = locals.map((local) => local.replace(/^\.\//, '').replace(/\/+$/, '').replace(/\[.*$/, '') || '.');
  if (dirs.includes('.')) return '`COPY . .`';
  return dirs.map((dir) => `\`COPY ${dir}/ ${dir}/\``).join(', ');
}

function insertCopyFix(run: Instruction, locals: string[], workspace: WorkspaceModel): Fix[] {
  const dirs = locals.map((local) => local.replace(/^\.\//, '').replace(/\/+$/, '') || '.');
  // Only folders the context has (an absolute or outside path cannot be copied from it).
  if (dirs.some((dir) => dir.startsWith('/') || dir === '..' || dir.startsWith('../') || (dir !== '.' && ![...workspace.files].some((f) => f.startsWith(`${dir}/`))))) return [];
  const text = dirs.includes('.') ? 'COPY . .\n' : dirs.map((dir) => `COPY ${dir}/ ${dir}/\n`).join('');
  const start = { line: run.getRange().start.line, character: 0 };
  return [{ title: `Copy ${dirs.includes('.') ? 'the build context' : dirs.join(', ')} before the install`, edits: [{ range: { start, end: start }, newText: text }] }];
}
