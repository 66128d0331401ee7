/**
 * Inline hints of resolved values: after a FROM image its Python version and EOL status (ARGs
 * resolved); after an ECR reference its account and region (and the last push when cached); after a
 * WSGI/ASGI or settings module its file; after `COPY --from=<stage>` that stage's base image.
 */
import { InlayHintKind, type InlayHint, type Position, type Range } from 'vscode-languageserver-types';
import type { Copy } from 'dockerfile-ast';
import { pythonImageInfo } from '../data/python';
import type { Stage } from '../dockerfile/model';
import { parseEcrImageReference } from '../ecr/reference';
import type { FeatureContext } from './context';
import { cachedImage } from './ecr-lookup';
import { ago } from './format';
import { moduleReferences } from './module-references';

export function inlayHintsFor(context: FeatureContext, range: Range): InlayHint[] {
  const hints: InlayHint[] = [...imageHints(context), ...moduleHints(context), ...copyFromHints(context)];
  return hints
    .filter((hint) => within(hint.position, range))
    .sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

function imageHints(context: FeatureContext): InlayHint[] {
  const now = context.now ?? new Date();
  const hints: InlayHint[] = [];
  for (const stage of context.dockerfile.stages) {
    const end = stage.from.getImageRange()?.end;
    if (!end || !stage.baseImage) continue;
    const parts: string[] = [];
    const python = pythonImageInfo(stage.baseImage, now);
    if (python?.version) {
      const version = python.patch ?? python.version;
      const eol = python.isEol(now) ? `EOL since ${python.eolDate} ⚠` : python.eolDate ? `EOL ${python.eolDate}` : null;
      parts.push([`Python ${version}`, python.suite, eol].filter(Boolean).join(' · '));
    }
    const ecr = parseEcrImageReference(stage.baseImage);
    if (ecr?.kind === 'private' && ecr.account && ecr.region) {
      const image = cachedImage(context, ecr);
      const pushed = image?.pushedAt ? ` · pushed ${ago(image.pushedAt, now)}` : '';
      parts.push(`${ecr.account} · ${ecr.region}${pushed}`);
    }
    const written = stage.from.getImage() ?? '';
    if (!parts.length && written !== stage.baseImage) parts.push(`= ${stage.baseImage}`);
    if (parts.length) hints.push(hint(end, parts.join(' · '), InlayHintKind.Type));
  }
  return hints;
}

function moduleHints(context: FeatureContext): InlayHint[] {
  return moduleReferences(context.document, context.dockerfile, context.workspace)
    .filter((reference) => reference.file)
    .map((reference) => hint(reference.range.end, `→ ${reference.file}`, InlayHintKind.Type));
}

function copyFromHints(context: FeatureContext): InlayHint[] {
  const hints: InlayHint[] = [];
  const stages = new Map<string, Stage>();
  for (const stage of context.dockerfile.stages) {
    stages.set(String(stage.index), stage);
    if (stage.name && !stages.has(stage.name)) stages.set(stage.name, stage);
  }
  for (const instruction of context.dockerfile.ast.getInstructions()) {
    if (instruction.getKeyword().toUpperCase() !== 'COPY') continue;
    const flag = (instruction as Copy).getFromFlag?.();
    const value = flag?.getValue()?.toLowerCase();
    const valueRange = flag?.getValueRange();
    if (!value || !valueRange) continue;
    const stage = stages.get(value);
    if (stage) hints.push(hint(valueRange.end, `← ${stage.baseImage}`, InlayHintKind.Type));
  }
  return hints;
}

function hint(position: Position, label: string, kind: InlayHintKind): InlayHint {
  return { position, label, kind, paddingLeft: true };
}

function within(position: Position, range: Range): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
