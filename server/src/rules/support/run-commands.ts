/**
 * The simple commands a RUN executes, as word lists, for hygiene rules (apt, pip): shell form split at
 * operators, heredoc bodies split per line, leading `VAR=value` assignments and `sudo` set aside.
 * Also the RUN's `--mount` options, so cache/tmpfs mounts can count as cleanup.
 */
import type { Flag, Instruction } from 'dockerfile-ast';
import { commandOf, segmentsOf, stageChain, type Word } from '../../dockerfile/commands';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { KeyedCache } from './memoize';

export interface SimpleCommand {
  /** Program and its arguments (assignments and sudo removed). */
  words: Word[];
  /** `NAME=value` assignments written before the program. */
  assignments: Map<string, string>;
}

export interface RunMount {
  type: string;
  target: string;
}

const commandsOf = new KeyedCache<Instruction, SimpleCommand[]>();

/** Cached per instruction: the apt, pip and user rules all read the same RUNs. */
export function simpleCommands(model: DockerfileModel, instruction: Instruction): SimpleCommand[] {
  let commands = commandsOf.get(instruction);
  if (!commands) {
    commands = scanCommands(model, instruction);
    commandsOf.set(instruction, commands);
  }
  return commands;
}

/** The instruction's source text (cheap: no argument scan), for pre-filtering before simpleCommands. */
export function instructionText(instruction: Instruction): string {
  return instruction.getTextContent();
}

function scanCommands(model: DockerfileModel, instruction: Instruction): SimpleCommand[] {
  const command = commandOf(model, instruction);
  if (!command) return [];
  let segments = segmentsOf(command.words);
  if (command.form === 'shell' && /^<<-?["']?[A-Za-z_]/.test(command.words[0]?.value ?? '')) segments = heredocLines(command.words);
  const result: SimpleCommand[] = [];
  for (const segment of segments) {
    const assignments = new Map<string, string>();
    let index = 0;
    for (; index < segment.length; index++) {
      const word = segment[index].value;
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
      if (assignment) assignments.set(assignment[1], assignment[2]);
      else if (word !== 'sudo' && word !== 'env') break;
    }
    if (index < segment.length) result.push({ words: segment.slice(index), assignments });
  }
  return result;
}

/** A heredoc body is a script: one command per line (`<<EOF` and the terminator dropped). */
function heredocLines(words: readonly Word[]): Word[][] {
  const delimiter = words[0].value.replace(/^<<-?["']?/, '').replace(/["']$/, '');
  const lines: Word[][] = [];
  let lastLine = -1;
  for (const word of words.slice(1)) {
    if (word.value === delimiter) continue;
    if (word.operator) {
      lastLine = -1;
      continue;
    }
    if (word.range.start.line !== lastLine || lines.length === 0) lines.push([]);
    lines[lines.length - 1].push(word);
    lastLine = word.range.end.line;
  }
  return lines.filter((line) => line.length > 0);
}

export function runMounts(instruction: Instruction): RunMount[] {
  if (instruction.getKeyword() !== 'RUN') return [];
  const flags = (instruction as unknown as { getFlags(): Flag[] }).getFlags();
  const mounts: RunMount[] = [];
  for (const flag of flags) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    const options = new Map<string, string>();
    for (const part of (flag.getValue() ?? '').split(',')) {
      const [key, ...value] = part.split('=');
      options.set(key.trim().toLowerCase(), value.join('=').trim());
    }
    mounts.push({ type: options.get('type') ?? 'bind', target: options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '' });
  }
  return mounts;
}

/** `apt-get`/`apt` commands with their subcommand (first non-option argument). */
export function aptSubcommand(command: SimpleCommand): string | null {
  const program = command.words[0]?.value.split('/').pop();
  if (program !== 'apt-get' && program !== 'apt') return null;
  return command.words.slice(1).find((word) => !word.value.startsWith('-'))?.value ?? null;
}

/** Whether the RUN mounts a cache or tmpfs on `target` (what it writes there never reaches the layer). */
export function mountsScratch(instruction: Instruction, target: RegExp): boolean {
  return runMounts(instruction).some((mount) => (mount.type === 'cache' || mount.type === 'tmpfs') && target.test(mount.target));
}

/**
 * The RUNs that ship: those of the final stage and the stages it is built FROM, whose text mentions `needle`
 * (a cheap filter before command parsing), with their simple commands. A builder stage may keep its caches.
 */
export function* shippedRuns(model: DockerfileModel, needle: string): Generator<{ stage: Stage; instruction: Instruction; commands: SimpleCommand[] }> {
  if (!model.finalStage) return;
  for (const stage of stageChain(model, model.finalStage)) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN' || !instructionText(instruction).includes(needle)) continue;
      yield { stage, instruction, commands: simpleCommands(model, instruction) };
    }
  }
}
