/** The Django project model: what detection knows about one manage.py and its build context. */
import type { DatabaseConnection } from './database-connection';
import type { EnvRead } from './env-reads';
import type { DjangoPin } from './django-version';
import type { PythonChoice } from './python-choice';
import type { PythonPin } from './python-version';

export type DependencyManager = 'pip' | 'poetry' | 'pipenv' | 'uv' | 'pdm';
export type AppServer = 'gunicorn' | 'uvicorn' | 'daphne' | 'uwsgi';

export interface SystemPackages {
  /** Debian packages needed only to build wheels (builder stage). */
  build: string[];
  /** Debian packages the installed environment needs at run time (final stage). */
  runtime: string[];
}

export interface DjangoProject {
  /** Build context, relative to the scanned folder, forward slashes ("." for the folder itself). */
  root: string;
  /** manage.py relative to root. */
  managePy: string;
  /** Module an image should run (production-like), e.g. "config.settings.production". */
  settingsModule: string | null;
  /** All settings modules found (e.g. base, dev, production), the chosen one first. */
  settingsModules: string[];
  wsgiApplication: string | null;
  asgiApplication: string | null;
  /** Whether the project needs an ASGI server (channels/daphne installed, ASGI_APPLICATION set). */
  asgiRequired: boolean;
  /** "major.minor" or null when nothing in the project says. */
  pythonVersion: string | null;
  /** Every source that states a Python version (absent in hand-built models). */
  pythonPins?: PythonPin[];
  /** The Django the project installs, from its lock or manifests; null when it names none. */
  django?: DjangoPin | null;
  /** The Python an image should run and why (choosePython over pins and Django, at detection time). */
  pythonChoice?: PythonChoice;
  dependencyManager: DependencyManager | null;
  /** Relative to root, forward slashes. */
  dependencyFiles: string[];
  /**
   * Local folders the pip requirements install (`-e .`, `.`, `./pkg`, `--editable=./pkg`, `-e file:./pkg`, also in
   * `-r` files), relative to root ("." for root itself). Detection always sets it; absent in hand-built models.
   */
  localInstalls?: string[];
  /** Lower-cased distribution names declared by the project (normalised per PEP 503). */
  dependencies: string[];
  appServer: AppServer | null;
  staticRoot: boolean;
  /**
   * STATIC_ROOT / MEDIA_ROOT when the settings name a folder: relative to root ("src/staticfiles") for a folder
   * in the build context, or absolute for a path inside the image ("/srv/media"). Absent when unknown.
   */
  staticRootDir?: string;
  mediaRootDir?: string;
  whitenoise: boolean;
  /** e.g. ["postgresql", "mysql", "sqlite3"]. */
  databaseEngines: string[];
  celery: boolean;
  /** Celery beat has work: django_celery_beat is installed or CELERY_BEAT_SCHEDULE is set. */
  celeryBeat?: boolean;
  /** What the settings read from the environment; compose.yaml sets these names. Absent when no settings were read. */
  settingsEnv?: SettingsEnvironment;
  systemPackages: SystemPackages;
  /** GeoDjango is in use (django.contrib.gis in INSTALLED_APPS or a spatial database backend). */
  geoDjango?: boolean;
  /** Virtualenv folders inside root (relative to root), which a .dockerignore should exclude. */
  virtualenvs?: string[];
  /** Set when the project is a member of a uv workspace: root is then the workspace root. */
  uvWorkspace?: UvWorkspace;
  /** Problems met while reading the project (unreadable or broken files): the model is partial. */
  warnings: string[];
}

/** A uv workspace the project is a member of (its root is the build context). */
export interface UvWorkspace {
  /** The workspace root, relative to the scanned folder ("." for the folder itself): the project's root. */
  root: string;
  /** The Django project's member folder, relative to the workspace root ("apps/web"). */
  member: string;
  /** The member's [project] name (PEP 503-normalised), given to `uv sync --package`. */
  package: string;
  /** Every member folder, relative to the workspace root, sorted. */
  members: string[];
}

export interface DetectResult {
  projects: DjangoProject[];
  /** Problems that belong to no single project. */
  warnings: string[];
}

export interface SettingsEnvironment {
  /** Every variable read, once each (first read wins), in the order met. */
  reads: EnvRead[];
  /** The variable SECRET_KEY comes from, if any. */
  secretKey: string | null;
  /** The default database connection as the settings spell it, if they do. */
  database: DatabaseConnection | null;
}
