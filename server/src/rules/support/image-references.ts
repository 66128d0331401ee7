/**
 * Every place a Dockerfile writes an image reference literally: FROM images, `COPY --from=<image>`,
 * and ARG/ENV values that look like one (`ARG BASE_IMAGE=….dkr.ecr….amazonaws.com/app:1`).
 * References containing `$VARS` are skipped here; the ARG default that feeds them is visited instead.
 */
import type { Flag, Property } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';
import { propertiesOf } from '../../dockerfile/commands';
import type { DockerfileModel } from '../../dockerfile/model';
import { memo } from './memoize';

export interface ImageReferenceSite {
  text: string;
  /** Where `text` starts in the document (references never span lines). */
  start: Position;
  kind: 'from' | 'copy-from' | 'arg' | 'env';
}

/** Computed once per model (both ECR rules read it). */
export const imageReferenceSites = memo((model: DockerfileModel): ImageReferenceSite[] => {
  const sites: ImageReferenceSite[] = [];
  const lines = model.text.split(/\r?\n/);
  const add = (text: string | null | undefined, range: Range | null | undefined, kind: ImageReferenceSite['kind']) => {
    if (!text || !range || text.includes('$') || range.start.line !== range.end.line) return;
    // Values may be quoted in the source: locate the text itself on its line.
    const line = lines[range.start.line] ?? '';
    const at = line.indexOf(text, range.start.character);
    if (at < 0 || at > range.end.character) return;
    sites.push({ text, start: { line: range.start.line, character: at }, kind });
  };
  for (const arg of model.ast.getInitialARGs()) for (const property of arg.getProperties()) addProperty(property, 'arg');
  for (const stage of model.stages) {
    add(stage.from.getImage(), stage.from.getImageRange(), 'from');
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'COPY' || keyword === 'ADD') {
        const flag = (instruction as unknown as { getFlags(): Flag[] }).getFlags().find((f) => f.getName().toLowerCase() === 'from');
        if (flag && /[/:@]/.test(flag.getValue() ?? '')) add(flag.getValue(), flag.getValueRange(), 'copy-from');
      } else if (keyword === 'ARG' || keyword === 'ENV') {
        for (const entry of propertiesOf(instruction)) if (looksLikeImage(entry.raw)) add(entry.raw, entry.valueRange, keyword === 'ARG' ? 'arg' : 'env');
      }
    }
  }
  return sites;

  function addProperty(property: Property, kind: 'arg') {
    const value = property.getValue();
    if (value && looksLikeImage(value)) add(value, property.getValueRange(), kind);
  }
});

/** A value worth parsing as a registry reference: has a registry-ish first component. */
function looksLikeImage(value: string): boolean {
  return /^[^\s/]+\/[^\s]+$/.test(value) || /\.dkr[.-]ecr/i.test(value);
}

/** The document range of `text.slice(start, end)` of a site. */
export function siteRange(site: ImageReferenceSite, start = 0, end = site.text.length): Range {
  return {
    start: { line: site.start.line, character: site.start.character + start },
    end: { line: site.start.line, character: site.start.character + Math.max(start, end) },
  };
}
