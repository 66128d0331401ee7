/**
 * Document links: a WSGI/ASGI or settings module to its file in the build context; an ECR image
 * reference (FROM or COPY --from) to its page in the AWS console (or the ECR Public gallery).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Copy } from 'dockerfile-ast';
import type { DocumentLink, Range } from 'vscode-languageserver-types';
import { ecrConsoleUrl, parseEcrImageReference } from '../ecr/reference';
import type { FeatureContext } from './context';
import { moduleReferences } from './module-references';

export function documentLinksFor(context: FeatureContext): DocumentLink[] {
  const links: DocumentLink[] = [];
  const contextDir = context.workspace?.contextDir;
  if (contextDir) {
    for (const reference of moduleReferences(context.document, context.dockerfile, context.workspace)) {
      if (!reference.file) continue;
      links.push({ range: reference.range, target: pathToFileURL(path.join(contextDir, reference.file)).href, tooltip: `Open ${reference.file}` });
    }
  }
  for (const [image, range] of imageReferences(context)) {
    const ref = parseEcrImageReference(image);
    const url = ref ? ecrConsoleUrl(ref) : null;
    if (url) links.push({ range, target: url, tooltip: ref?.kind === 'public' ? 'Open in the ECR Public Gallery' : 'Open the repository in the ECR console' });
  }
  return links.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Image references with their written ranges: FROM images (ARGs resolved) and COPY --from=<image>. */
function imageReferences(context: FeatureContext): Array<[string, Range]> {
  const references: Array<[string, Range]> = [];
  for (const stage of context.dockerfile.stages) {
    const range = stage.from.getImageRange();
    if (range && stage.baseImage) references.push([stage.baseImage, range]);
  }
  for (const instruction of context.dockerfile.ast.getInstructions()) {
    if (instruction.getKeyword().toUpperCase() !== 'COPY') continue;
    const flag = (instruction as Copy).getFromFlag?.();
    const value = flag?.getValue();
    const range = flag?.getValueRange();
    if (value && range && value.includes('/')) references.push([value, range]);
  }
  return references;
}
