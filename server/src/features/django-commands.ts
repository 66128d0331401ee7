/** `manage.py` subcommands worth completing in a Dockerfile (data, not code). */
export interface ManageCommand {
  name: string;
  doc: string;
}

export const MANAGE_COMMANDS: readonly ManageCommand[] = [
  { name: 'collectstatic --noinput', doc: 'Copy static files into STATIC_ROOT (build time, needs STATIC_ROOT).' },
  { name: 'migrate --noinput', doc: 'Apply database migrations (a release step, not the image build).' },
  { name: 'check --deploy', doc: 'Run the deployment checklist against the production settings.' },
  { name: 'compilemessages', doc: 'Compile .po translation files to .mo (needs gettext).' },
  { name: 'createcachetable', doc: 'Create the tables of the database cache backend.' },
  { name: 'showmigrations', doc: 'List migrations and whether they are applied.' },
  { name: 'makemigrations --check --dry-run', doc: 'Fail when models changed without a migration.' },
  { name: 'shell', doc: 'Interactive Python shell with Django loaded.' },
  { name: 'createsuperuser --noinput', doc: 'Create an admin user from DJANGO_SUPERUSER_* variables.' },
  { name: 'runserver', doc: 'Development server only: never the production command.' },
  { name: 'test', doc: 'Run the test suite.' },
];
