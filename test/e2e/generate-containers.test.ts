/**
 * The generator end to end on real docker: `django-container generate` on a temp copy of a project, then
 * `docker build` (BuildKit and the legacy builder) against the offline wheel index and the local base image,
 * then run: HTTP 200 from the app, a static file served, the server not root, the image's HEALTHCHECK passing,
 * `manage.py check --deploy` without errors (its warnings reported), no index URL or secret in the final image, and
 * `docker stop` well under 5 s (gunicorn is PID 1).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as docker from '../support/docker';
import { baseImage, exampleDir, loadTestbed, repoRoot, tempCopy } from '../support/testbed';

interface Case {
  name: string;
  source: string;
  buildkit: boolean;
  /** Run-time environment besides PORT. */
  env?: Record<string, string>;
  /** What the generated CMD must contain. */
  cmd: RegExp;
  home: RegExp;
  staticFile?: { path: string; body: RegExp };
  /** What PID 1's command line shows (the server itself, not a shell). Default: gunicorn. */
  pid1?: RegExp;
  /** MEDIA_ROOT inside the image: the app user must be able to write there. */
  mediaRoot?: string;
  /** Files that must not reach the image (kept out by .dockerignore). */
  absent?: string[];
  /** Adjusts the temp copy before generating (a variant of a fixture). */
  prepare?: (dir: string) => void;
  /** Build arguments besides the index ones. */
  buildArgs?: Record<string, string>;
  /** A distribution the requirements install from a local folder: it must be in the venv as a regular (non-editable) install. */
  localDistribution?: string;
  /** The dependency manager the builder ran: neither its command nor its module nor /opt/tools reaches the image. */
  tool?: string;
}

/** startproject whose requirements install the project itself (`-e .`), a setuptools pyproject.toml declaring it. */
function installsItself(dir: string): void {
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), [
    '[build-system]',
    'requires = ["setuptools>=61", "wheel"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    'name = "startsite"',
    'version = "0.1.0"',
    '',
    '[tool.setuptools]',
    'packages = ["mysite"]',
    '',
  ].join('\n'));
  fs.appendFileSync(path.join(dir, 'requirements.txt'), '-e .\n');
}

const APPS = () => path.join(repoRoot(), 'test', 'fixtures', 'golden', 'e2e-apps');
/** prepare() for a manager variant of startproject: its requirements.txt gives way to the manager's files. */
const managerFiles = (manager: string) => (dir: string) => {
  fs.rmSync(path.join(dir, 'requirements.txt'));
  const files = path.join(APPS(), 'lockfiles', manager);
  for (const file of fs.readdirSync(files)) fs.copyFileSync(path.join(files, file), path.join(dir, file));
};
// A run-time secret for production settings; it reaches the container through the client's environment only.
const RUNTIME_SECRET = 'e2e-runtime-secret-value-7d1f';

