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
import { baseImages } from './support/base-images';
import { retag } from './support/retag';
import { isChosenEolPython, projectPythonChoice, upgradePath } from '../project/python-intent';
import type { DjangoProject } from '../project/types';
import type { Finding, Rule } from './types';

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
    '',
    'When the project itself pins that version (or its Django supports nothing newer), `generate` writes it too:',
    'the finding is then a warning with the upgrade path (e.g. Django 3.2 -> 4.2 LTS, then Python 3.12).',
  ].join('\n'),
  check({ dockerfile, workspace, now }) {
    const at = now ?? new Date();
    const findings: Finding[] = [];
    for (const image of baseImages(dockerfile)) {
      if (image.unresolved || !image.range) continue;
      const info = pythonImageInfo(image.resolved, at);
      if (!info?.version || !info.release) continue;
      const { tag } = splitImageReference(image.resolved);
      if (info.isEol(at)) {
        const project = workspace?.project;
        const eol = `Python ${info.version} reached end of life (${info.release.endOfLife}): no more security fixes and '${image.resolved}' is no longer rebuilt.`;
        if (project && isChosenEolPython(project, info.version, at)) {
          // The project pins it (or its Django runs on nothing newer): generate writes it too, with this warning.
          findings.push({ ruleId: this.id, severity: 'warning', message: `${eol} The project asks for it; upgrade path: ${upgradePath(project, at)}.`, range: image.range });
          continue;
        }
        const target = targetVersion(at, project);
        findings.push({
          ruleId: this.id,
          message: `${eol} Move to Python ${target}.`,
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

/** The project's own choice when it is maintained (it fits the project's pins and Django), else the default. */
function targetVersion(at: Date, project?: DjangoProject | null): string {
  const chosen = project ? projectPythonChoice(project, at)?.version : undefined;
  if (chosen && !isPythonEol(chosen, at)) return chosen;
  return isPythonEol(defaultPythonVersion, at) ? supportedPythonVersions(at)[0] ?? defaultPythonVersion : defaultPythonVersion;
}
