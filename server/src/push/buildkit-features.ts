/** Dockerfile features only BuildKit understands, so a push on the classic builder can fail early and say why. */
import type { Instruction } from 'dockerfile-ast';
import { parseDockerfile } from '../dockerfile/model';

const BUILDKIT_FLAGS: Record<string, string[]> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'parents', 'exclude'],
  ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude'],
};

function withFlags(instruction: Instruction): { getFlags(): Array<{ getName(): string }> } | undefined {
  const candidate = instruction as unknown as { getFlags?: () => Array<{ getName(): string }> };
  return typeof candidate.getFlags === 'function' ? (candidate as { getFlags(): Array<{ getName(): string }> }) : undefined;
}

/** Human descriptions (`line 4: RUN --mount`) of BuildKit-only features in a Dockerfile. */
export function buildKitOnlyFeatures(text: string): string[] {
  const found: string[] = [];
  const model = parseDockerfile(text);
  for (const instruction of model.ast.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    for (const flag of withFlags(instruction)?.getFlags() ?? []) {
      if (BUILDKIT_FLAGS[keyword]?.includes(flag.getName())) found.push(`line ${line}: ${keyword} --${flag.getName()}`);
    }
    if (/^(RUN|COPY|ADD)$/.test(keyword) && /<<-?["']?[A-Za-z_]\w*["']?/.test(instruction.getTextContent().split('\n')[0])) {
      found.push(`line ${line}: ${keyword} with a heredoc`);
    }
  }
  return found;
}
