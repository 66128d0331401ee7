/** Hand-built project models for generator tests (the generator is tested apart from detection). */
import type { DjangoProject } from '../../../server/src/project/types';

export function project(overrides: Partial<DjangoProject> = {}): DjangoProject {
  return {
    root: '.',
    managePy: 'manage.py',
    settingsModule: 'mysite.settings',
    settingsModules: ['mysite.settings'],
    wsgiApplication: 'mysite.wsgi:application',
    asgiApplication: null,
    asgiRequired: false,
    pythonVersion: '3.12',
    dependencyManager: 'pip',
    dependencyFiles: ['requirements.txt'],
    dependencies: ['django', 'gunicorn'],
    appServer: 'gunicorn',
    staticRoot: false,
    whitenoise: false,
    databaseEngines: ['sqlite3'],
    celery: false,
    systemPackages: { build: [], runtime: [] },
    warnings: [],
    ...overrides,
  };
}

/** examples/mysite as detection describes it: split settings, whitenoise, STATIC_ROOT, pip. */
export const MYSITE: DjangoProject = project({
  settingsModule: 'config.settings.production',
  settingsModules: ['config.settings.production', 'config.settings.base', 'config.settings.dev'],
  wsgiApplication: 'config.wsgi:application',
  pythonVersion: '3.11',
  dependencies: ['django', 'asgiref', 'sqlparse', 'pytz', 'gunicorn', 'whitenoise'],
  staticRoot: true,
  whitenoise: true,
});
