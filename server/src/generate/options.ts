/** What a caller (CLI, VS Code command, tests) may choose when generating files for a project. */
export interface GenerateOptions {
  /** "major.minor"; default: the project's, else DEFAULT_PYTHON_VERSION. Ignored for the tag when baseImage is given. */
  pythonVersion?: string;
  /** Debian suite of the default base image ("bookworm", "trixie"); default: from baseImage's tag, else DEFAULT_DEBIAN_SUITE. */
  debianSuite?: string;
  /**
   * Base image of both stages: `python:X.Y-slim-<suite>` (default), the mirror
   * `public.ecr.aws/docker/library/python:...`, or a pre-built base in ECR.
   */
  baseImage?: string;
  /** Port the app server listens on (EXPOSE, PORT, healthcheck). Default 8000. */
  port?: number;
  /** Also emit compose.yaml. Default false. */
  compose?: boolean;
  /** Also emit buildspec.yml for AWS CodeBuild, pushing to this ECR repository. */
  buildspecRepository?: string;
  /** Also emit a debugpy `dev` stage, compose.debug.yaml and a VS Code attach configuration. Default false. */
  devLoop?: boolean;
  /** BuildKit cache mounts (true, default) or a plain Dockerfile for the legacy builder (false). */
  buildkit?: boolean;
  /**
   * Emit `# syntax=docker/dockerfile:1` when buildkit is on. Default false: the line makes BuildKit pull a frontend
   * image from Docker Hub (fails offline, behind a proxy, on a rate limit); the built-in frontend already knows RUN --mount.
   */
  syntaxDirective?: boolean;
  /** A folder of user templates; each file falls back to the built-in one when missing there. */
  templatesDir?: string;
  /** Numeric uid/gid of the non-root user. Default 10001. */
  userId?: number;
  /** Serve through WSGI or ASGI regardless of what detection concluded (project.asgiRequired). */
  server?: 'wsgi' | 'asgi';
  /** Overrides the detected `module:callable` (WSGI, or ASGI when an ASGI server is used). */
  application?: string;
  /** Path the HEALTHCHECK requests. Default "/". Any answer below 500 counts as healthy. */
  healthcheckPath?: string;
  /** Extra folders (relative to the project root) to keep out of the build context, e.g. virtualenvs found on disk. */
  ignoreDirs?: string[];
  /** Image title label; default: the project root's folder name, else the settings package. */
  projectName?: string;
  /** "Today" for end-of-life warnings (tests pin it). */
  now?: Date;
  /** Extra OCI labels. */
  labels?: Record<string, string>;
}

export { defaultPythonVersion as DEFAULT_PYTHON_VERSION, DEFAULT_DEBIAN_SUITE } from '../data/python';
export const DEFAULT_PORT = 8000;
export const DEFAULT_USER_ID = 10001;

/** Pinned defaults for tools the builder installs with pip (overridable with --build-arg). */
export const TOOL_VERSIONS = {
  poetry: '2.2.1',
  pipenv: '2025.0.4',
  pdm: '2.26.1',
  uv: '0.9.5',
  gunicorn: '23.0.0',
  uvicorn: '0.38.0',
} as const;

/** A generation problem that makes a usable Dockerfile impossible; `kind` lets front ends react. */
export class GenerateError extends Error {
  constructor(
    readonly kind: 'no-application' | 'invalid-option' | 'template',
    message: string,
  ) {
    super(message);
    this.name = 'GenerateError';
  }
}
