import type { Finding, Rule } from './types';

/** BuildKit FromAsCasing: `FROM x as y` / `from x AS y` mix cases; BuildKit warns on every build. */
export const fromAsCasing: Rule = {
  id: 'from-as-casing',
  defaultSeverity: 'warning',
  title: "The 'as' keyword does not match the case of 'FROM'",
  buildkit: 'FromAsCasing',
  doc: [
    "BuildKit's `FromAsCasing` check warns when the `AS` keyword of a stage is not written in the same case",
    'as its `FROM` (`FROM python:3.12 as builder`). It is harmless but noisy in every `docker build`.',
    '',
    'Fix: `FROM python:3.12-slim AS builder`.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const stage of dockerfile.stages) {
      const keyword = stage.from.getInstruction();
      const as = stage.from.getArguments().find((argument, index) => index > 0 && argument.getValue().toLowerCase() === 'as');
      if (!as) continue;
      const written = as.getValue();
      const upper = keyword === keyword.toUpperCase();
      const lower = keyword === keyword.toLowerCase();
      // Mixed-case keywords (`From`) have no case to match, as in BuildKit.
      const wanted = upper ? 'AS' : lower ? 'as' : null;
      if (!wanted || written === wanted) continue;
      findings.push({
        ruleId: this.id,
        message: `'${written}' should match the case of '${keyword}': write '${wanted}'`,
        range: as.getRange(),
        fixes: [{ title: `Write '${wanted}'`, preferred: true, edits: [{ range: as.getRange(), newText: wanted }] }],
      });
    }
    return findings;
  },
};
