import type { Flag } from 'dockerfile-ast';
import { hasVariable } from '../dockerfile/commands';
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
    // Stage name -> index of its first definition (names are case-insensitive).
    const stageIndex = new Map<string, number>();
    for (const stage of dockerfile.stages) if (stage.name && !stageIndex.has(stage.name)) stageIndex.set(stage.name, stage.index);
    const names = [...stageIndex.keys()];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword !== 'COPY' && keyword !== 'ADD') continue;
        const flag = (instruction as unknown as { getFlags(): Flag[] }).getFlags().find((f) => f.getName().toLowerCase() === 'from');
        const from = flag?.getValue();
        if (!flag || !from || hasVariable(from)) continue;
        const range = flag.getValueRange() ?? instruction.getRange();
        const wanted = from.toLowerCase();
        if (/^\d+$/.test(wanted)) {
          if (Number(wanted) < stage.index) continue;
          findings.push({ ruleId: this.id, message: `Stage index ${from} is not an earlier stage (this is stage ${stage.index})`, range });
          continue;
        }
        // An image reference (tag, digest, registry or path) is pulled, which is legitimate.
        if (/[:@/]/.test(from)) continue;
        const index = stageIndex.get(wanted);
        if (index !== undefined && index < stage.index) continue;
        if (index === stage.index) {
          findings.push({ ruleId: this.id, message: `A stage cannot copy from itself ('${from}')`, range });
        } else if (index !== undefined) {
          findings.push({ ruleId: this.id, message: `Stage '${from}' is defined after this one; move it above`, range });
        } else {
          const close = names.find((name) => (stageIndex.get(name) as number) < stage.index && editDistance(name, wanted) <= 2);
          findings.push({
            ruleId: this.id,
            message: `No stage named '${from}'${close ? ` (did you mean '${close}'?)` : ''}: Docker would try to pull an image called '${from}'`,
            range,
            ...(close ? { fixes: [{ title: `Copy from stage '${close}'`, preferred: true, edits: [{ range, newText: close }] }] } : {}),
          });
        }
      }
    }
    return findings;
  },
};

/** Levenshtein distance for short stage names (typo suggestions); 3 means "far". */
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
