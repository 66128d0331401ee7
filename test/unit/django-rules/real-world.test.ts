/**
 * False-positive traps for the Django/Python rules: well-known, working Dockerfile patterns (uv's multi-stage
 * example, cookiecutter-django's production image, Docker's Python guide, pythonspeed's venv and --user recipes),
 * adapted to the example project's module names. None of them may get a finding from these rules.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadWorkspaceModel } from '../../../server/src/project/load-workspace';
import type { WorkspaceModel } from '../../../server/src/project/workspace';
import { lintDockerfile } from '../../../server/src/rules/engine';
import { exampleDir } from '../../support/testbed';
import { DJANGO_RULE_IDS } from './ids';


const COLLECT = 'RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput';

const PATTERNS: Readonly<Record<string, string>> = {
  'uv multi-stage (astral-sh/uv-docker-example)': `FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS builder
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
ENV UV_PYTHON_DOWNLOADS=0
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv \\
    --mount=type=bind,source=uv.lock,target=uv.lock \\
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
    uv sync --locked --no-install-project --no-dev
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked --no-dev

FROM python:3.12-slim-bookworm
RUN groupadd --system --gid 999 nonroot \\
 && useradd --system --gid 999 --uid 999 --create-home nonroot
COPY --from=builder --chown=nonroot:nonroot /app /app
ENV PATH="/app/.venv/bin:$PATH"
WORKDIR /app
${COLLECT}
USER nonroot
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]
`,
  'cookiecutter-django production (entrypoint script, ARG-resolved FROM, ${APP_HOME})': `ARG PYTHON_VERSION=3.12-slim-bookworm
FROM docker.io/python:\${PYTHON_VERSION} AS python
FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS python-build-stage
RUN apt-get update && apt-get install --no-install-recommends -y build-essential libpq-dev
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project --no-dev
COPY . /app
RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev

FROM python AS python-run-stage
ARG APP_HOME=/app
ENV PYTHONUNBUFFERED=1
WORKDIR \${APP_HOME}
RUN addgroup --system django && adduser --system --ingroup django django
RUN apt-get update && apt-get install --no-install-recommends -y libpq-dev gettext && rm -rf /var/lib/apt/lists/*
COPY --chown=django:django ./compose/production/django/entrypoint /entrypoint
COPY --chown=django:django ./compose/production/django/start /start
COPY --from=python-build-stage --chown=django:django \${APP_HOME} \${APP_HOME}
USER django
ENV PATH="/app/.venv/bin:$PATH"
RUN DATABASE_URL="" DJANGO_SETTINGS_MODULE="config.settings.base" python manage.py compilemessages
ENTRYPOINT ["/entrypoint"]
CMD ["/start"]
`,
  "Docker's Python guide (docker init), exec form": `ARG PYTHON_VERSION=3.12
FROM python:\${PYTHON_VERSION}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1
WORKDIR /app
ARG UID=10001
RUN adduser --disabled-password --gecos "" --home "/nonexistent" --shell "/sbin/nologin" --no-create-home --uid "\${UID}" appuser
RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt
COPY . .
${COLLECT}
USER appuser
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind=0.0.0.0:8000"]
`,
  'pythonspeed virtualenv copied whole': `FROM python:3.12-slim AS compile-image
RUN apt-get update && apt-get install -y --no-install-recommends build-essential gcc
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install -r requirements.txt

FROM python:3.12-slim AS build-image
COPY --from=compile-image /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY . .
${COLLECT}
USER 10001
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/')"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "config.wsgi:application"]
`,
  "pythonspeed pip --user with /root/.local on PATH, PORT-driven bind": `FROM python:3.12 AS builder
COPY requirements.txt .
RUN pip install --user -r requirements.txt
FROM python:3.12-slim
WORKDIR /code
COPY --from=builder /root/.local /root/.local
COPY . .
ENV PATH=/root/.local/bin:$PATH PORT=8000
${COLLECT}
EXPOSE 8000
CMD exec gunicorn config.wsgi
`,
  'single stage with curl installed for the HEALTHCHECK and a development stage using runserver': `FROM python:3.12-slim-bookworm AS dev
ENV DEBUG=True ALLOWED_HOSTS=*
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]

FROM python:3.12-slim-bookworm AS prod
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
${COLLECT}
ENV DJANGO_SECRET_KEY_FILE=/run/secrets/django_secret_key DATABASE_URL=postgres://app@db/app
HEALTHCHECK CMD curl -fsS http://127.0.0.1:8000/ || exit 1
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]
`,
};

let workspace: WorkspaceModel;
before(async () => {
  workspace = await loadWorkspaceModel(path.join(exampleDir('mysite'), 'Dockerfile'), exampleDir('mysite'));
});

for (const [name, text] of Object.entries(PATTERNS)) {
  test(`no Django-rule findings: ${name}`, () => {
    const found = lintDockerfile(text, { workspace, now: new Date('2026-11-28T00:00:00Z') })
      .filter((finding) => DJANGO_RULE_IDS.has(finding.ruleId))
      .map((finding) => `${finding.ruleId}@${finding.range.start.line + 1}: ${finding.message}`);
    assert.deepEqual(found, []);
  });
}
