/** The .dockerignore entries for a project: secrets, local state, virtualenvs and caches stay out of the context. */
import type { DjangoProject } from '../project/types';

const ALWAYS = [
  '# Version control and editors',
  '.git',
  '.idea',
  '.vscode',
  '# Secrets and local settings',
  '**/.env',
  '**/.env.*',
  // Credential files people keep in a project folder by accident (AWS keys, SSH keys, index and registry tokens).
  '**/.aws',
  '**/.ssh',
  '**/.docker',
  '**/.netrc',
  '**/.pypirc',
  '# Local state: databases, uploads, collected static files (rebuilt in the image)',
  '**/*.sqlite3',
  '**/*.sqlite3-journal',
  'media',
  'staticfiles',
  '# Virtualenvs, caches and build output',
  '**/.venv',
  '**/venv',
  '**/__pycache__',
  '**/*.py[cod]',
  '**/.pytest_cache',
  '**/.mypy_cache',
  '**/.ruff_cache',
  '.tox',
  '.nox',
  '.coverage',
  'htmlcov',
  '**/*.egg-info',
  '**/node_modules',
  '**/*.log',
  '# Container files themselves',
  'Dockerfile*',
  '.dockerignore',
  'compose*.yaml',
  'compose*.yml',
  'docker-compose*.yaml',
  'docker-compose*.yml',
];

export function dockerignoreEntries(project: DjangoProject, ignoreDirs: string[]): string[] {
  // Collected static files and local uploads, wherever the settings put them (e.g. src/staticfiles).
  const settingsFolders = [project.staticRootDir, project.mediaRootDir].filter((dir): dir is string => !!dir && !dir.startsWith('/'));
  const found = [...new Set([...(project.virtualenvs ?? []), ...settingsFolders, ...ignoreDirs].map((dir) => dir.replace(/\\/g, '/').replace(/^\.\/|\/+$/g, '')))]
    .filter((dir) => dir && dir !== '.' && !dir.startsWith('../') && !ALWAYS.includes(dir) && !ALWAYS.includes(`**/${dir}`))
    .sort();
  // Never ignore what the build needs: the dependency files, the local folders they install and manage.py's folder.
  const needed = new Set([...project.dependencyFiles, ...(project.localInstalls ?? []).filter((dir) => dir !== '.'), project.managePy]);
  const safe = found.filter((dir) => ![...needed].some((file) => file === dir || file.startsWith(`${dir}/`)));
  return safe.length ? [...ALWAYS, '# Found in this project', ...safe] : ALWAYS;
}
