/**
 * Shared by the e2e tests of the Django rules: a temp copy of examples/mysite with the bed, a free port and cleanup
 * (useExampleContext); a working venv-based Dockerfile (offline base image via the PYTHON_IMAGE build arg; the ARG
 * default makes the linter see the official image); the seed post's Dockerfile; and an offline build.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import * as docker from './docker';
import { baseImage, exampleDir, loadTestbed, tempCopy, type Testbed } from './testbed';

export interface ExampleContext {
  readonly bed: Testbed;
  /** The temp copy of examples/mysite: the build context. */
  readonly context: string;
  /** A free loopback port for the server (containers run with --network host). */
  readonly port: number;
  /** Containers to remove after the suite: push each one you start. */
  readonly containers: string[];
}

/**
 * Registers before/after hooks in the current suite: before, load the bed, copy examples/mysite, pick a free port,
 * then `started`; after, remove the containers pushed to `containers`, the images tagged `tags` and the copy.
 */
export function useExampleContext(tags: readonly string[], started?: (scene: ExampleContext) => Promise<void>): ExampleContext {
  let bed: Testbed | undefined;
  let context: string | undefined;
  let port: number | undefined;
  const containers: string[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the example context is not set up: use it inside a test or a hook');
    return value;
  };
  const scene: ExampleContext = {
    get bed() { return ready(bed); },
    get context() { return ready(context); },
    get port() { return ready(port); },
    containers,
  };
  before(async () => {
    bed = loadTestbed();
    context = tempCopy(exampleDir());
    port = await docker.freePort();
    await started?.(scene);
  });
  after(async () => {
    for (const container of containers) await docker.removeContainer(container);
    for (const tag of tags) await docker.removeImage(tag);
    if (context) fs.rmSync(context, { recursive: true, force: true });
  });
  return scene;
}

/** The builder stage of the working images: a venv at /opt/venv with requirements.txt from the offline index. */
export function venvBuilderStage(from: string): string {
  return `FROM ${from} AS builder
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
RUN python3 -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt
`;
}

/** A multi-stage image of examples/mysite that works; `tail` holds the lines after EXPOSE (HEALTHCHECK, CMD). */
export function venvDockerfile(port: number, tail: string): string {
  return `ARG PYTHON_IMAGE=python:3.11-slim-bookworm
${venvBuilderStage('${PYTHON_IMAGE}')}
FROM \${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-placeholder python manage.py collectstatic --noinput
USER 10001:10001
EXPOSE ${port}
${tail}
`;
}

/**
 * The seed post's first Dockerfile (site-packages copied alone, the placeholder module myproject.wsgi) on the offline
 * base image: its `apt-get update` line dropped; the ARG default makes the linter see the official image the build
 * arg replaces.
 */
export const seedDockerfile = (port: number) => `ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# Stage 1: Install dependencies
FROM \${PYTHON_IMAGE} as builder
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# Stage 2: Copy application code and create final image
FROM \${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
# (the Debian-built stand-in base puts pip's packages in dist-packages)
COPY --from=builder /usr/local/lib/python3.11/dist-packages/ /usr/local/lib/python3.11/dist-packages/
COPY . .
EXPOSE ${port}
CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "myproject.wsgi:application"]
`;

/**
 * Writes the Dockerfile into the context and builds it offline (legacy builder, local index); `images` are the
 * image build args (default: PYTHON_IMAGE = the local Python 3.11 stand-in).
 */
export async function buildOffline(bed: Testbed, context: string, text: string, tag: string, images?: Record<string, string>): Promise<void> {
  fs.writeFileSync(path.join(context, 'Dockerfile'), text);
  const built = await docker.build({
    context,
    tag,
    buildArgs: { ...(images ?? { PYTHON_IMAGE: baseImage(bed, '3.11') }), PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost },
    buildkit: false,
    timeoutMs: 600_000,
  });
  assert.equal(built.code, 0, `build failed:\n${text}\n${built.output.slice(-4000)}`);
}
