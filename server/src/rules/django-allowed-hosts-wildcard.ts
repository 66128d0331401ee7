import { finalImageEnv, finalStageIsDevelopment } from './support/final-env';
import type { Rule } from './types';

export const djangoAllowedHostsWildcard: Rule = {
  id: 'django-allowed-hosts-wildcard',
  defaultSeverity: 'warning',
  title: 'ALLOWED_HOSTS=* is baked into the image',
  doc: [
    'A wildcard `ALLOWED_HOSTS` turns off Django\'s Host header validation, which protects against cache poisoning',
    'and poisoned password-reset links. Baked into the image, it applies in every environment.',
    '',
    'Fix: set the real host names per environment (e.g. the load balancer\'s and the domain) at deploy time.',
  ].join('\n'),
  check({ dockerfile }) {
    if (finalStageIsDevelopment(dockerfile)) return [];
    return finalImageEnv(dockerfile, /(^|_)ALLOWED_HOSTS$/i)
      .filter((entry) => entry.raw.split(/[,\s]+/).includes('*'))
      .map((entry) => ({
        ruleId: this.id,
        message: `${entry.name}=${entry.raw} accepts any Host header in every environment the image runs in`,
        range: entry.range,
      }));
  },
};
