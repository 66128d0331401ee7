/** The ids of the Django/Python workspace-aware rules (H4), for tests that look at them as a group. */
export const DJANGO_RULE_IDS: ReadonlySet<string> = new Set([
  'server-executable-missing', 'python-stage-mismatch', 'django-app-module-missing', 'django-settings-module-missing',
  'server-bind-unreachable', 'expose-port-mismatch', 'runserver-in-production', 'django-debug-baked-in', 'django-secret-baked-in',
  'django-allowed-hosts-wildcard', 'collectstatic-without-static-root', 'collectstatic-missing', 'runtime-library-missing',
  'healthcheck-tool-missing', 'server-shell-form',
]);
