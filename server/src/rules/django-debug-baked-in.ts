import { finalImageEnv, finalStageIsDevelopment } from './support/final-env';
import type { Rule } from './types';

const TRUTHY = /^(1|true|yes|on|y|t)$/i;
const FALSE_OF: Readonly<Record<string, string>> = { '1': '0', true: 'false', yes: 'no', on: 'off', y: 'n', t: 'f' };

export const djangoDebugBakedIn: Rule = {
  id: 'django-debug-baked-in',
  defaultSeverity: 'error',
  title: 'DEBUG is switched on in the image',
  doc: [
    '`ENV DEBUG=True` (or `DJANGO_DEBUG=1`) in the final image turns on Django\'s debug mode wherever the image runs:',
    'tracebacks with settings and environment values are shown to any visitor. Django\'s deployment checklist:',
    '"You must never enable debug in production."',
    '',
    'Fix: leave DEBUG off in the image and switch it on per environment (compose file, ECS task definition).',
    'Stages named `dev`, `local`, `test`… are left alone.',
  ].join('\n'),
  check({ dockerfile }) {
    if (finalStageIsDevelopment(dockerfile)) return [];
    return finalImageEnv(dockerfile, /^(DJANGO_)?DEBUG$/i)
      .filter((entry) => TRUTHY.test(entry.raw.trim()))
      .map((entry) => {
        const value = entry.raw.trim();
        const off = FALSE_OF[value.toLowerCase()] ?? 'False';
        const written = value === value.toUpperCase() && value !== '1' ? off.toUpperCase() : /^[A-Z]/.test(value) ? off[0].toUpperCase() + off.slice(1) : off;
        return {
          ruleId: this.id,
          message: `${entry.name}=${value} is baked into the image: Django's debug pages leak settings and code to every visitor`,
          range: entry.range,
          fixes: [{ title: `Set ${entry.name}=${written}`, preferred: true, edits: [{ range: entry.valueRange!, newText: written }] }],
        };
      });
  },
};
