import type { Flag } from 'dockerfile-ast';
import { copiesOf, hasVariable } from '../dockerfile/commands';
import type { Finding, Rule } from './types';

/** hadolint DL3022/DL3023: `COPY --from=name` where no earlier stage is called `name`. */
export const copyFromUnknownStage: Rule = {
  id: 'copy-from-unknown-stage',
  defaultSeverity: 'error',
  title: 'COPY --from names no earlier stage',
  hadolint: 'DL3022',
  doc: [
    '`COPY --from=<name>` copies from an earlier stage called `<name>`; when there is none, Docker treats',
    '`<name>` as an image on Docker Hub and the build fails pulling it (or silently copies from an unrelated image).',
    'A stage cannot copy from itself or from a stage defined after it.',
    '',
    'Fix: name the stage (`FROM python:3.13-slim AS builder`) or correct the typo. An image reference with a',
    'tag, digest or registry (`--from=ghcr.io/astral-sh/uv:0.9`) is fine.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    const stageNames = dockerfile.stages.filter((stage) => stage.name).map((stage) => stage.name as string);
    for (const stage of dockerfile.stages) {
      for (const copy of copiesOf(dockerfile, stage)) {
        const from = copy.from;
        if (!from || copy.fromStage || hasVariable(from)) continue;
        const flag = (copy.instruction as unknown as { getFlags(): Flag[] }).getFlags().find((f) => f.getName().toLowerCase() === 'from');
        const range = flag?.getValueRange() ?? copy.instruction.getRange();
        const wanted = from.toLowerCase();
        if (/^\d+$/.test(wanted)) {
          findings.push({ ruleId: this.id, message: `Stage index ${from} is not an earlier stage (this is stage ${stage.index})`, range });
          continue;
        }
        // An image reference (tag, digest, registry or path) is pulled, which is legitimate.
        if (/[:@/]/.test(from)) continue;
        const later = dockerfile.stages.find((other) => other.name === wanted);
        let message: string;
        if (later === stage) message = `A stage cannot copy from itself ('${from}')`;
        else if (later) message = `Stage '${from}' is defined after this one; move it above`;
        else {
          const close = stageNames.find((name) => editDistance(name, wanted) <= 2);
          message = `No stage named '${from}'${close ? ` (did you mean '${close}'?)` : ''}: Docker would try to pull an image called '${from}'`;
          findings.push({
            ruleId: this.id,
            message,
            range,
            ...(close ? { fixes: [{ title: `Copy from stage '${close}'`, preferred: true, edits: [{ range, newText: close }] }] } : {}),
          });
          continue;
        }
        findings.push({ ruleId: this.id, message, range });
      }
    }
    return findings;
  },
};

/** Levenshtein distance for short stage names (typo suggestions). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
