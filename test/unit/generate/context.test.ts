/** Decisions the generator makes from the project model, asserted on the context and on the rendered Dockerfile. */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTemplateContext, BUILD_ONLY_SECRET } from '../../../server/src/generate/context';
import { GenerateError } from '../../../server/src/generate/options';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { parseDockerfile, type Stage } from '../../../server/src/dockerfile/model';
import { defaultPythonVersion } from '../../../server/src/data/python';
import { MYSITE, project } from './projects';

function dockerfileOf(...args: Parameters<typeof renderProjectFiles>) {
  const file = renderProjectFiles(...args).find((f) => f.path === 'Dockerfile');
  assert.ok(file, 'a Dockerfile is rendered');
  return { text: file.content, model: parseDockerfile(file.content) };
}

function lines(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword).map((i) => i.getTextContent());
}

describe('app server', () => {
  test('WSGI: gunicorn on the detected module, bound through PORT, exec form', () => {
    const context = buildTemplateContext(MYSITE);
    assert.equal(context.server.kind, 'gunicorn');
    assert.deepEqual(context.server.argv.slice(0, 2), ['gunicorn', 'config.wsgi:application']);
    assert.ok(context.env.some((v) => v.name === 'PORT' && v.value === '8000'));
    const { model } = dockerfileOf(MYSITE);
    const cmd = lines(model.finalStage!, 'CMD')[0];
    assert.deepEqual(JSON.parse(cmd.replace(/^CMD\s+/, '')).slice(0, 2), ['gunicorn', 'config.wsgi:application']);
  });

  test('ASGI with gunicorn and uvicorn: uvicorn worker class on the ASGI module', () => {
    const context = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'mysite.asgi:application', dependencies: ['django', 'gunicorn', 'uvicorn'] }));
    assert.equal(context.server.kind, 'gunicorn-uvicorn');
    assert.deepEqual(context.server.argv.slice(0, 4), ['gunicorn', 'mysite.asgi:application', '--worker-class', 'uvicorn.workers.UvicornWorker']);
  });

  test('ASGI with the uvicorn-worker package: its worker class', () => {
    const context = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'mysite.asgi:application', dependencies: ['django', 'gunicorn', 'uvicorn-worker', 'uvicorn'] }));
    assert.ok(context.server.argv.includes('uvicorn_worker.UvicornWorker'));
  });

  test('ASGI with daphne (Channels): daphne bound to 0.0.0.0:$PORT through exec', () => {
    const context = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'chat.asgi:application', dependencies: ['django', 'channels', 'daphne'], appServer: 'daphne' }));
    assert.equal(context.server.kind, 'daphne');
    assert.deepEqual(context.server.argv, ['sh', '-c', 'exec daphne --bind 0.0.0.0 --port "$PORT" chat.asgi:application']);
    assert.ok(!context.env.some((v) => v.name === 'WEB_CONCURRENCY'), 'no gunicorn-only variable');
  });

  test('ASGI without any ASGI server: uvicorn installed, with a warning', () => {
    const context = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'mysite.asgi:application', dependencies: ['django', 'channels'], appServer: null }));
    assert.equal(context.server.kind, 'uvicorn');
    assert.deepEqual(context.server.argv, ['sh', '-c', 'exec uvicorn --host 0.0.0.0 --port "$PORT" mysite.asgi:application']);
    assert.deepEqual(context.extraPackages.map((p) => p.name), ['uvicorn']);
    assert.ok(context.warnings.some((w) => /uvicorn/.test(w)));
  });

  test('ASGI with gunicorn but no uvicorn: gunicorn keeps serving, with uvicorn workers installed', () => {
    const context = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'mysite.asgi:application', dependencies: ['django', 'gunicorn'] }));
    assert.equal(context.server.kind, 'gunicorn-uvicorn');
    assert.deepEqual(context.extraPackages.map((p) => p.name), ['uvicorn']);
  });

  test('ASGI needed but no ASGI application anywhere: a clear error', () => {
    assert.throws(
      () => buildTemplateContext(project({ asgiRequired: true, asgiApplication: null, settingsModule: null })),
      (error: unknown) => error instanceof GenerateError && error.kind === 'no-application' && /ASGI/.test(error.message),
    );
  });

  test('no gunicorn in the dependencies: the builder installs a pinned one and says so', () => {
    const context = buildTemplateContext(project({ dependencies: ['django'], appServer: null }));
    assert.deepEqual(context.extraPackages.map((p) => `${p.name}:${p.arg}`), ['gunicorn:GUNICORN_VERSION']);
    assert.ok(context.warnings.some((w) => /gunicorn is not among/.test(w)));
    const { model } = dockerfileOf(project({ dependencies: ['django'], appServer: null }));
    assert.ok(lines(model.stages[0], 'RUN').some((run) => run.includes('"gunicorn==${GUNICORN_VERSION}"')));
  });

  test('server: "asgi" / "wsgi" overrides what detection concluded', () => {
    const asgi = buildTemplateContext(project({ asgiApplication: 'mysite.asgi:application', dependencies: ['django', 'gunicorn', 'uvicorn'] }), { server: 'asgi' });
    assert.deepEqual(asgi.server.argv.slice(0, 2), ['gunicorn', 'mysite.asgi:application']);
    assert.equal(asgi.server.kind, 'gunicorn-uvicorn');
    const wsgi = buildTemplateContext(project({ asgiRequired: true, asgiApplication: 'mysite.asgi:application' }), { server: 'wsgi' });
    assert.deepEqual(wsgi.server.argv.slice(0, 2), ['gunicorn', 'mysite.wsgi:application']);
  });

  test('no WSGI application but an ASGI one: it is served through ASGI, with a note', () => {
    const context = buildTemplateContext(project({ wsgiApplication: null, asgiApplication: 'siteb.asgi:application', dependencies: ['django', 'uvicorn'], appServer: 'uvicorn' }));
    assert.deepEqual(context.server.argv, ['sh', '-c', 'exec uvicorn --host 0.0.0.0 --port "$PORT" siteb.asgi:application']);
    assert.ok(context.warnings.some((w) => /No WSGI application/.test(w)));
  });

  test('no application at all: a GenerateError that says what to do, no guessed module', () => {
    assert.throws(
      () => buildTemplateContext(project({ wsgiApplication: null, asgiApplication: null })),
      (error: unknown) => error instanceof GenerateError && error.kind === 'no-application' && /WSGI_APPLICATION/.test(error.message),
    );
  });

  test('an application or settings module that is not a Python path is refused (it would reach a shell or ENV)', () => {
    assert.throws(() => buildTemplateContext(MYSITE, { application: 'x:app; rm -rf /' }), /not a Python application path/);
    assert.throws(() => buildTemplateContext({ ...MYSITE, settingsModule: 'config.settings production' }), /not a Python module path/);
    assert.equal(buildTemplateContext(MYSITE, { application: 'config.wsgi.application' }).server.application, 'config.wsgi.application');
  });

  test('an explicit application overrides detection', () => {
    const context = buildTemplateContext(MYSITE, { application: 'other.wsgi:app' });
    assert.equal(context.server.application, 'other.wsgi:app');
  });
});

