/**
 * Shared by the e2e tests of the Django rules: a working venv-based Dockerfile for examples/mysite (offline base
 * image via the PYTHON_IMAGE build arg; the ARG default makes the linter see the official image), and an offline build.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as docker from './docker';
import { baseImage, type Testbed } from './testbed';

/** A multi-stage image of examples/mysite that works; `tail` holds the lines after EXPOSE (HEALTHCHECK, CMD). */
export function venvDockerfile(port: number, tail: string): string {
  return `ARG PYTHON_IMAGE=python:3.11-slim-bookworm
FROM \${PYTHON_IMAGE} AS builder
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
RUN python3 -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt

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
