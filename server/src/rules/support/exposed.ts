/** EXPOSE ports of a stage chain, with the ARG/ENV references they use expanded where known. */
import type { Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { chainInstructions, envAt, expandVariables } from '../../dockerfile/commands';
import type { DockerfileModel, Stage } from '../../dockerfile/model';

export interface ExposedPort {
  /** Port (or range) as a string; may still contain `$` when unresolved. */
  port: string;
  protocol: string;
  instruction: Instruction;
  range: Range;
}

export function exposedPorts(model: DockerfileModel, stage: Stage): ExposedPort[] {
  const ports: ExposedPort[] = [];
  for (const instruction of chainInstructions(model, stage)) {
    if (instruction.getKeyword() !== 'EXPOSE') continue;
    const env = envAt(model, stage, instruction);
    const known = new Map([...env].map(([name, entry]) => [name, entry.value]));
    for (const argument of instruction.getArguments()) {
      const [port, protocol = 'tcp'] = expandVariables(argument.getValue(), known).split('/');
      ports.push({ port, protocol: protocol.toLowerCase(), instruction, range: argument.getRange() });
    }
  }
  return ports;
}
