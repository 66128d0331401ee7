/** The Python a project model asks for (detected or hand-built), and the upgrade path off an end-of-life one. */
import { defaultPythonVersion, DJANGO_PYTHON_SUPPORT, isPythonEol, pythonRelease, supportedPythonVersions } from '../data/python';
import { choosePython, djangoReleaseOn, type PythonChoice } from './python-choice';
import type { DjangoProject } from './types';

const DJANGO_LTS = ['3.2', '4.2', '5.2'];

/** choosePython over the model's pins and Django; models without pins (hand-built) use pythonVersion as their one pin. */
export function projectPythonChoice(project: DjangoProject, at: Date = new Date()): PythonChoice | null {
  const pins = project.pythonPins ?? (project.pythonVersion ? [{ source: 'the project', text: project.pythonVersion, kind: 'exact' as const, version: project.pythonVersion }] : []);
  if (pins.length === 0 && !project.django) return null;
  return choosePython(pins, project.django, at);
}

/** What generate says when it writes an end-of-life Python: why it does and how to move off it. */
export function eolWarning(project: DjangoProject, version: string, at: Date = new Date()): string {
  const eol = `Python ${version} is end-of-life (${pythonRelease(version)?.endOfLife}): it gets no security fixes and its official images are no longer updated.`;
  return `${eol} Upgrade path: ${upgradePath(project, at)}.`;
}

export function upgradePath(project: DjangoProject, at: Date = new Date()): string {
  const alive = supportedPythonVersions(at);
  const django = project.django;
  const release = django ? djangoReleaseOn(django, alive[alive.length - 1] ?? '3.12') : null;
  if (!django || !release) return `pin Python ${alive.includes(defaultPythonVersion) ? defaultPythonVersion : alive[0]} in .python-version`;
  const onRelease = alive.filter((v) => DJANGO_PYTHON_SUPPORT[release].includes(v));
  if (onRelease.length) return `pin Python ${onRelease[0]} (Django ${release} supports it) in .python-version`;
  const lts = DJANGO_LTS.find((r) => Number(r) > Number(release) && DJANGO_PYTHON_SUPPORT[r].some((v) => alive.includes(v)));
  if (!lts) return `upgrade Django to a release that supports Python ${alive[alive.length - 1]}+`;
  const target = DJANGO_PYTHON_SUPPORT[lts].filter((v) => alive.includes(v)).pop();
  return `Django ${release} supports no maintained Python; upgrade to Django ${lts} LTS (Python ${DJANGO_PYTHON_SUPPORT[lts][0]}-${DJANGO_PYTHON_SUPPORT[lts].slice(-1)[0]}), then pin Python ${target}`;
}

/** An end-of-life Python the generator itself would write for this project (so lint warns rather than errs). */
export function isChosenEolPython(project: DjangoProject | null | undefined, version: string, at: Date = new Date()): boolean {
  return !!project && isPythonEol(version, at) && projectPythonChoice(project, at)?.version === version;
}
