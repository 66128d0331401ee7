import { parseEcrImageReference } from '../ecr/reference';
import { imageReferenceSites, siteRange } from './support/image-references';
import type { Finding, Rule } from './types';

/** `your_ecr_repository_url/your_image_name:tag` and friends, copied from a tutorial and never filled in. */
export const ecrImageReferencePlaceholder: Rule = {
  id: 'ecr-image-reference-placeholder',
  defaultSeverity: 'error',
  title: 'Placeholder Amazon ECR image reference',
  doc: [
    'The image reference still holds template placeholders (`your_ecr_repository_url`, `your-aws-account-id`,',
    '`your-aws-region`, `<aws_account_id>`, `AWS_ACCOUNT_ID`…), so the build cannot pull it.',
    '',
    'Fix: use the repository URI from the ECR console or `aws ecr describe-repositories`',
    '(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4.2`), or make it a build argument',
    '(`ARG BASE_IMAGE` + `FROM ${BASE_IMAGE}`). Account ids from the AWS documentation (123456789012,',
    '111122223333) are reported as info: they are valid ids, but rarely yours.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const site of imageReferenceSites(dockerfile)) {
      const reference = parseEcrImageReference(site.text);
      if (!reference) continue;
      const placeholders = reference.errors.filter((problem) => problem.placeholder).sort((a, b) => a.start - b.start);
      if (placeholders.length > 0) {
        const parts = placeholders.map((problem) => `'${site.text.slice(problem.start, problem.end)}'`);
        findings.push({
          ruleId: this.id,
          message: `Placeholder ECR image reference: replace ${parts.join(', ')} with your registry, repository and tag`,
          range: siteRange(site),
        });
      } else if (reference.exampleAccount && reference.account) {
        findings.push({
          ruleId: this.id,
          severity: 'info',
          message: `${reference.account} is the example account id from the AWS documentation; is this your account?`,
          range: siteRange(site, 0, reference.account.length),
        });
      }
    }
    return findings;
  },
};
