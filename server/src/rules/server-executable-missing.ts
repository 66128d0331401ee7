import { SERVER_SCRIPTS, baseName, serversOf, type ProcessServer } from '../dockerfile/app-server';
import { DEFAULT_PATH, copiesOf, isWithin, resolvePath, stageChain, workdirAt, type CopySpec } from '../dockerfile/commands';
import { pathDirectories, pythonInstalls, systemPackagesInstalled } from '../dockerfile/image-contents';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { pythonImageInfo, splitImageReference } from '../data/python';
import type { Finding, Fix, Rule } from './types';

/** Bases we know carry no Python app server: the official python images, uv's images, bare distributions. */
const BARE_BASES = new Set(['debian', 'ubuntu', 'alpine', 'busybox', 'scratch', 'library/debian', 'library/ubuntu', 'library/alpine']);

const SITE_PACKAGES = /\/(site|dist)-packages\/?$/;
const VENV_LIKE = /(^|\/)(\.?venv|virtualenv|\.local)\/?$|^\/opt\/[^/]+\/?$/;

export const serverExecutableMissing: Rule = {
  id: 'server-executable-missing',
  defaultSeverity: 'error',
  title: 'The server executable of CMD/ENTRYPOINT is not in the final image',
  doc: [
    'The container starts `gunicorn` (or uvicorn, daphne, celery…) but nothing in the final stage puts that',
    'executable on `PATH`: the image builds, then exits at once with `exec: "gunicorn": executable file not found`.',
    '',
    'The usual cause is a multi-stage build that copies only `site-packages` from the builder: pip wrote the',
    'console scripts to the builder\'s `/usr/local/bin`, which stayed behind.',
    '',
    'Fix one of: copy the scripts too (`COPY --from=builder /usr/local/bin /usr/local/bin`), build a virtualenv in',
    'the builder and copy it whole with `ENV PATH="/opt/venv/bin:$PATH"`, or start the server as a module',
    '(`CMD ["python", "-m", "gunicorn", …]`), which needs only the packages.',
  ].join('\n'),
  check({ dockerfile }) {
    const stage = dockerfile.finalStage;
    if (!stage || !baseIsKnownBare(dockerfile, stage)) return [];
    const findings: Finding[] = [];
    for (const server of serversOf(dockerfile, stage)) {
      if (server.viaPython) continue;
      const problem = missingExecutable(dockerfile, stage, server);
      if (problem) findings.push({ ruleId: this.id, message: problem.message, range: server.program.range, fixes: problem.fixes });
    }
    return findings;
  },
};

function baseIsKnownBare(model: DockerfileModel, stage: Stage): boolean {
  const root = stageChain(model, stage)[0].baseImage;
  if (pythonImageInfo(root)) return true;
  return BARE_BASES.has(splitImageReference(root).repository.toLowerCase());
}

interface Problem {
  message: string;
  fixes: Fix[];
}

function missingExecutable(model: DockerfileModel, stage: Stage, server: ProcessServer): Problem | null {
  const chain = stageChain(model, stage);
  // Anything that installs Python distributions in the final image may install the script: trust it.
  if (pythonInstalls(model, stage).length > 0) return null;
  const name = baseName(server.program.value);
  const apt = systemPackagesInstalled(model, stage);
  if (apt.has(name) || apt.has(`python3-${name}`) || apt.has(`py3-${name}`)) return null;

  const workdir = workdirAt(model, stage);
  const program = server.program.value;
  const explicitPath = program.includes('/') ? resolvePath(workdir, program) : null;
  const dirs = explicitPath ? [explicitPath.slice(0, explicitPath.lastIndexOf('/')) || '/'] : pathDirectories(model, stage);
  const copies = chain.flatMap((s) => copiesOf(model, s));
  const provides = (copy: CopySpec) =>
    dirs.some((dir) => isWithin(dir, copy.absoluteDestination) || isWithin(`${dir}/${name}`, copy.absoluteDestination));
  for (const copy of copies) {
    // A stage copy whose paths we cannot resolve may well bring the script: do not guess.
    if (copy.from !== null && copy.unresolved) return null;
    if (!provides(copy)) continue;
    if (copy.from !== null) return null;
    // Build-context copies count only for non-system folders (a project-local venv we cannot see into).
    if (dirs.some((dir) => isWithin(dir, copy.absoluteDestination) && !isSystemBin(dir))) return null;
  }

  const stageCopies = copies.filter((copy) => copy.from !== null);
  const sitePackages = stageCopies.find((copy) => copy.sources.some((source) => SITE_PACKAGES.test(source)));
  const venv = stageCopies.find((copy) => VENV_LIKE.test(copy.absoluteDestination) || copy.sources.some((s) => VENV_LIKE.test(s)));
  const fixes: Fix[] = [];
  let message: string;
  const shown = `\`${program}\``;
  if (venv && !explicitPath) {
    const bin = `${venv.absoluteDestination}/bin`;
    message = `${shown} is not on PATH in the final stage: ${venv.absoluteDestination} is copied from '${venv.from}', but ${bin} is not on PATH`;
    fixes.push(addPathFix(venv, bin));
  } else if (sitePackages) {
    const prefix = scriptsPrefixOf(sitePackages.sources.find((s) => SITE_PACKAGES.test(s)) as string);
    message =
      `${shown} is not in the final stage: only site-packages are copied from '${sitePackages.from}', ` +
      `and pip put the ${name} console script in that stage's ${prefix}/bin, which is not copied`;
    fixes.push({
      title: `Copy ${prefix}/bin from '${sitePackages.from}' too`,
      preferred: true,
      edits: [insertLineAfter(sitePackages.instruction.getRange().end.line, `COPY --from=${sitePackages.from} ${prefix}/bin ${prefix}/bin`)],
    });
  } else {
    message = `${shown} is not installed in the final stage: nothing installs it or copies it onto PATH (${dirs.join(':')})`;
  }
  const moduleFix = pythonModuleFix(server, name);
  if (moduleFix && (sitePackages || venv)) fixes.push(moduleFix);
  return { message, fixes };
}

function isSystemBin(dir: string): boolean {
  return DEFAULT_PATH.split(':').includes(dir);
}

/** `/usr/local/lib/python3.9/site-packages` -> `/usr/local` (where pip puts `bin/` for that prefix). */
function scriptsPrefixOf(sitePackages: string): string {
  const match = /^(.*)\/lib\/python[\d.]*\/(site|dist)-packages\/?$/.exec(sitePackages);
  return match ? match[1] || '/usr/local' : '/usr/local';
}

function insertLineAfter(line: number, text: string) {
  return { range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, newText: `${text}\n` };
}

function addPathFix(venv: CopySpec, bin: string): Fix {
  return {
    title: `Put ${bin} on PATH`,
    preferred: true,
    edits: [insertLineAfter(venv.instruction.getRange().end.line, `ENV PATH="${bin}:$PATH"`)],
  };
}

/** Servers whose package runs as `python -m <kind>` (a `__main__` module) with the same arguments. */
const RUNNABLE_AS_MODULE = new Set(['gunicorn', 'uvicorn', 'daphne', 'hypercorn', 'celery', 'waitress']);

function pythonModuleFix(server: ProcessServer, name: string): Fix | null {
  const module = SERVER_SCRIPTS[name];
  if (!module || !RUNNABLE_AS_MODULE.has(module) || server.nested || server.program.value.includes('/')) return null;
  const newText = server.line.form === 'exec' ? `"python", "-m", "${module}"` : `python -m ${module}`;
  return { title: `Start it as \`python -m ${module}\``, edits: [{ range: server.program.range, newText }] };
}
