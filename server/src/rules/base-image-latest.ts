import { pythonImageInfo, RECOMMENDED_PYTHON_TAG, splitImageReference } from '../data/python';
import { baseImages } from './support/base-images';
import type { Finding, Rule } from './types';

/** hadolint DL3007: `FROM x:latest` is as unpinned as no tag at all. */
export const baseImageLatest: Rule = {
  id: 'base-image-latest',
  defaultSeverity: 'warning',
  title: 'Base image pinned to :latest',
  hadolint: 'DL3007',
  doc: [
    '`:latest` moves with every upstream release: for `python` it jumps to a new Python minor each October',
    'and to a new Debian release every two years, breaking wheels and site-packages paths without a code change.',
    '',
    `Fix: pin the version and suite (\`python:${RECOMMENDED_PYTHON_TAG}\`), or a digest.`,
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const image of baseImages(dockerfile)) {
      if (image.unresolved || !image.range) continue;
      const { tag, digest } = splitImageReference(image.resolved);
      if (tag?.toLowerCase() !== 'latest' || digest) continue;
      const viaArg = image.written !== image.resolved;
      const finding: Finding = {
        ruleId: this.id,
        message: `'${image.resolved}' floats with every upstream release; pin a version${viaArg ? ' (the tag comes from an ARG default)' : ''}`,
        range: image.range,
      };
      const tagRange = image.stage.from.getImageTagRange();
      if (!viaArg && tagRange && pythonImageInfo(image.resolved)) {
        const pinned = RECOMMENDED_PYTHON_TAG;
        finding.fixes = [{ title: `Pin to ${pinned}`, preferred: true, edits: [{ range: tagRange, newText: pinned }] }];
      }
      findings.push(finding);
    }
    return findings;
  },
};
