import type { Instruction } from 'dockerfile-ast';
import { chainInstructions, rootImageOf } from '../dockerfile/commands';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { isNonRootImage, knownImageUsers } from './support/image-users';
import type { Fix, Rule } from './types';

/** The image's default user is whatever the last USER of the final stage (or a stage it builds on) says; none means root. */
export const finalStageRunsAsRoot: Rule = {
  id: 'final-stage-runs-as-root',
  defaultSeverity: 'warning',
  title: 'The final stage runs as root',
  hadolint: 'DL3002',
  doc: [
    'The image produced by the last stage has no `USER` (or its last `USER` is root), so Django and',
    'gunicorn run as root inside the container. A compromised request handler then owns the container.',
    'Unlike hadolint DL3002, a final stage with no `USER` at all is reported too: `python:*` runs as root.',
    'Base images that already run as non-root (distroless `:nonroot`, Chainguard, Docker Hardened Images) are fine.',
    '',
    'Fix: create a numeric system user in the final stage and switch to it before `CMD`:',
    '```dockerfile',
    'RUN useradd --system --uid 10001 --no-create-home app',
    'USER 10001',
    '```',
  ].join('\n'),
  check({ dockerfile }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const chain = chainInstructions(dockerfile, stage);
    const users = chain.filter((instruction) => instruction.getKeyword() === 'USER');
    const last = users[users.length - 1];
    const user = last?.getArgumentsContent()?.trim().split(':')[0];
    if (last && (user !== 'root' && user !== '0')) return [];
    if (!last && isNonRootImage(rootImageOf(dockerfile, stage))) return [];
    const at = last && stage.instructions.includes(last) ? last : stage.from;
    return [
      {
        ruleId: this.id,
        message: last
          ? 'The final stage switches back to root'
          : knownImageUsers(rootImageOf(dockerfile, stage))
            ? 'The final stage has no USER: the container runs as root'
            : `The final stage has no USER: unless ${rootImageOf(dockerfile, stage)} sets one, the container runs as root`,
        range: at.getRange(),
        fixes: [switchUserFix(dockerfile, stage, users)],
      },
    ];
  },
};

/** Switch to an existing non-root user when the chain has one, else create uid 10001 and switch to it, before CMD/ENTRYPOINT. */
function switchUserFix(model: DockerfileModel, stage: Stage, users: Instruction[]): Fix {
  const earlier = users
    .map((instruction) => instruction.getArgumentsContent()?.trim() ?? '')
    .filter((name) => name && !/^(root|0)(:|$)/.test(name))
    .pop();
  const alpine = /alpine/i.test(rootImageOf(model, stage));
  const create = alpine ? 'RUN adduser -S -u 10001 app\n' : 'RUN useradd --system --uid 10001 --no-create-home app\n';
  const text = earlier ? `USER ${earlier}\n` : `${create}USER 10001\n`;
  const process = stage.instructions.find((instruction) => ['CMD', 'ENTRYPOINT'].includes(instruction.getKeyword()));
  const lastUser = users[users.length - 1];
  // Insert before the first CMD/ENTRYPOINT that follows the last USER root; else at the end of the stage.
  const anchor = process && (!lastUser || lastUser.getRange().start.line < process.getRange().start.line) ? process : undefined;
  if (anchor) {
    const line = anchor.getRange().start.line;
    return { title: earlier ? `Switch to USER ${earlier}` : 'Run as a non-root user (uid 10001)', preferred: true, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }] };
  }
  const end = (stage.instructions[stage.instructions.length - 1] ?? stage.from).getRange().end;
  return {
    title: earlier ? `Switch to USER ${earlier}` : 'Run as a non-root user (uid 10001)',
    preferred: true,
    edits: [{ range: { start: end, end }, newText: `\n${text.replace(/\n$/, '')}` }],
  };
}
