import { copiesOf, hasVariable, stageChain, type CopySpec } from '../dockerfile/commands';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { pythonImageInfo, splitImageReference, withPythonVersion, type PythonImageInfo } from '../data/python';
import { baseImages } from './support/base-images';
import type { Finding, Fix, Rule } from './types';

/** Paths whose content is tied to one Python minor and one C library: installed packages, venvs, prefixes. */
const PYTHON_ENVIRONMENT = [
  /\/(site|dist)-packages\/?$/,
  /\/lib\/python\d/,
  /(^|\/)\.?venv\/?$/,
  /(^|\/)virtualenv\/?$/,
  /^\/opt\/[^/]+\/?$/,
  /^\/root\/\.local\/?$/,
  /^\/usr\/local\/?$/,
  /^\/usr\/local\/lib\/?$/,
  /^\/install\/?$/,
];

export const pythonStageMismatch: Rule = {
  id: 'python-stage-mismatch',
  defaultSeverity: 'error',
  title: 'A Python environment is copied between stages with different Python versions or OS',
  doc: [
    'Installed packages and virtualenvs belong to one Python minor version (`lib/python3.X/site-packages`, the',
    '`python` symlink of a venv, compiled extensions built for `cp3X`) and to one C library and Debian release.',
    'Copying them from a `python:3.9` builder into a `python:3.10-slim` final stage, from Debian to Alpine, or from',
    'bookworm to bullseye gives an image that cannot import its packages or fails on missing shared libraries.',
    '',
    'Fix: use the same Python minor and the same suite in both stages (`python:3.12-slim-bookworm` for the final',
    'stage of a `python:3.12-bookworm` builder), ideally through one `ARG PYTHON_VERSION`.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const stage of dockerfile.stages) {
      for (const copy of copiesOf(dockerfile, stage)) {
        if (!copy.fromStage || !copy.sources.some((source) => PYTHON_ENVIRONMENT.some((pattern) => pattern.test(source)))) continue;
        const finding = mismatch(dockerfile, copy, copy.fromStage, stage);
        if (finding) findings.push({ ruleId: this.id, ...finding });
      }
    }
    return findings;
  },
};

const pythonCache = new WeakMap<Stage, PythonImageInfo | null>();

/** The Python image a stage ultimately builds on (cached per parsed stage: big files copy thousands of times). */
function pythonOf(model: DockerfileModel, stage: Stage): PythonImageInfo | null {
  if (!pythonCache.has(stage)) pythonCache.set(stage, pythonImageInfo(stageChain(model, stage)[0].baseImage));
  return pythonCache.get(stage) as PythonImageInfo | null;
}

function mismatch(model: DockerfileModel, copy: CopySpec, source: Stage, target: Stage): Omit<Finding, 'ruleId'> | null {
  const from = pythonOf(model, source);
  const to = pythonOf(model, target);
  if (!from || !to) return null;
  const fromFamily = from.variant === 'alpine' ? 'alpine' : 'debian';
  const toFamily = to.variant === 'alpine' ? 'alpine' : 'debian';
  const versionDiffers = Boolean(from.version && to.version && from.version !== to.version);
  const suiteDiffers = fromFamily === 'debian' && Boolean(from.suite && to.suite && from.suite !== to.suite);
  if (!versionDiffers && fromFamily === toFamily && !suiteDiffers) return null;
  const fromName = `'${source.name ?? source.index}' (${stageChain(model, source)[0].baseImage})`;
  const toImage = stageChain(model, target)[0].baseImage;
  const range = copy.instruction.getRange();
  if (from.version && to.version && from.version !== to.version) {
    return {
      message: `Copies a Python ${from.version} environment from ${fromName} into a Python ${to.version} stage (${toImage}): its packages will not import`,
      range,
      fixes: retagFix(model, target, (tag) => alignSuite(withPythonVersion(tag, from.version as string), from, to), `Use Python ${from.version} in this stage too`),
    };
  }
  if (fromFamily !== toFamily) {
    return {
      message: `Copies a Python environment built on ${fromFamily} (${fromName}) into a ${toFamily} stage (${toImage}): compiled packages link against another C library`,
      range,
    };
  }
  if (fromFamily === 'debian' && from.suite && to.suite && from.suite !== to.suite) {
    return {
      message: `Copies a Python environment built on Debian ${from.suite} (${fromName}) into Debian ${to.suite} (${toImage}): compiled packages may miss their shared libraries`,
      range,
      severity: 'warning',
      fixes: retagFix(model, target, (tag) => withSuite(tag, to.suite as string, from.suite as string), `Use ${from.suite} in this stage too`),
    };
  }
  return null;
}

/**
 * Rewrites the target stage's image tag: in its FROM when written literally, or in the default of the one global
 * ARG the FROM uses (`ARG RUNTIME_IMAGE=python:3.13-slim` + `FROM ${RUNTIME_IMAGE}`, or `python:${PY}-slim`).
 */
function retagFix(model: DockerfileModel, target: Stage, retag: (tag: string) => string, title: string): Fix[] {
  if (stageChain(model, target)[0] !== target) return [];
  const { repository, tag, digest } = splitImageReference(target.baseImage);
  if (!tag || digest || hasVariable(target.baseImage)) return [];
  const next = retag(tag);
  if (next === tag) return [];
  const literalRange = target.from.getImageTagRange();
  const written = target.from.getImage() ?? '';
  if (!hasVariable(written)) return literalRange ? [{ title, preferred: true, edits: [{ range: literalRange, newText: next }] }] : [];
  const base = baseImages(model).find((image) => image.stage === target);
  const arg = base?.args.length === 1 ? base.args[0] : undefined;
  const reference = arg ? new RegExp(`\\$\\{?${arg.getName()}\\}?`).exec(written) : null;
  const valueRange = arg?.getValueRange();
  if (!arg || !reference || !valueRange || base!.args.length !== 1 || (written.match(/\$/g) ?? []).length !== 1) return [];
  // written = prefix + $ARG + suffix; the new image must keep prefix and suffix, the ARG gets the middle.
  const prefix = written.slice(0, reference.index);
  const suffix = written.slice(reference.index + reference[0].length);
  const image = `${repository}:${next}`;
  if (!image.startsWith(prefix) || !image.endsWith(suffix) || image.length < prefix.length + suffix.length) return [];
  const value = image.slice(prefix.length, image.length - suffix.length);
  return [{ title: `${title} (ARG ${arg.getName()}=${value})`, preferred: true, edits: [{ range: valueRange, newText: value }] }];
}

/** When both stages are Debian on different suites, the retag aligns the suite in the same edit. */
function alignSuite(tag: string, from: PythonImageInfo, to: PythonImageInfo): string {
  const debian = from.variant !== 'alpine' && to.variant !== 'alpine';
  return debian && from.suite && to.suite && from.suite !== to.suite ? withSuite(tag, to.suite, from.suite) : tag;
}

/** `3.12-slim-trixie` -> `3.12-slim-bookworm`; a tag without suite gets one (`3.12-slim` -> `3.12-slim-bookworm`). */
function withSuite(tag: string, current: string, wanted: string): string {
  if (tag.endsWith(`-${current}`)) return `${tag.slice(0, -current.length)}${wanted}`;
  if (tag.includes(`-${current}-`)) return tag.replace(`-${current}-`, `-${wanted}-`);
  return /^\d/.test(tag) ? `${tag}-${wanted}` : tag;
}
