import { appendStaticRootFix, collectstaticUses } from './support/collectstatic';
import type { Rule } from './types';

export const collectstaticWithoutStaticRoot: Rule = {
  id: 'collectstatic-without-static-root',
  defaultSeverity: 'error',
  title: 'collectstatic runs but the settings define no STATIC_ROOT',
  doc: [
    '`manage.py collectstatic` copies static files into `STATIC_ROOT`. Without it Django stops with',
    '`ImproperlyConfigured: You\'re using the staticfiles app without having set the STATIC_ROOT setting`, so the',
    'build (or the container start) fails.',
    '',
    'Fix: set `STATIC_ROOT = BASE_DIR / "staticfiles"` in the settings (the quick fix appends it to the settings module).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const project = workspace?.project;
    if (!workspace || !project || project.staticRoot) return [];
    const fix = appendStaticRootFix(workspace);
    return collectstaticUses(dockerfile).map((use) => ({
      ruleId: this.id,
      message: `collectstatic needs STATIC_ROOT, but the project's settings (${project.settingsModule ?? 'not found'}) do not set it`,
      range: use.range,
      fixes: fix ? [fix] : [],
    }));
  },
};
