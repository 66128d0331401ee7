/**
 * The Dockerfiles users would otherwise have, in the shapes the competing tools and the seed blog post write,
 * adapted only where this offline machine forces it: the base image is the same local Python stand-in for
 * every contender, and `ARG PIP_INDEX_URL`/`PIP_TRUSTED_HOST` let pip reach the loopback wheel index.
 */

export interface ContenderInput {
  baseImage: string;
  /** e.g. "config.wsgi:application" */
  wsgiApplication: string;
  port: number;
  /** Where the base image's pip installs packages system-wide (Debian: dist-packages; official images: site-packages). */
  systemSitePackages: string;
  /** Debian packages the project's dependencies need, as its author would add them (empty for pure-Python). */
  systemPackages: BenchSystemPackages;
}

export interface BenchSystemPackages {
  /** Compilers and headers for building from source. */
  build: string[];
  /** Shared libraries loaded at run time. */
  runtime: string[];
}

const INDEX_ARGS = 'ARG PIP_INDEX_URL\nARG PIP_EXTRA_INDEX_URL\nARG PIP_TRUSTED_HOST\n';

/** The apt step a user adds to a shape that has none, before its pip install ('' when nothing is needed). */
export function aptInstall(packages: string[]): string {
  if (!packages.length) return '';
  return `RUN apt-get update \\\n    && apt-get install -y --no-install-recommends ${packages.join(' ')} \\\n    && rm -rf /var/lib/apt/lists/*\n`;
}

/** The stage that runs pip gets build and runtime packages; single-stage shapes keep them in the image. */
const pipStageApt = (input: ContenderInput) => aptInstall([...input.systemPackages.build, ...input.systemPackages.runtime]);

/** The seed's first Dockerfile as written (python:3.9 → the local base; its site-packages path → the base's). */
export function seedAsWritten(input: ContenderInput): string {
  return `# Stage 1: Install dependencies
FROM ${input.baseImage} as builder
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
COPY requirements.txt .
${pipStageApt(input)}${INDEX_ARGS}RUN pip install --no-cache-dir -r requirements.txt

# Stage 2: Copy application code and create final image
FROM ${input.baseImage}
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /app
${aptInstall(input.systemPackages.runtime)}COPY --from=builder ${input.systemSitePackages}/ ${input.systemSitePackages}/
COPY . .
RUN apt-get update \\
    && apt-get clean \\
    && rm -rf /var/lib/apt/lists/* \\
    && rm -rf /tmp/*
EXPOSE ${input.port}
CMD ["gunicorn", "--bind", "0.0.0.0:${input.port}", "${input.wsgiApplication}"]
`;
}

/** The seed minimally repaired so it starts: the console scripts are copied too (still root, no collectstatic). */
export function seedRepaired(input: ContenderInput): string {
  return seedAsWritten(input).replace(
    `COPY --from=builder ${input.systemSitePackages}/ ${input.systemSitePackages}/\n`,
    `COPY --from=builder ${input.systemSitePackages}/ ${input.systemSitePackages}/\nCOPY --from=builder /usr/local/bin/ /usr/local/bin/\n`,
  );
}

/** Microsoft Container Tools' Python/Django template shape: single stage, pip install, appuser 5678, gunicorn. */
export function microsoftContainerTools(input: ContenderInput): string {
  return `# For more information, please refer to https://aka.ms/vscode-docker-python
FROM ${input.baseImage}

EXPOSE ${input.port}

# Keeps Python from generating .pyc files in the container
ENV PYTHONDONTWRITEBYTECODE=1

# Turns off buffering for easier container logging
ENV PYTHONUNBUFFERED=1

# Install pip requirements
COPY requirements.txt .
${pipStageApt(input)}${INDEX_ARGS}RUN python -m pip install -r requirements.txt

WORKDIR /app
COPY . /app

# Creates a non-root user with an explicit UID and adds permission to access the /app folder
RUN adduser -u 5678 --disabled-password --gecos "" appuser && chown -R appuser /app
USER appuser

CMD ["gunicorn", "--bind", "0.0.0.0:${input.port}", "${input.wsgiApplication}"]
`;
}

/**
 * docker init's Python template shape: single stage, cache + bind mounts, UID 10001. Needs BuildKit.
 * Its `# syntax=docker/dockerfile:1` line is left out: it makes BuildKit fetch a frontend from Docker Hub.
 */
export function dockerInit(input: ContenderInput): string {
  return `FROM ${input.baseImage} as base

ENV PYTHONDONTWRITEBYTECODE=1
ENV PYTHONUNBUFFERED=1

WORKDIR /app

ARG UID=10001
RUN adduser \\
    --disabled-password \\
    --gecos "" \\
    --home "/nonexistent" \\
    --shell "/sbin/nologin" \\
    --no-create-home \\
    --uid "\${UID}" \\
    appuser

${pipStageApt(input)}${INDEX_ARGS}RUN --mount=type=cache,target=/root/.cache/pip \\
    --mount=type=bind,source=requirements.txt,target=requirements.txt \\
    python -m pip install -r requirements.txt

USER appuser

COPY . .

EXPOSE ${input.port}

CMD ["gunicorn", "--bind", "0.0.0.0:${input.port}", "${input.wsgiApplication}"]
`;
}
