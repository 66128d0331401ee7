import type { BaseImage } from './base-images';
import type { Fix } from '../types';

/** Edits the tag in FROM, or the ARG default that supplies it (`ARG PYTHON_VERSION=3.9`). */
export function retag(image: BaseImage, tag: string, change: (text: string) => string, title: string): Fix[] | undefined {
  if (image.written === image.resolved) {
    const tagRange = image.stage.from.getImageTagRange();
    const newTag = change(tag);
    return tagRange && newTag !== tag ? [{ title, preferred: true, edits: [{ range: tagRange, newText: newTag }] }] : undefined;
  }
  for (const property of image.args) {
    const value = property.getValue() ?? '';
    const range = property.getValueRange();
    if (!range || !value || !tag.includes(value)) continue;
    const newValue = change(value);
    if (newValue !== value) return [{ title: `${title} (ARG ${property.getName()}=${newValue})`, preferred: true, edits: [{ range, newText: newValue }] }];
  }
  return undefined;
}
