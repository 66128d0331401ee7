import { propertiesOf } from '../dockerfile/commands';
import type { Finding, Rule } from './types';

/** BuildKit LegacyKeyValueFormat: `ENV KEY value` instead of `ENV KEY=value`. */
export const envLegacyFormat: Rule = {
  id: 'env-legacy-format',
  defaultSeverity: 'warning',
  title: 'Legacy `ENV KEY value` format',
  buildkit: 'LegacyKeyValueFormat',
  doc: [
    '`ENV KEY value` (whitespace instead of `=`) is the legacy form: it can set only one variable, everything',
    'after the key becomes the value, and BuildKit warns about it (`LegacyKeyValueFormat`).',
    '',
    'Fix: `ENV PYTHONUNBUFFERED=1` (quote values with spaces: `ENV GREETING="hello world"`).',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    let lines: string[] | undefined;
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'ENV') continue;
        for (const entry of propertiesOf(instruction)) {
          if (!entry.legacy || !entry.valueRange) continue;
          const finding: Finding = {
            ruleId: this.id,
            message: `Use 'ENV ${entry.name}=…' instead of the legacy 'ENV ${entry.name} …' format`,
            range: instruction.getRange(),
          };
          // Rewrite only single-line values: a continuation inside the value has no safe textual rewrite.
          if (entry.range.start.line === entry.valueRange.end.line) {
            lines ??= dockerfile.text.split(/\r?\n/);
            const line = lines[entry.range.start.line] ?? '';
            const rawValue = line.slice(entry.valueRange.start.character, entry.valueRange.end.character);
            const value = /\s/.test(rawValue) && !/^(["']).*\1$/.test(rawValue) ? `"${rawValue.replace(/(["\\])/g, '\\$1')}"` : rawValue;
            finding.fixes = [
              {
                title: `Write ENV ${entry.name}=${value}`,
                preferred: true,
                edits: [{ range: { start: entry.range.start, end: entry.valueRange.end }, newText: `${entry.name}=${value}` }],
              },
            ];
          }
          findings.push(finding);
        }
      }
    }
    return findings;
  },
};
