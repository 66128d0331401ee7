/**
 * What each stage's FROM really names: an earlier stage, `scratch`, or an image reference with global
 * ARG defaults substituted (`ARG PYTHON_VERSION=3.12` + `FROM python:${PYTHON_VERSION}-slim`), plus the
 * ARG properties that fed it so a quick fix can edit the default instead of the FROM line.
 */
import type { Property } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { stageByRef } from '../../dockerfile/commands';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { memo } from './memoize';

export interface BaseImage {
  stage: Stage;
  /** The image as written in FROM (may contain `$VARS`). */
  written: string;
  /** With global ARG defaults substituted (model.baseImage). */
  resolved: string;
  /** Range of the image text in FROM (null when FROM has no image). */
  range: Range | null;
  /** Global ARG properties referenced by the image text, in order of use. */
  args: Property[];
  /** Still contains a variable after substitution (no default, or a build-time value): unknowable here. */
  unresolved: boolean;
}

/** Stages whose FROM names an image (not an earlier stage, not scratch). Computed once per model. */
export const baseImages = memo((model: DockerfileModel): BaseImage[] => {
  const globalArgs = new Map<string, Property>();
  for (const arg of model.ast.getInitialARGs()) for (const property of arg.getProperties()) globalArgs.set(property.getName(), property);
  const images: BaseImage[] = [];
  for (const stage of model.stages) {
    const written = stage.from.getImage() ?? '';
    if (!written) continue;
    const resolved = stage.baseImage;
    if (resolved.toLowerCase() === 'scratch') continue;
    if (stageByRef(model, resolved, stage.index)) continue;
    const args: Property[] = [];
    for (const match of written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const property = globalArgs.get(match[1]);
      if (property && !args.includes(property)) args.push(property);
    }
    images.push({ stage, written, resolved, range: stage.from.getImageRange(), args, unresolved: /\$\{?[A-Za-z_]/.test(resolved) || resolved === '' });
  }
  return images;
});
