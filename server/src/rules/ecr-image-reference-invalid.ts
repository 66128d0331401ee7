import { parseEcrImageReference } from '../ecr/reference';
import { imageReferenceSites, siteRange } from './support/image-references';
import type { Finding, Rule } from './types';

/** Account, region, repository, tag or digest of an ECR reference break the grammar ECR/Docker enforce. */
export const ecrImageReferenceInvalid: Rule = {
  id: 'ecr-image-reference-invalid',
  defaultSeverity: 'error',
  title: 'Malformed Amazon ECR image reference',
  doc: [
    'An Amazon ECR image is `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:…]` where the',
    'account is exactly 12 digits, the region is a real AWS region (China regions use `.amazonaws.com.cn`), the',
    'repository is lowercase letters/digits separated by `.`, `_`, `__`, `-` or `/` (2-256 characters), the tag is',
    '1-128 of `[A-Za-z0-9_.-]` not starting with `.` or `-`, and a digest is `sha256:` + 64 hex characters.',
    'Anything else fails at pull time with "invalid reference format" or "name unknown".',
    '',
    'Checked in FROM, `COPY --from=` and ARG/ENV values that hold an image reference.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const site of imageReferenceSites(dockerfile)) {
      const reference = parseEcrImageReference(site.text);
      if (!reference) continue;
      for (const problem of reference.errors) {
        if (problem.placeholder) continue;
        findings.push({ ruleId: this.id, message: problem.message, range: siteRange(site, problem.start, problem.end) });
      }
    }
    return findings;
  },
};
