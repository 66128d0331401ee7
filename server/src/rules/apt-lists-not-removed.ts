import { aptSubcommand, mountsScratch, shippedRuns } from './support/run-commands';
import type { Finding, Rule } from './types';

/** hadolint DL3009, trixie-aware: apt lists installed into the final image and never removed. */
export const aptListsNotRemoved: Rule = {
  id: 'apt-lists-not-removed',
  defaultSeverity: 'info',
  title: 'apt package lists left in the final image',
  hadolint: 'DL3009',
  doc: [
    '`apt-get update` downloads package lists to `/var/lib/apt/lists` (tens of MB). Unless the same RUN removes',
    'them, they stay in the image layer forever, and go stale immediately.',
    '',
    'Accepted cleanups: `rm -rf /var/lib/apt/lists/*` in the same RUN, `apt-get dist-clean` (APT 2.7.8+, what the',
    'official trixie images use), or a `--mount=type=cache` / `tmpfs` on `/var/lib/apt/lists` (or `/var/lib/apt`).',
    'Only stages that end up in the final image are checked: a builder stage may keep its lists.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const { instruction, commands } of shippedRuns(dockerfile, 'apt')) {
      const install = commands.find((command) => aptSubcommand(command) === 'install');
      if (!install) continue;
      const cleaned =
        commands.some((command) => aptSubcommand(command) === 'dist-clean' || removesAptLists(command.words.map((word) => word.value))) ||
        mountsScratch(instruction, /^\/var\/lib\/apt(\/lists)?\/?$/);
      if (cleaned) continue;
      const finding: Finding = {
        ruleId: this.id,
        message: 'apt lists from this install stay in the image: add `&& rm -rf /var/lib/apt/lists/*` to the same RUN',
        range: { start: install.words[0].range.start, end: install.words[install.words.length - 1].range.end },
      };
      const last = commands[commands.length - 1]?.words.at(-1);
      const heredoc = /^<</.test(instruction.getArgumentsContent()?.trim() ?? '');
      if (last && !heredoc) {
        finding.fixes = [
          {
            title: 'Remove the apt lists in the same RUN',
            preferred: true,
            edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ' \\\n    && rm -rf /var/lib/apt/lists/*' }],
          },
        ];
      }
      findings.push(finding);
    }
    return findings;
  },
};

function removesAptLists(words: string[]): boolean {
  return words[0] === 'rm' && words.slice(1).some((word) => /^\/var\/lib\/apt\/lists(\/\*?)?$|^\/var\/lib\/apt\/?$/.test(word));
}