describe('system packages', () => {
  const withPostgres = project({
    dependencies: ['django', 'gunicorn', 'psycopg2'],
    systemPackages: { build: ['libpq-dev', 'gcc', 'libc6-dev'], runtime: ['libpq5'] },
  });

  test('build-only packages in the builder, runtime-only in the final stage, apt lists removed', () => {
    const { model } = dockerfileOf(withPostgres);
    const [builder, runtime] = model.stages;
    const builderRuns = lines(builder, 'RUN').join('\n');
    const runtimeRuns = lines(runtime, 'RUN').join('\n');
    assert.match(builderRuns, /apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev/);
    assert.doesNotMatch(builderRuns, /libpq5/);
    assert.match(runtimeRuns, /apt-get install -y --no-install-recommends libpq5/);
    assert.doesNotMatch(runtimeRuns, /libpq-dev|gcc|libc6-dev/);
    for (const run of [...lines(builder, 'RUN'), ...lines(runtime, 'RUN')].filter((r) => r.includes('apt-get install'))) {
      assert.match(run, /rm -rf \/var\/lib\/apt\/lists\/\*/);
    }
  });

  test('no packages: no apt-get at all', () => {
    const { text } = dockerfileOf(MYSITE);
    assert.doesNotMatch(text, /apt-get/);
  });
});

