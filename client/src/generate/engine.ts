/** The client's one door to the generator engine: detection, the choices offered, rendering. */
import { detectProjects } from '../../../server/src/project/detect';
import type { DetectResult, DjangoProject } from '../../../server/src/project/types';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { officialPythonImage } from '../../../server/src/generate/base-image';
import { DEFAULT_DEBIAN_SUITE, DEFAULT_PYTHON_VERSION } from '../../../server/src/generate/options';
import { supportedPythonVersions } from '../../../server/src/data/python';

export interface GenerationChoices {
  pythonVersion: string;
  baseImage: string;
  server: 'wsgi' | 'asgi';
  port: number;
  compose: boolean;
  /** BuildKit cache mounts (default) or the plain variant for the legacy builder. */
  buildkit?: boolean;
}

export interface RenderedFile {
  /** Relative to the project root, forward slashes. */
  path: string;
  content: string;
}

export async function detectProjectsIn(dir: string): Promise<DetectResult> {
  return detectProjects(dir);
}

export async function renderFiles(project: DjangoProject, choices: GenerationChoices, templatesDir?: string): Promise<RenderedFile[]> {
  // The user's WSGI/ASGI answer overrides detection's asgiRequired; the engine picks the server from it.
  const chosen: DjangoProject = { ...project, asgiRequired: choices.server === 'asgi' };
  const files = await renderProjectFiles(chosen, {
    pythonVersion: choices.pythonVersion, baseImage: choices.baseImage, port: choices.port,
    compose: choices.compose, buildkit: choices.buildkit, templatesDir,
  });
  return files.map((f) => ({ path: f.path, content: f.content }));
}

/** The detected version first (even if not in the table), then the supported ones, newest first. */
export function pythonVersionChoices(detected: string | null): { version: string; description: string }[] {
  const supported = supportedPythonVersions();
  const first = detected ?? DEFAULT_PYTHON_VERSION;
  return [first, ...supported.filter((v) => v !== first)].map((version) => ({
    version,
    description: version === detected ? 'detected in the project'
      : version === first ? 'default (nothing in the project says)'
      : supported.includes(version) ? '' : 'not supported upstream',
  }));
}

export function baseImageChoices(pythonVersion: string): { image: string; description: string }[] {
  return [
    { image: officialPythonImage(pythonVersion, DEFAULT_DEBIAN_SUITE), description: 'Docker Official Image (Docker Hub)' },
    { image: officialPythonImage(pythonVersion, DEFAULT_DEBIAN_SUITE, 'ecr-public'), description: 'the same image from the ECR Public mirror (no Docker Hub rate limit)' },
  ];
}
