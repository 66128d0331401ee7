/** The client's one door to the generator engine: detection, the choices offered, rendering. */
import { detectProjects } from '../../../server/src/project/detect';
import type { DetectResult, DjangoProject } from '../../../server/src/project/types';
import * as path from 'node:path';
import { renderContext } from '../../../server/src/generate/render';
import { buildTemplateContext } from '../../../server/src/generate/context';
import { officialPythonImage } from '../../../server/src/generate/base-image';
import { DEFAULT_DEBIAN_SUITE, DEFAULT_PYTHON_VERSION, type GenerateOptions } from '../../../server/src/generate/options';
import { supportedPythonVersions } from '../../../server/src/data/python';
import { LAUNCH_JSON, launchJsonFile } from '../../../server/src/generate/dev-loop';
import * as fs from 'node:fs';

/** The project's own launch.json, which the dev loop merges into (undefined: none yet). */
function readIfFile(file: string): string | undefined {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(file, 'utf8') : undefined;
}

export interface GenerationChoices {
  pythonVersion: string;
  baseImage: string;
  server: 'wsgi' | 'asgi';
  port: number;
  compose: boolean;
  /** BuildKit cache mounts (default) or the plain variant for the legacy builder. */
  buildkit?: boolean;
  /** Add `# syntax=docker/dockerfile:1` (default off: BuildKit would pull it from Docker Hub). */
  syntaxDirective?: boolean;
  /** Also the dev loop: debugpy dev stage, compose.debug.yaml, .vscode/launch.json (merged). */
  devLoop?: boolean;
}

export interface RenderedFile {
  /** Relative to the project root, forward slashes. */
  path: string;
  content: string;
}

export async function detectProjectsIn(dir: string): Promise<DetectResult> {
  return detectProjects(dir);
}

export interface Rendered {
  files: RenderedFile[];
  /** What the user should know about the result (e.g. an end-of-life Python), written by the engine. */
  warnings: string[];
}

export function renderFiles(project: DjangoProject, choices: GenerationChoices, rootDir: string, templatesDir?: string): Rendered {
  const options: GenerateOptions = {
    // The default image is left to the engine, which then also checks the version (e.g. end-of-life).
    pythonVersion: choices.pythonVersion,
    baseImage: choices.baseImage === baseImageChoices(choices.pythonVersion)[0].image ? undefined : choices.baseImage,
    port: choices.port, compose: choices.compose,
    buildkit: choices.buildkit, syntaxDirective: choices.syntaxDirective, devLoop: choices.devLoop, server: choices.server, templatesDir, projectName: path.basename(rootDir),
  };
  const context = buildTemplateContext(project, options);
  const files = renderContext(context, templatesDir).map((f) => ({ path: f.path, content: f.content }));
  if (context.devLoop) files.push(launchJsonFile(context.appDir, readIfFile(path.join(rootDir, LAUNCH_JSON))));
  return { files, warnings: [...context.warnings] };
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
