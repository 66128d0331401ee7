import type { Flag, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { chainInstructions, hasVariable, rootImageOf } from '../dockerfile/commands';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { knownImageUsers } from './support/image-users';
import { instructionText, simpleCommands } from './support/run-commands';
import type { Finding, Rule } from './types';

/** Options of useradd/adduser (shadow, Debian adduser, busybox) that take a separate value. */
const VALUE_OPTIONS = new Set([
  '-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home', '--home-dir', '-s', '--shell', '-c', '--comment', '--gecos',
  '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix',
  '-Z', '--selinux-user', '-h', '--ingroup', '--firstuid', '--lastuid', '--conf',
]);

/** `COPY --chown=app` / `USER app` where `app` is never created in the stage and its base image has no such user. */
export const userNotCreated: Rule = {
  id: 'user-not-created',
  defaultSeverity: 'error',
  title: 'USER or --chown names a user that does not exist',
  doc: [
    'Docker resolves `USER app` and `COPY --chown=app:app` against the stage\'s own `/etc/passwd`. If no earlier',
    '`RUN useradd`/`adduser` in the stage (or a stage it builds on) created `app` and the base image does not',
    'ship it, the build fails (`unable to find user app`) or the container cannot start. A user created in a',
    '*builder* stage does not exist in the final one.',
    '',
    'Fix: create the user in this stage before using it (`RUN useradd --system --uid 10001 --no-create-home app`),',
    'or use numeric ids (`USER 10001`, `--chown=10001:10001`), which need no passwd entry.',
    'Only images whose users we know (python, debian, ubuntu, alpine, distroless) are checked.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const stage of dockerfile.stages) {
      const baseUsers = knownImageUsers(rootImageOf(dockerfile, stage));
      if (!baseUsers) continue;
      const created = new Set<string>();
      const reported = new Set<string>();
      const chain = chainInstructions(dockerfile, stage);
      for (const instruction of chain) {
        const keyword = instruction.getKeyword();
        if (keyword === 'RUN' && /useradd|adduser/.test(instructionText(instruction))) for (const name of createdUsers(dockerfile, instruction)) created.add(name);
        if (!stage.instructions.includes(instruction)) continue;
        const reference = userReference(instruction);
        if (!reference) continue;
        const { user, range } = reference;
        if (/^\d+$/.test(user) || hasVariable(user) || baseUsers.has(user) || created.has(user) || reported.has(user)) continue;
        reported.add(user);
        findings.push({
          ruleId: this.id,
          message: `User '${user}' is never created in this stage and ${rootImageOf(dockerfile, stage)} has no such user: the build fails with "unable to find user ${user}"`,
          range,
          fixes: [createUserFix(dockerfile, stage, instruction, user)],
        });
      }
    }
    return findings;
  },
};

/** The user part of `USER name[:group]` or `--chown=name[:group]`, with its range. */
function userReference(instruction: Instruction): { user: string; range: Range } | null {
  const keyword = instruction.getKeyword();
  if (keyword === 'USER') {
    const argument = instruction.getArguments()[0];
    if (!argument) return null;
    return { user: argument.getValue().split(':')[0], range: argument.getRange() };
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
    const chown = (instruction as unknown as { getFlags(): Flag[] }).getFlags().find((flag) => flag.getName().toLowerCase() === 'chown');
    const value = chown?.getValue();
    const range = chown?.getValueRange();
    if (!value || !range) return null;
    return { user: value.split(':')[0], range };
  }
  return null;
}

/** Names created by `useradd`/`adduser` commands of a RUN. */
function createdUsers(model: DockerfileModel, instruction: Instruction): string[] {
  const names: string[] = [];
  for (const command of simpleCommands(model, instruction)) {
    const words = command.words.map((word) => word.value);
    const program = words[0]?.split('/').pop();
    if (program !== 'useradd' && program !== 'adduser') continue;
    let name: string | undefined;
    for (let i = 1; i < words.length; i++) {
      if (words[i].startsWith('-')) {
        if (VALUE_OPTIONS.has(words[i])) i++;
        continue;
      }
      // Debian `adduser user group` adds to a group: the first positional is the user.
      name ??= words[i];
    }
    if (name) names.push(name);
  }
  return names;
}

function createUserFix(model: DockerfileModel, stage: Stage, before: Instruction, user: string) {
  const alpine = /alpine/i.test(rootImageOf(model, stage));
  const command = alpine
    ? `RUN addgroup -S ${user} && adduser -S -G ${user} -u 10001 ${user}`
    : `RUN useradd --system --uid 10001 --user-group --no-create-home ${user}`;
  const line = before.getRange().start.line;
  return {
    title: `Create user '${user}' before this instruction`,
    preferred: true,
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${command}\n` }],
  };
}
