import {
  defaultPythonVersion,
  eolStart,
  isPythonEol,
  osSuite,
  pythonImageInfo,
  splitImageReference,
  supportedPythonVersions,
  withPythonVersion,
} from '../data/python';
import { baseImages, type BaseImage } from './support/base-images';
import type { Finding, Fix, Rule } from './types';

const SOON_MS = 183 * 24 * 3600 * 1000;

/** End-of-life Python minors and retired tag families (bullseye…), from the data table in data/python.ts. */
export const pythonBaseEol: Rule = {
  id: 'python-base-eol',
  defaultSeverity: 'error',
  title: 'End-of-life Python or retired base image',
  doc: [
    'The base image runs a Python minor past its end of life (no security fixes; docker-library stops',
    'rebuilding its tags, so the OS underneath stops getting patches too), or a Debian/Alpine family the',
    'official image no longer publishes (`bullseye`, old Alpine releases).',
    '',
    `Fix: move to a supported minor, keeping variant and suite (\`3.9-slim-bookworm\` → \`${defaultPythonVersion}-slim-bookworm\`).`,
    'End-of-life dates come from the Python release table (peps.python.org), not from the rule; a version gets an',
    'info finding six months before its end of life.',
  ].join('\n'),
  check({ dockerfile, now }) {
    const at = now ?? new Date();
    const findings: Finding[] = [];
    for (const image of baseImages(dockerfile)) {
      if (image.unresolved || !image.range) continue;
      const info = pythonImageInfo(image.resolved, at);
      if (!info?.version || !info.release) continue;
      const { tag } = splitImageReference(image.resolved);
      if (info.isEol(at)) {
        const target = targetVersion(at);
        findings.push({
          ruleId: this.id,
          message: `Python ${info.version} reached end of life (${info.release.endOfLife}): no more security fixes and '${image.resolved}' is no longer rebuilt. Move to Python ${target}.`,
          range: image.range,
          fixes: tag ? retag(image, tag, (text) => withPythonVersion(text, target), `Use Python ${target}`) : undefined,
        });
        continue;
      }
      const suite = info.suite ? osSuite(info.suite) : undefined;
      if (suite && !suite.maintained && tag) {
        const replacement = suite.family === 'debian' ? 'bookworm' : 'alpine3.24';
        findings.push({
          ruleId: this.id,
          severity: 'warning',
          message: `'${info.suite}' images are no longer rebuilt${suite.retiredOn ? ` (since ${suite.retiredOn})` : ''}: the OS underneath gets no security updates. Use ${replacement}.`,
          range: image.range,
          fixes: retag(image, tag, (text) => text.replace(info.suite!, replacement), `Use ${replacement}`),
        });
        continue;
      }
      const remaining = eolStart(info.release).getTime() - at.getTime();
      if (remaining < SOON_MS && !info.floating) {
        findings.push({
          ruleId: this.id,
          severity: 'info',
          message: `Python ${info.version} reaches end of life in ${info.release.endOfLife}; plan the move to ${targetVersion(at)}.`,
          range: image.range,
        });
      }
    }
    return findings;
  },
};

function targetVersion(at: Date): string {
  return isPythonEol(defaultPythonVersion, at) ? supportedPythonVersions(at)[0] ?? defaultPythonVersion : defaultPythonVersion;
}

/** Edits the tag in FROM, or the ARG default that supplies it (`ARG PYTHON_VERSION=3.9`). */
function retag(image: BaseImage, tag: string, change: (text: string) => string, title: string): Fix[] | undefined {
  if (image.written === image.resolved) {
    const tagRange = image.stage.from.getImageTagRange();
    const newTag = change(tag);
    return tagRange && newTag !== tag ? [{ title, preferred: true, edits: [{ range: tagRange, newText: newTag }] }] : undefined;
  }
  for (const property of image.args) {
    const value = property.getValue() ?? '';
    const range = property.getValueRange();
    if (!range || !value || !tag.includes(value)) continue;
    const newValue = change(value);
    if (newValue !== value) return [{ title: `${title} (ARG ${property.getName()}=${newValue})`, preferred: true, edits: [{ range, newText: newValue }] }];
  }
  return undefined;
}