const CASES: Case[] = [
  {
    name: 'mysite (split settings, whitenoise, STATIC_ROOT), BuildKit',
    source: exampleDir('mysite'),
    buildkit: true,
    env: { DJANGO_SECRET_KEY: RUNTIME_SECRET },
    cmd: /CMD \["gunicorn", "config\.wsgi:application"/,
    home: /Running as uid 10001\./,
    staticFile: { path: '/static/css/site.css', body: /font-family/ },
  },
  {
    name: 'mysite, legacy builder (plain variant)',
    source: exampleDir('mysite'),
    buildkit: false,
    env: { DJANGO_SECRET_KEY: RUNTIME_SECRET },
    cmd: /CMD \["gunicorn", "config\.wsgi:application"/,
    home: /Running as uid 10001\./,
    staticFile: { path: '/static/css/site.css', body: /font-family/ },
  },
  {
    name: 'plain startproject (no STATIC_ROOT, DEBUG on), BuildKit',
    source: path.join(APPS(), 'startproject'),
    buildkit: true,
    cmd: /CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
  },
  {
    name: 'startproject without gunicorn in its requirements: the builder installs the pinned server (version given as build arg), legacy builder',
    source: path.join(APPS(), 'startproject'),
    buildkit: false,
    prepare: (dir) => {
      const requirements = path.join(dir, 'requirements.txt');
      fs.writeFileSync(requirements, fs.readFileSync(requirements, 'utf8').replace(/^gunicorn==.*\n/m, ''));
    },
    // The offline index has gunicorn 20.1.0 only; the generated ARG GUNICORN_VERSION takes it.
    buildArgs: { GUNICORN_VERSION: '20.1.0' },
    cmd: /ARG GUNICORN_VERSION=[\d.]+\nRUN pip install --no-cache-dir "gunicorn==\$\{GUNICORN_VERSION\}"[\s\S]*CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
  },
  ...[true, false].map((buildkit): Case => ({
    name: `startproject whose requirements.txt has -e . (the context is copied before the install, a regular install), ${buildkit ? 'BuildKit' : 'legacy builder'}`,
    source: path.join(APPS(), 'startproject'),
    buildkit,
    prepare: installsItself,
    cmd: /COPY \. \.\/\nRUN (--mount=\S+ )?sed -i -E '[^']+' requirements\.txt \\\n    && pip install( --no-cache-dir)? -r requirements\.txt\n[\s\S]*CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
    localDistribution: 'startsite',
  })),
  {
    name: 'WSGI startproject that declares uvicorn and no WSGI server: served by the declared uvicorn on asgi.py (nothing installed outside the requirements), BuildKit',
    source: path.join(APPS(), 'startproject'),
    buildkit: true,
    prepare: (dir) => {
      // Every package named: the offline index has no dependency metadata.
      const requirements = path.join(dir, 'requirements.txt');
      fs.writeFileSync(requirements, fs.readFileSync(requirements, 'utf8').replace(/^gunicorn==.*\n/m, 'uvicorn==0.17.6\nh11==0.14.0\nclick==8.1.3\ntyping_extensions==4.4.0\n'));
    },
    cmd: /^(?![\s\S]*(?:GUNICORN_VERSION|UVICORN_VERSION))[\s\S]*CMD \["sh", "-c", "exec uvicorn --host 0\.0\.0\.0 --port \\"\$PORT\\" mysite\.asgi:application"\]/,
    home: /The install worked successfully/,
    pid1: /^\/opt\/venv\/bin\/python\S* \/opt\/venv\/bin\/uvicorn --host 0\.0\.0\.0 --port \d+ mysite\.asgi/,
  },
  {
    name: 'src layout with dependencies only in pyproject.toml (whitenoise, STATIC_ROOT), BuildKit',
    source: path.join(APPS(), 'pyproject-src'),
    buildkit: true,
    cmd: /WORKDIR \/app\/src\n[\s\S]*CMD \["gunicorn", "srcsite\.wsgi:application"/,
    home: /src layout served from \/app\/src as uid 10001/,
    staticFile: { path: '/static/css/src.css', body: /#654321/ },
    // Local uploads under src/media and a stale collected file under src/staticfiles: both must stay out of the
    // build context (nested .dockerignore entries), and MEDIA_ROOT must be writable by the app user.
    prepare: (dir) => {
      const settings = path.join(dir, 'src', 'srcsite', 'settings.py');
      // A variable the settings require without a default: collectstatic must get a build-only value in its RUN.
      fs.appendFileSync(settings, 'MEDIA_ROOT = BASE_DIR / "media"\nSITE_TOKEN = os.environ["SITE_TOKEN"]\n');
      fs.mkdirSync(path.join(dir, 'src', 'media'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', 'media', 'local-upload.txt'), 'a local upload\n');
      fs.mkdirSync(path.join(dir, 'src', 'staticfiles'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', 'staticfiles', 'stale.css'), 'stale\n');
    },
    mediaRoot: '/app/src/media',
    env: { SITE_TOKEN: 'provided-at-run-time' },
    absent: ['/app/src/media/local-upload.txt', '/app/src/staticfiles/stale.css'],
  },
  {
    name: 'ASGI project (gunicorn + uvicorn workers, whitenoise), legacy builder',
    source: path.join(APPS(), 'asgi-uvicorn'),
    buildkit: false,
    cmd: /CMD \["gunicorn", "asgisite\.asgi:application", "--worker-class", "uvicorn\.workers\.UvicornWorker"/,
    home: /"asgi": true, "uid": 10001/,
    staticFile: { path: '/static/css/app.css', body: /#123456/ },
  },
  {
    name: 'ASGI project on uvicorn alone (sh -c exec: $PORT expanded, uvicorn becomes PID 1), BuildKit',
    source: path.join(APPS(), 'asgi-uvicorn'),
    buildkit: true,
    prepare: (dir) => {
      const requirements = path.join(dir, 'requirements.txt');
      fs.writeFileSync(requirements, fs.readFileSync(requirements, 'utf8').replace(/^gunicorn==.*\n/m, ''));
    },
    cmd: /CMD \["sh", "-c", "exec uvicorn --host 0\.0\.0\.0 --port \\"\$PORT\\" asgisite\.asgi:application"\]/,
    home: /"asgi": true, "uid": 10001/,
    staticFile: { path: '/static/css/app.css', body: /#123456/ },
    pid1: /^\/opt\/venv\/bin\/python\S* \/opt\/venv\/bin\/uvicorn --host 0\.0\.0\.0 --port \d+ asgisite/,
  },
  {
    name: 'Pipenv project (Pipfile.lock made by pipenv 2022.12.19 against the index): pipenv sync in the builder, legacy builder',
    source: path.join(APPS(), 'startproject'),
    prepare: managerFiles('pipenv'),
    buildkit: false,
    // The index has the pipenv Debian bookworm ships; PIP_INDEX_URL stands in for the lock's PyPI source.
    buildArgs: { PIPENV_VERSION: '2022.12.19' },
    cmd: /ARG PIPENV_VERSION=[\d.]+\n[\s\S]*COPY Pipfile Pipfile\.lock \.\/\n[\s\S]*\/opt\/tools\/bin\/pipenv sync\n[\s\S]*CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
    tool: 'pipenv',
  },
  {
    name: 'PDM project (pdm.lock made by pdm 2.2.1 against the index): pdm sync --prod --no-self in the builder, BuildKit',
    source: path.join(APPS(), 'startproject'),
    prepare: managerFiles('pdm'),
    buildkit: true,
    // PDM 2.2 locks record file URLs and sync fetches those (PDM_PYPI_URL does not redirect them): this lock names the
    // test index, as a lock made against a private index does.
    buildArgs: { PDM_VERSION: '2.2.1' },
    cmd: /ARG PDM_VERSION=[\d.]+\n[\s\S]*COPY pyproject\.toml pdm\.lock \.\/\n[\s\S]*\/opt\/tools\/bin\/pdm sync --prod --no-editable --no-self\n[\s\S]*CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
    tool: 'pdm',
  },
  {
    name: 'Poetry project (poetry.lock made by Poetry 1.3.2 against the index, its default source): poetry install --only main --no-root, legacy builder',
    source: path.join(APPS(), 'startproject'),
    prepare: managerFiles('poetry'),
    buildkit: false,
    // Poetry reads no pip variables: the project names the index as its default source, as one on a private index does.
    buildArgs: { POETRY_VERSION: '1.3.2' },
    cmd: /ARG POETRY_VERSION=[\d.]+\n[\s\S]*COPY pyproject\.toml poetry\.lock \.\/\n[\s\S]*\/opt\/tools\/bin\/poetry install --only main --no-root[\s\S]*CMD \["gunicorn", "mysite\.wsgi:application"/,
    home: /The install worked successfully/,
    tool: 'poetry',
  },
];

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function generate(dir: string, flags: string[]) {
  const cli = path.join(repoRoot(), 'out', 'server', 'src', 'cli', 'main.js');
  return spawnSync(process.execPath, [cli, 'generate', dir, ...flags], { encoding: 'utf8' });
}

describe('generated Dockerfiles build and serve on real docker', () => {
  const bed = loadTestbed();
  const image = baseImage(bed, '3.11');

  for (const spec of CASES) {
    it(spec.name, async (t) => {
      const dir = tempCopy(spec.source, 'dct-gen-e2e-');
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      spec.prepare?.(dir);

      // No --no-syntax: the default Dockerfile must build without Docker Hub (no '# syntax=' frontend pull).
      const flags = ['--base-image', image, '--yes', ...(spec.buildkit ? ['--builder', 'buildkit'] : ['--no-buildkit'])];
      const generated = generate(dir, flags);
      assert.equal(generated.status, 0, generated.stderr);
      const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      assert.ok(fs.existsSync(path.join(dir, '.dockerignore')));
      assert.match(dockerfile, spec.cmd);
      assert.equal(/--mount=type=cache/.test(dockerfile), spec.buildkit, 'cache mounts exactly in the BuildKit variant');

      const tag = docker.uniqueName('gen-e2e');
      cleanups.push(() => docker.removeImage(tag));
      const built = await docker.build({
        context: dir,
        tag,
        buildkit: spec.buildkit,
        buildArgs: { PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost, ...spec.buildArgs },
      });
      assert.equal(built.code, 0, `docker build failed:\n${built.output.slice(-4000)}`);

      // What the image carries: numeric user, the port, a curl-free healthcheck; no index URL or secret anywhere.
      const config = JSON.parse((await docker.dockerOk(['inspect', '--format', '{{json .Config}}', tag])).stdout) as {
        User: string; Env: string[]; ExposedPorts: Record<string, unknown>; Healthcheck?: { Test: string[] }; Labels: Record<string, string>;
      };
      assert.equal(config.Labels['org.opencontainers.image.base.name'], image, 'the OCI base-name label names the image actually used');
      assert.equal(config.Labels['org.opencontainers.image.title'], path.basename(dir));
      assert.equal(config.User, '10001:10001');
      assert.deepEqual(Object.keys(config.ExposedPorts), ['8000/tcp']);
      assert.ok(config.Env.includes('PORT=8000'));
      assert.ok(!config.Env.some((e) => /PIP_INDEX_URL|PIP_TRUSTED_HOST|SECRET|SITE_TOKEN/.test(e)), config.Env.join('\n'));
      const healthcheck = config.Healthcheck?.Test ?? [];
      assert.equal(healthcheck[0], 'CMD');
      assert.equal(healthcheck[1], 'python');
      const history = (await docker.dockerOk(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag])).stdout;
      assert.ok(!history.includes(bed.indexUrl), 'the private index URL is not in the final image history');

      const port = await docker.freePort();
      const container = await docker.runDetached({ image: tag, name: docker.uniqueName('gen-e2e-run'), env: { PORT: String(port), ...spec.env } });
      cleanups.push(() => docker.removeContainer(container));

      const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
      assert.equal(home.status, 200, home.body.slice(0, 500));
      assert.match(home.body, spec.home);
      if (spec.staticFile) {
        const asset = await docker.waitForHttp(`http://127.0.0.1:${port}${spec.staticFile.path}`, 10_000, container);
        assert.equal(asset.status, 200);
        assert.match(asset.body, spec.staticFile.body);
      }

      // PID 1 (the server itself, exec form) runs as the image's non-root user.
      const pid1 = await docker.exec(container, ['python', '-c', "import os; print(os.stat('/proc/1').st_uid)"]);
      assert.equal(pid1.code, 0, pid1.output);
      assert.equal(Number(pid1.stdout.trim()), 10001);
      const comm = await docker.exec(container, ['cat', '/proc/1/cmdline']);
      assert.match(comm.stdout.replace(/\0/g, ' '), spec.pid1 ?? /gunicorn/);

      if (spec.mediaRoot) {
        const upload = await docker.exec(container, ['python', '-c', `open('${spec.mediaRoot}/e2e-upload.txt', 'w').write('ok')`]);
        assert.equal(upload.code, 0, `MEDIA_ROOT is not writable by the app user: ${upload.output}`);
      }
      for (const file of spec.absent ?? []) {
        const found = await docker.exec(container, ['test', '-e', file]);
        assert.notEqual(found.code, 0, `${file} came into the image through the build context`);
      }

      if (spec.localDistribution) {
        const installed = await docker.exec(container, ['python', '-c', [
          'import importlib.metadata as m, json',
          `d = m.distribution(${JSON.stringify(spec.localDistribution)})`,
          "print(d.version, json.loads(d.read_text('direct_url.json') or '{}').get('dir_info', {}).get('editable', False))",
        ].join('; ')]);
        assert.equal(installed.code, 0, installed.output);
        assert.equal(installed.stdout.trim(), '0.1.0 False', 'the local project is installed in the venv, not as an editable link to the builder');
      }
      if (spec.tool) {
        const tool = await docker.exec(container, ['python', '-c',
          `import importlib.util as u, os, shutil; print(shutil.which('${spec.tool}'), u.find_spec('${spec.tool}'), os.path.exists('/opt/tools'))`]);
        assert.equal(tool.code, 0, tool.output);
        assert.equal(tool.stdout.trim(), 'None None False', `${spec.tool} reached the runtime image`);
        // What the manager installed is in the image's venv, from the lock.
        const versions = await docker.exec(container, ['python', '-c', 'import django, gunicorn; print(django.__version__, gunicorn.__version__)']);
        assert.equal(versions.stdout.trim(), '3.2.25 20.1.0', versions.output);
      }

      // Installers stayed in the builder: no pip, setuptools or wheel in the runtime venv (pkg_resources only if imported).
      const installers = await docker.exec(container, ['python', '-c',
        "import importlib.util as u; print(','.join(m for m in ('pip', 'setuptools', 'wheel') if u.find_spec(m)))"]);
      assert.equal(installers.code, 0, installers.output);
      assert.equal(installers.stdout.trim(), '', `installer tooling left in the runtime image: ${installers.stdout}`);
      // A pkg_resources that gunicorn 20 imports is a link to the base image's copy, not a second copy in the venv.
      const pkgResources = await docker.exec(container, ['python', '-c',
        "import os, sysconfig; p = os.path.join(sysconfig.get_path('purelib'), 'pkg_resources'); print('copy' if os.path.isdir(p) and not os.path.islink(p) else 'none-or-link')"]);
      assert.equal(pkgResources.stdout.trim(), 'none-or-link', `pkg_resources copied into the venv: ${pkgResources.output}`);

      // The image's own HEALTHCHECK command passes against the running server.
      const health = await docker.exec(container, healthcheck.slice(1));
      assert.equal(health.code, 0, `healthcheck failed: ${health.output}`);

      // Django's deployment checks in the running image (its WORKDIR is manage.py's folder): errors fail, warnings are reported.
      const deploy = await docker.exec(container, ['python', 'manage.py', 'check', '--deploy']);
      assert.equal(deploy.code, 0, `manage.py check --deploy found errors:\n${deploy.output}`);
      assert.doesNotMatch(deploy.output, /^ERRORS:/m, deploy.output);
      const warned = deploy.output.match(/\(security\.W\d+\)/g) ?? [];
      t.diagnostic(`check --deploy: ${warned.length ? `warnings ${[...new Set(warned)].join(' ')}` : 'no issues'}`);

      const stopMs = await docker.stop(container, 10);
      t.diagnostic(`build ${built.ms} ms, docker stop ${stopMs} ms`);
      assert.ok(stopMs < 5000, `docker stop took ${stopMs} ms`);
    });
  }
});