describe('collectstatic', () => {
  test('only when STATIC_ROOT is set', () => {
    assert.ok(buildTemplateContext(MYSITE).collectstatic);
    assert.equal(buildTemplateContext({ ...MYSITE, staticRoot: false }).collectstatic, null);
    assert.doesNotMatch(dockerfileOf({ ...MYSITE, staticRoot: false }).text, /collectstatic/);
  });

  test('the throwaway key is given to that RUN only: never ENV or ARG, never in another instruction', () => {
    const { model } = dockerfileOf(MYSITE);
    const all = model.stages.flatMap((stage) => stage.instructions);
    const withSecret = all.filter((i) => i.getTextContent().includes(BUILD_ONLY_SECRET));
    assert.equal(withSecret.length, 1);
    assert.equal(withSecret[0].getKeyword(), 'RUN');
    assert.match(withSecret[0].getTextContent(), /SECRET_KEY=\S+ .*python manage\.py collectstatic --noinput$/);
    assert.ok(!all.some((i) => ['ENV', 'ARG'].includes(i.getKeyword()) && /SECRET/.test(i.getTextContent())));
  });

  test('settings reading DATABASE_URL get a dummy one during collectstatic', () => {
    const context = buildTemplateContext({ ...MYSITE, dependencies: [...MYSITE.dependencies, 'django-environ'] });
    assert.ok(context.collectstatic?.env.some((v) => v.name === 'DATABASE_URL'));
    assert.ok(!buildTemplateContext(MYSITE).collectstatic?.env.some((v) => v.name === 'DATABASE_URL'));
  });

  test('runs in manage.py\'s folder (src layout)', () => {
    const { text } = dockerfileOf({ ...MYSITE, managePy: 'src/manage.py' });
    assert.match(text, /WORKDIR \/app\/src\n\n# STATIC_ROOT[^\n]*\nRUN [^\n]*python manage\.py collectstatic/);
  });
});

describe('private indexes and BuildKit', () => {
  test('PIP_INDEX_URL, PIP_EXTRA_INDEX_URL and PIP_TRUSTED_HOST are builder ARGs, never ENV, absent from the final stage', () => {
    const { model } = dockerfileOf(MYSITE);
    const [builder, runtime] = model.stages;
    const args = lines(builder, 'ARG').map((a) => a.replace(/^ARG\s+/, ''));
    for (const name of ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_TRUSTED_HOST']) assert.ok(args.includes(name), `ARG ${name} without a default`);
    const everything = model.stages.flatMap((stage) => stage.instructions).map((i) => i.getTextContent());
    assert.ok(!everything.some((line) => /^ENV\b[\s\S]*PIP_(EXTRA_)?INDEX_URL/.test(line)));
    assert.ok(!runtime.instructions.some((i) => /PIP_/.test(i.getTextContent())));
  });

  test('BuildKit: pip cache mount and no syntax directive unless asked (it pulls from Docker Hub); plain: neither, and --no-cache-dir', () => {
    const withKit = dockerfileOf(MYSITE).text;
    assert.doesNotMatch(withKit, /# syntax/);
    assert.match(dockerfileOf(MYSITE, { syntaxDirective: true }).text, /^# syntax=docker\/dockerfile:1\n/);
    assert.match(withKit, /RUN --mount=type=cache,target=\/root\/.cache\/pip pip install -r requirements.txt/);
    const plain = dockerfileOf(MYSITE, { buildkit: false }).text;
    assert.doesNotMatch(plain, /--mount|# syntax/);
    assert.match(plain, /RUN pip install --no-cache-dir -r requirements.txt/);
    assert.doesNotMatch(dockerfileOf(MYSITE, { syntaxDirective: false }).text, /# syntax/);
  });
});

describe('base image', () => {
  test('project Python version, default suite trixie; options win; data default with a warning', () => {
    assert.equal(buildTemplateContext(MYSITE).baseImage, 'python:3.11-slim-trixie');
    assert.equal(buildTemplateContext(MYSITE, { pythonVersion: '3.13', debianSuite: 'bookworm' }).baseImage, 'python:3.13-slim-bookworm');
    const unknown = buildTemplateContext({ ...MYSITE, pythonVersion: null });
    assert.equal(unknown.baseImage, `python:${defaultPythonVersion}-slim-trixie`);
    assert.ok(unknown.warnings.some((w) => /names a Python version/.test(w)));
  });

  test('an end-of-life Python version is kept but flagged', () => {
    const at = new Date('2026-11-28T00:00:00Z');
    assert.ok(buildTemplateContext({ ...MYSITE, pythonVersion: '3.9' }, { now: at }).warnings.some((w) => /3\.9 is end-of-life/.test(w)));
    assert.ok(!buildTemplateContext(MYSITE, { now: at }).warnings.some((w) => /end-of-life/.test(w)));
  });

  test('both stages use the same image: Python minor and suite match by construction', () => {
    const { model } = dockerfileOf(MYSITE, { baseImage: 'public.ecr.aws/docker/library/python:3.11-slim-bookworm' });
    assert.equal(model.stages.length, 2);
    assert.deepEqual(model.stages.map((s) => s.baseImage), Array(2).fill('public.ecr.aws/docker/library/python:3.11-slim-bookworm'));
  });

  test('a base image whose Python differs from the project is used, with a warning', () => {
    const context = buildTemplateContext(MYSITE, { baseImage: 'python:3.13-slim-bookworm' });
    assert.equal(context.pythonVersion, '3.13');
    assert.ok(context.warnings.some((w) => /3\.13.*3\.11/.test(w)));
  });

  test('bad options are refused with a clear message', () => {
    assert.throws(() => buildTemplateContext(MYSITE, { port: 70000 }), /Port must be/);
    assert.throws(() => buildTemplateContext(MYSITE, { userId: 0 }), /not 0, which is root/);
    assert.throws(() => buildTemplateContext(MYSITE, { pythonVersion: 'three' }), /3\.12/);
    assert.throws(() => buildTemplateContext(MYSITE, { baseImage: 'python 3.12' }), /not an image reference/);
  });
});

describe('final stage contract', () => {
  test('numeric non-root USER, EXPOSE = PORT, HEALTHCHECK in Python (no curl), venv on PATH, key=value ENV', () => {
    const { model } = dockerfileOf(MYSITE, { port: 9000, userId: 20001 });
    const runtime = model.finalStage!;
    assert.deepEqual(lines(runtime, 'USER'), ['USER 20001:20001']);
    assert.deepEqual(lines(runtime, 'EXPOSE'), ['EXPOSE 9000']);
    const env = lines(runtime, 'ENV')[0];
    assert.match(env, /PORT=9000/);
    assert.match(env, /PATH="\/opt\/venv\/bin:\$PATH"/);
    assert.match(env, /PYTHONDONTWRITEBYTECODE=1/);
    assert.match(env, /PYTHONUNBUFFERED=1/);
    const healthcheck = lines(runtime, 'HEALTHCHECK')[0];
    assert.doesNotMatch(healthcheck, /curl|wget/);
    assert.deepEqual(JSON.parse(healthcheck.replace(/^HEALTHCHECK[\s\S]*?CMD\s+/, '')).slice(0, 2), ['python', '-c']);
    assert.ok(lines(runtime, 'COPY').includes('COPY --from=builder /opt/venv /opt/venv'));
    assert.ok(lines(runtime, 'RUN').some((r) => /useradd --system --uid 20001 .*--no-log-init/.test(r)));
  });

  test('OCI labels name the project and the base image', () => {
    const { text } = dockerfileOf(MYSITE, { projectName: 'mysite', labels: { 'org.opencontainers.image.source': 'https://example.com/mysite' } });
    assert.match(text, /org\.opencontainers\.image\.title="mysite"/);
    assert.match(text, /org\.opencontainers\.image\.base\.name="\$\{PYTHON_IMAGE\}"/);
    assert.match(text, /org\.opencontainers\.image\.source="https:\/\/example\.com\/mysite"/);
  });
});

describe('.dockerignore', () => {
  test('secrets, local state and the project\'s own virtualenvs are ignored; what the build needs is not', () => {
    const files = renderProjectFiles({ ...MYSITE, dependencyFiles: ['requirements/base.txt'] }, { ignoreDirs: ['.env-py311', 'requirements', 'tools/venv311'] });
    const entries = files.find((f) => f.path === '.dockerignore')!.content.split('\n');
    for (const entry of ['**/.env', '**/.env.*', '**/*.sqlite3', 'media', '**/node_modules', '.git', '**/__pycache__', '**/*.py[cod]', '**/.venv', '.env-py311', 'tools/venv311']) {
      assert.ok(entries.includes(entry), `${entry} is ignored`);
    }
    assert.ok(!entries.includes('requirements'), 'a folder holding dependency files stays in the context');
  });

  test('credential files kept in a project folder by accident never reach the build context', () => {
    const entries = renderProjectFiles(MYSITE).find((f) => f.path === '.dockerignore')!.content.split('\n');
    for (const entry of ['**/.aws', '**/.ssh', '**/.docker', '**/.netrc', '**/.pypirc']) assert.ok(entries.includes(entry), `${entry} is ignored`);
  });
});

test('.dockerignore lists the virtualenvs detection found inside the project', () => {
  const files = renderProjectFiles({ ...MYSITE, virtualenvs: ['.venv-311', 'backend/env'] });
  const entries = files.find((f) => f.path === '.dockerignore')!.content.split('\n');
  assert.ok(entries.includes('.venv-311'));
  assert.ok(entries.includes('backend/env'));
});
