import type { Rule } from './types';

/** The image's default user is whatever the last USER of the final stage says; none means root. */
export const finalStageRunsAsRoot: Rule = {
  id: 'final-stage-runs-as-root',
  defaultSeverity: 'warning',
  title: 'The final stage runs as root',
  hadolint: 'DL3002',
  doc: [
    'The image produced by the last stage has no `USER` (or its last `USER` is root), so Django and',
    'gunicorn run as root inside the container. A compromised request handler then owns the container.',
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
    const users = stage.instructions.filter((instruction) => instruction.getKeyword() === 'USER');
    const last = users[users.length - 1];
    const user = last?.getArgumentsContent()?.trim().split(':')[0];
    if (last && user !== 'root' && user !== '0') return [];
    const at = last ?? stage.from;
    return [
      {
        ruleId: this.id,
        message: last ? 'The final stage switches back to root' : 'The final stage has no USER: the container runs as root',
        range: at.getRange(),
      },
    ];
  },
};
