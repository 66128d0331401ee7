/**
 * The rule catalogue as Markdown (docs/RULES.md): every rule's id, severity, equivalents and doc, from the
 * registry itself, so the published list can never drift from what the server runs.
 */
import { genericRuleIds } from './generic/dockerfile-utils';
import { allRules } from './index';
import type { Rule } from './types';

function equivalents(rule: Rule): string {
  const names = [rule.hadolint && `hadolint ${rule.hadolint}`, rule.buildkit && `BuildKit ${rule.buildkit}`].filter(Boolean);
  return names.length ? names.join(', ') : '–';
}

export function renderRuleCatalogue(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rule registry by `node scripts/rules-doc.mjs`; a unit test keeps it current. -->',
    '',
    `${allRules.length} rules of our own, plus the generic Dockerfile checks of dockerfile-utils.`,
    'Severities are defaults: change them with the `djangoContainer.rules.severity` setting (`"off"` disables a rule).',
    'Suppress one finding with `# check=skip=<id>` (BuildKit syntax) or `# hadolint ignore=<id>` on the line above the',
    'instruction, or for the whole file with `# check=skip=<id>` at the top; hadolint and BuildKit ids work too.',
    '',
    '| id | default severity | equivalent | what it finds |',
    '|---|---|---|---|',
    ...allRules.map((rule) => `| [\`${rule.id}\`](#${rule.id}) | ${rule.defaultSeverity} | ${equivalents(rule)} | ${rule.title.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const rule of allRules) {
    lines.push(`## ${rule.id}`, '', `**${rule.title}** (default: ${rule.defaultSeverity}; equivalent: ${equivalents(rule)})`, '', rule.doc.trim(), '');
  }
  lines.push('## Generic checks (dockerfile-utils)', '', 'Reported with source `dockerfile-utils`; turned off by `djangoContainer.lint.genericRules: false`', '(automatically while another Dockerfile extension shows the same checks).', '');
  lines.push(...genericRuleIds().map((id) => `- \`${id}\``), '');
  return lines.join('\n');
}
