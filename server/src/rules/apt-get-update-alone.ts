import { aptSubcommand, instructionText, simpleCommands, type SimpleCommand } from './support/run-commands';
import type { Finding, Rule } from './types';

/** An apt-get/apt command whose subcommand installs (text form of INSTALLS, for the fast path). */
const INSTALL_TEXT = /\bapt(?:-get)?\b(?:[ \t]+-[^\s]+)*[ \t]+(?:install|upgrade|dist-upgrade|full-upgrade|build-dep|source|satisfy|reinstall)\b/;
const INSTALLS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'satisfy', 'reinstall']);

/** `RUN apt-get update` that installs nothing: a layer of package lists and nothing else (the seed's useless layer). */
export const aptGetUpdateAlone: Rule = {
  id: 'apt-get-update-alone',
  defaultSeverity: 'warning',
  title: '`apt-get update` in a RUN that installs nothing',
  doc: [
    '`apt-get update` only downloads package lists. In a RUN that installs nothing, it either adds ~20 MB of',
    'lists to the image, or (when the same RUN deletes them again) does nothing at all but slow the build.',
    'A later `RUN apt-get install` reuses a cached, stale update layer, so Docker recommends always combining',
    'the two in one RUN.',
    '',
    'Fix: `RUN apt-get update && apt-get install -y --no-install-recommends <pkgs> && rm -rf /var/lib/apt/lists/*`,',
    'or delete the RUN when it only updates and cleans.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'RUN') continue;
        // Cheap text test first: most RUNs either never mention `update` or clearly install in the same RUN.
        const text = instructionText(instruction);
        if (!/\bupdate\b/.test(text) || INSTALL_TEXT.test(text)) continue;
        const commands = simpleCommands(dockerfile, instruction);
        const update = commands.find((command) => aptSubcommand(command) === 'update');
        if (!update || commands.some((command) => INSTALLS.has(aptSubcommand(command) ?? ''))) continue;
        const finding: Finding = {
          ruleId: this.id,
          message: 'apt-get update without an install in the same RUN: the layer only holds (or deletes) package lists',
          range: { start: update.words[0].range.start, end: update.words[update.words.length - 1].range.end },
        };
        if (commands.every(isAptHousekeeping)) {
          const range = instruction.getRange();
          finding.fixes = [
            {
              title: 'Remove this RUN (it only updates and cleans package lists)',
              preferred: true,
              edits: [{ range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' }],
            },
          ];
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};

/** Commands that only refresh or clean apt state or temp files: a RUN of nothing else changes nothing useful. */
function isAptHousekeeping(command: SimpleCommand): boolean {
  const sub = aptSubcommand(command);
  if (sub) return ['update', 'clean', 'autoclean', 'dist-clean', 'autoremove'].includes(sub);
  const [program, ...args] = command.words.map((word) => word.value);
  if (program !== 'rm') return false;
  const paths = args.filter((arg) => !arg.startsWith('-'));
  return paths.length > 0 && paths.every((path) => /^\/(var\/lib\/apt\/lists|var\/cache\/apt|tmp|var\/tmp)(\/|$)/.test(path));
}
