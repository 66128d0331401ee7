/**
 * The image-size floor, measured without our generator: the base image, the project's runtime dependencies
 * installed alone (`pip install --target`, compiled in a scratch stage with the build packages when there are any, no virtualenv and no installer tooling; byte-compiled as pip does by
 * default, as every contender's install is), the app files and the collected static files. Nothing here reads our Dockerfile or our image, so the ratio against it can fail.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as docker from '../test/support/docker';
import { aptInstall, type BenchSystemPackages } from './contenders';

export interface FloorInput {
  baseImage: string;
  /** Folder of manage.py inside the project ('.' at the root). */
  managePyDir: string;
  /** Whether the settings set STATIC_ROOT (collectstatic runs only then). */
  collectstatic: boolean;
  /** Throwaway values for settings that read the environment (build time only). */
  buildEnv: Record<string, string>;
  /** Compilers and headers in the scratch stage only; shared libraries in the measured image. */
  systemPackages: BenchSystemPackages;
}

export function floorDockerfile(input: FloorInput): string {
  const env = Object.entries(input.buildEnv).map(([name, value]) => `${name}=${value}`).join(' ');
  const appDir = input.managePyDir === '.' ? '/app' : `/app/${input.managePyDir}`;
  return [
    `FROM ${input.baseImage} AS deps`,
    'ARG PIP_INDEX_URL',
    'ARG PIP_EXTRA_INDEX_URL',
    'ARG PIP_TRUSTED_HOST',
    'ENV PYTHONDONTWRITEBYTECODE=1',
    aptInstall([...input.systemPackages.build, ...input.systemPackages.runtime]).trimEnd(),
    'COPY requirements.txt /tmp/requirements.txt',
    'RUN python3 -m pip install --no-cache-dir --target /deps -r /tmp/requirements.txt',
    `FROM ${input.baseImage}`,
    'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=/deps',
    aptInstall(input.systemPackages.runtime).trimEnd(),
    'COPY --from=deps /deps /deps',
    'COPY . /app',
    ...(input.collectstatic ? [`RUN cd ${appDir} && ${env} python3 manage.py collectstatic --noinput`] : []),
    '',
  ].filter((line, index, lines) => line !== '' || index === lines.length - 1).join('\n');
}

/** Builds the floor image for the project in `dir` (a scratch copy) and returns its size in bytes, or the failure. */
export async function measureFloor(dir: string, input: FloorInput, buildArgs: Record<string, string>): Promise<{ bytes: number } | { failure: string }> {
  if (!fs.existsSync(path.join(dir, 'requirements.txt'))) return { failure: 'no requirements.txt to install the runtime dependencies from' };
  fs.writeFileSync(path.join(dir, 'Dockerfile.floor'), floorDockerfile(input));
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'Dockerfile*\n.dockerignore\n**/__pycache__\n.git\n');
  const tag = docker.uniqueName('floor');
  try {
    const built = await docker.build({ context: dir, tag, buildArgs, buildkit: true, dockerfile: path.join(dir, 'Dockerfile.floor') });
    if (built.code !== 0) return { failure: built.output.split('\n').filter(Boolean).slice(-3).join(' / ') };
    return { bytes: Number((await docker.dockerOk(['image', 'inspect', '--format', '{{.Size}}', tag])).stdout.trim()) };
  } finally {
    await docker.removeImage(tag);
  }
}
