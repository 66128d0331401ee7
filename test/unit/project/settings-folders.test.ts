/** STATIC_ROOT and MEDIA_ROOT as folders: path expressions in settings, and what generation does with them. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { detectProjectsInFiles } from '../../../server/src/project/detect';
import { memoryProjectFiles } from '../../../server/src/project/project-files';
import type { DjangoProject } from '../../../server/src/project/types';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { renderContext } from '../../../server/src/generate/render';
import type { TemplateContext } from '../../../server/src/generate/context';

const rendered = (context: TemplateContext, file: string): string => renderContext(context).find((f) => f.path === file)?.content ?? '';
const renderDockerfile = (context: TemplateContext): string => rendered(context, 'Dockerfile');
const renderDockerignore = (context: TemplateContext): string => rendered(context, '.dockerignore');

const MANAGE = (module: string): string => `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;

async function detectWith(settingsBody: string, layout: { manageDir?: string; pkg?: string } = {}): Promise<DjangoProject> {
  const dir = layout.manageDir ? `${layout.manageDir}/` : '';
  const pkg = layout.pkg ?? 'mysite';
  const files = new Map(Object.entries({
    [`${dir}manage.py`]: MANAGE(`${pkg}.settings`),
    [`${dir}${pkg}/__init__.py`]: '',
    [`${dir}${pkg}/settings.py`]: `import os\nfrom pathlib import Path\nWSGI_APPLICATION = "${pkg}.wsgi.application"\n${settingsBody}`,
    'requirements.txt': 'Django==5.2\ngunicorn==23.0.0\n',
  }));
  const result = await detectProjectsInFiles(memoryProjectFiles(files));
  assert.equal(result.projects.length, 1);
  return result.projects[0];
}

describe('STATIC_ROOT / MEDIA_ROOT folders', () => {
  it('pathlib: BASE_DIR from Path(__file__).resolve().parent.parent, then BASE_DIR / "..."', async () => {
    const project = await detectWith('BASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / "staticfiles"\nMEDIA_ROOT = BASE_DIR / "uploads" / "media"\n');
    assert.equal(project.staticRootDir, 'staticfiles');
    assert.equal(project.mediaRootDir, 'uploads/media');
  });

  it('parents[n], str(...), os.path.join/dirname/abspath and an env default', async () => {
    const project = await detectWith([
      'BASE_DIR = Path(__file__).resolve().parents[1]',
      'STATIC_ROOT = str(BASE_DIR.joinpath("collected"))',
      'ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))',
      'MEDIA_ROOT = os.environ.get("MEDIA_ROOT", os.path.join(ROOT, "media", "files"))',
      '',
    ].join('\n'));
    assert.equal(project.staticRootDir, 'collected');
    assert.equal(project.mediaRootDir, 'media/files');
  });

  it('nested layouts: folders are relative to the build context', async () => {
    const project = await detectWith('BASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n', { manageDir: 'src' });
    assert.equal(project.root, '.');
    assert.equal(project.staticRootDir, 'src/staticfiles');
    assert.equal(project.mediaRootDir, undefined);
  });

  it('absolute strings are image paths; unknown or escaping values are left out', async () => {
    const absolute = await detectWith('STATIC_ROOT = "/srv/static"\nMEDIA_ROOT = "/srv/media"\n');
    assert.equal(absolute.staticRootDir, '/srv/static');
    assert.equal(absolute.mediaRootDir, '/srv/media');
    const unknown = await detectWith('STATIC_ROOT = os.environ["STATIC_ROOT"]\nMEDIA_ROOT = Path(__file__).parents[5] / "m"\n');
    assert.equal(unknown.staticRoot, true);
    assert.equal(unknown.staticRootDir, undefined);
    assert.equal(unknown.mediaRootDir, undefined);
    const relativeString = await detectWith('MEDIA_ROOT = "media"\n');
    assert.equal(relativeString.mediaRootDir, undefined, 'a relative string depends on the working directory at run time');
  });

  it('.dockerignore excludes nested STATIC_ROOT and MEDIA_ROOT; the Dockerfile makes MEDIA_ROOT writable for the app user', async () => {
    const project = await detectWith('BASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / "staticfiles"\nMEDIA_ROOT = BASE_DIR / "var" / "media"\n', { manageDir: 'src' });
    const context = buildTemplateContext(project, {});
    const ignore = renderDockerignore(context).split('\n');
    assert.ok(ignore.includes('src/staticfiles'), ignore.join('\n'));
    assert.ok(ignore.includes('src/var/media'));
    assert.equal(context.mediaRoot, '/app/src/var/media');
    const dockerfile = renderDockerfile(context);
    const chown = dockerfile.indexOf(`RUN mkdir -p /app/src/var/media && chown ${context.userId}:${context.userId} /app/src/var/media`);
    assert.ok(chown > dockerfile.indexOf('COPY . .') && chown < dockerfile.indexOf('USER '), dockerfile);
  });

  it('no MEDIA_ROOT, or one that is the app folder itself: nothing is chowned', async () => {
    const none = buildTemplateContext(await detectWith('STATIC_ROOT = "/s"\n'), {});
    assert.equal(none.mediaRoot, null);
    assert.ok(!renderDockerfile(none).includes('chown'));
    const appDir = buildTemplateContext(await detectWith('MEDIA_ROOT = Path(__file__).resolve().parent.parent\n'), {});
    assert.equal(appDir.mediaRoot, null);
  });
});

describe('servers declared through extras', () => {
  it('channels[daphne] declares daphne: the image serves with daphne and installs nothing outside the lock', async () => {
    const files = new Map(Object.entries({
      'manage.py': MANAGE('chat.settings'),
      'chat/__init__.py': '',
      'chat/settings.py': 'INSTALLED_APPS = ["daphne", "channels", "django.contrib.staticfiles"]\nASGI_APPLICATION = "chat.asgi.application"\nWSGI_APPLICATION = "chat.wsgi.application"\n',
      'requirements.txt': 'Django==5.2\nchannels[daphne]==4.2.0\n',
    }));
    const [project] = (await detectProjectsInFiles(memoryProjectFiles(files))).projects;
    assert.ok(project.dependencies.includes('daphne'), project.dependencies.join(', '));
    assert.equal(project.appServer, 'daphne');
    const context = buildTemplateContext(project, {});
    assert.equal(context.server.kind, 'daphne');
    assert.deepEqual(context.extraPackages, []);
    assert.ok(!context.warnings.some((w) => /uvicorn/.test(w)), context.warnings.join('\n'));
  });

  it('negative: plain channels (no extra) declares no server', async () => {
    const files = new Map(Object.entries({
      'manage.py': MANAGE('chat.settings'), 'chat/__init__.py': '',
      'chat/settings.py': 'ASGI_APPLICATION = "chat.asgi.application"\n', 'requirements.txt': 'Django==5.2\nchannels==4.2.0\n',
    }));
    const [project] = (await detectProjectsInFiles(memoryProjectFiles(files))).projects;
    assert.ok(!project.dependencies.includes('daphne'));
    assert.equal(project.appServer, null);
  });
});
