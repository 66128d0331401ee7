import { pythonImageInfo, RECOMMENDED_PYTHON_TAG, splitImageReference } from '../data/python';
import { baseImages } from './support/base-images';
import type { Finding, Rule } from './types';

/** hadolint DL3006: `FROM python` pulls whatever `latest` is on the day of the build. */
export const baseImageUntagged: Rule = {
  id: 'base-image-untagged',
  defaultSeverity: 'warning',
  title: 'Base image without a tag',
  hadolint: 'DL3006',
  doc: [
    'A `FROM` without a tag or digest pulls `latest`: the Python version, Debian release and every system',
    'library change under you between two builds of the same commit.',
    '',
    `Fix: pin a tag (\`FROM python:${RECOMMENDED_PYTHON_TAG}\`) or a digest. ARG defaults are resolved,`,
    'so `ARG PYTHON_VERSION=3.13` + `FROM python:${PYTHON_VERSION}-slim` is fine. Stage names and `scratch` are fine.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const image of baseImages(dockerfile)) {
      if (image.unresolved || !image.range) continue;
      const { tag, digest } = splitImageReference(image.resolved);
      if (tag !== null || digest !== null) continue;
      const viaArg = image.written !== image.resolved;
      const finding: Finding = {
        ruleId: this.id,
        message: `'${image.resolved}' has no tag, so every build pulls whatever 'latest' is that day${viaArg ? ' (from an ARG default)' : ''}`,
        range: image.range,
      };
      if (!viaArg && pythonImageInfo(image.resolved)) {
        const pinned = RECOMMENDED_PYTHON_TAG;
        finding.fixes = [{ title: `Pin to ${image.written}:${pinned}`, preferred: true, edits: [{ range: { start: image.range.end, end: image.range.end }, newText: `:${pinned}` }] }];
      }
      findings.push(finding);
    }
    return findings;
  },
};
