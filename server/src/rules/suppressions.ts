/**
 * Suppression comments users already write for other linters, honoured so their files keep working:
 *
 * - BuildKit: `# check=skip=Rule1,Rule2` (or `skip=all`) as a parser directive at the top of the file, and
 *   (dockerfile/1.21.0+) the same comment directly above one instruction.
 * - hadolint: `# hadolint ignore=DL3002,DL3008` directly above an instruction, `# hadolint global ignore=…`
 *   anywhere, `# hadolint stage ignore=…` inside a stage.
 *
 * A suppression names our rule id or the rule's hadolint/BuildKit equivalent (case-insensitive).
 * Built once per lint from the raw lines: O(lines), then O(log n) per finding.
 */
import type { DockerfileModel } from '../dockerfile/model';

export interface SuppressibleRule {
  id: string;
  hadolint?: string;
  buildkit?: string;
}

export interface Suppressions {
  /** Whether a finding of `rule` on 0-based `line` is switched off by a comment. */
  isSuppressed(rule: SuppressibleRule, line: number): boolean;
}

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const CHECK_COMMENT = /^#\s*check\s*=\s*(.*?)\s*$/i;
const HADOLINT_COMMENT = /^#\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*$/i;

interface InstructionSpan {
  start: number;
  end: number;
  stage: number;
  skips: Set<string> | null;
}

export function parseSuppressions(model: DockerfileModel): Suppressions {
  const lines = model.text.split(/\r\n|\r|\n/);
  if (lines.length > 0) lines[0] = lines[0].replace(/^\uFEFF/, '');
  const fileSkips = new Set<string>();
  let skipAll = false;

  // Parser directives: leading `# key=value` comment lines, until the first other line.
  for (const line of lines) {
    const directive = DIRECTIVE.exec(line.trim());
    if (!directive) break;
    if (directive[1].toLowerCase() === 'check') {
      for (const rule of checkSkips(directive[2])) {
        if (rule === 'all') skipAll = true;
        else fileSkips.add(rule);
      }
    }
  }

  const stageStarts = model.stages.map((stage) => stage.from.getRange().start.line);
  const stageSkips = new Map<number, Set<string>>();
  const stageAt = (line: number) => lastAtOrBefore(stageStarts, line);

  const spans: InstructionSpan[] = [];
  let previousEnd = -1;
  for (const instruction of model.ast.getInstructions()) {
    const range = instruction.getRange();
    const start = range.start.line;
    let skips: Set<string> | null = null;
    // The comment block directly above: contiguous comment lines after the previous instruction.
    for (let line = start - 1; line > previousEnd && line >= 0; line--) {
      const text = lines[line]?.trim() ?? '';
      if (!text.startsWith('#')) break;
      const check = CHECK_COMMENT.exec(text);
      const hadolint = check ? null : HADOLINT_COMMENT.exec(text);
      const names = check ? checkSkips(check[1]) : hadolint && !hadolint[1] ? idList(hadolint[2]) : [];
      if (names.length) {
        skips ??= new Set();
        for (const name of names) skips.add(name);
      }
    }
    spans.push({ start, end: Math.max(start, range.end.line), stage: stageAt(start), skips });
    previousEnd = Math.max(previousEnd, range.end.line);
  }

  // hadolint global/stage pragmas may sit anywhere.
  for (const comment of model.ast.getComments()) {
    const pragma = HADOLINT_COMMENT.exec(`#${comment.getContent()}`.trim()) ?? HADOLINT_COMMENT.exec(comment.getContent().trim());
    if (!pragma || !pragma[1]) continue;
    const names = idList(pragma[2]);
    if (pragma[1].toLowerCase() === 'global') for (const name of names) fileSkips.add(name);
    else {
      const stage = stageAt(comment.getRange().start.line);
      const set = stageSkips.get(stage) ?? new Set<string>();
      for (const name of names) set.add(name);
      stageSkips.set(stage, set);
    }
  }

  const spanStarts = spans.map((span) => span.start);
  const matches = (set: Set<string> | null | undefined, rule: SuppressibleRule) =>
    !!set && set.size > 0 && (set.has('all') || set.has(rule.id.toLowerCase()) || (!!rule.hadolint && set.has(rule.hadolint.toLowerCase())) || (!!rule.buildkit && set.has(rule.buildkit.toLowerCase())));

  return {
    isSuppressed(rule, line) {
      if (skipAll || matches(fileSkips, rule)) return true;
      const index = lastAtOrBefore(spanStarts, line);
      const span = index >= 0 ? spans[index] : undefined;
      if (span && line <= span.end && matches(span.skips, rule)) return true;
      if (stageSkips.size > 0 && matches(stageSkips.get(stageAt(line)), rule)) return true;
      return false;
    },
  };
}

/** `skip=A,B;error=true` -> ["a","b"] */
function checkSkips(value: string): string[] {
  const names: string[] = [];
  for (const option of value.split(';')) {
    const [key, list] = option.split('=', 2);
    if (key?.trim().toLowerCase() === 'skip' && list !== undefined) names.push(...idList(list));
  }
  return names;
}

function idList(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
