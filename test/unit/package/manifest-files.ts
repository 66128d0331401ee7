/**
 * The files an extension manifest (package.json) points at, found by walking the fields VS Code and npm
 * resolve to files, plus the files the walkthrough markdown links to. Paths are relative to the extension
 * root, POSIX-style, without a leading `./`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = unknown;

/** Every file path the manifest names (entry points, bin, icons, grammars, walkthrough media, …). */
export function manifestFiles(manifest: Record<string, Json>): string[] {
  const found: string[] = [];
  const add = (value: Json) => {
    for (const p of filePaths(value)) found.push(normalize(p));
  };
  add(manifest.main);
  add(manifest.browser);
  add(manifest.icon);
  add(typeof manifest.bin === 'string' ? manifest.bin : Object.values(objectOr(manifest.bin)));
  const contributes = objectOr(manifest.contributes);
  for (const language of arrayOr(contributes.languages)) {
    add(objectOr(language).configuration);
    add(themedIcon(objectOr(language).icon));
  }
  for (const key of ['grammars', 'snippets', 'themes', 'iconThemes', 'productIconThemes']) {
    for (const entry of arrayOr(contributes[key])) add(objectOr(entry).path);
  }
  for (const entry of arrayOr(contributes.jsonValidation)) add(localOnly(objectOr(entry).url));
  for (const command of arrayOr(contributes.commands)) add(themedIcon(objectOr(command).icon));
  for (const containers of Object.values(objectOr(contributes.viewsContainers))) {
    for (const container of arrayOr(containers)) add(themedIcon(objectOr(container).icon));
  }
  for (const views of Object.values(objectOr(contributes.views))) {
    for (const view of arrayOr(views)) add(themedIcon(objectOr(view).icon));
  }
  for (const icon of Object.values(objectOr(contributes.icons))) add(objectOr(objectOr(icon).default).fontPath);
  for (const walkthrough of arrayOr(contributes.walkthroughs)) {
    add(themedIcon(objectOr(walkthrough).icon));
    for (const step of arrayOr(objectOr(walkthrough).steps)) {
      const media = objectOr(objectOr(step).media);
      add(media.markdown);
      add(media.svg);
      add(themedIcon(media.image));
    }
  }
  return [...new Set(found)].sort();
}

/** Local files a markdown file links to or shows (`[x](p)`, `![x](p)`, `<img src="p">`), relative to the root. */
export function markdownLinks(root: string, markdownFile: string): string[] {
  const text = fs.readFileSync(path.join(root, markdownFile), 'utf8');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]),
  ];
  return targets
    .filter((target) => !/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(target))
    .map((target) => normalize(path.posix.join(path.posix.dirname(markdownFile), decodeURI(target.split('#')[0]))));
}

/** Every file under a folder of the root, relative to the root (empty when the folder does not exist). */
export function filesUnder(root: string, folder: string, accept: (name: string) => boolean = () => true): string[] {
  const abs = path.join(root, folder);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => normalize(path.relative(root, path.join(entry.parentPath, entry.name))))
    .sort();
}

function filePaths(value: Json): string[] {
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(filePaths);
  return [];
}

/** An icon is a codicon reference (`$(name)`), a path, or `{ light, dark }` (walkthrough images also `hc`, `hcLight`). */
function themedIcon(icon: Json): string[] {
  if (typeof icon === 'string') return icon.startsWith('$(') ? [] : [icon];
  return Object.values(objectOr(icon)).filter((v): v is string => typeof v === 'string');
}

function localOnly(url: Json): string[] {
  return typeof url === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? [url] : [];
}

function normalize(p: string): string {
  return path.posix.normalize(p.split(path.sep).join('/')).replace(/^\.\//, '');
}

function objectOr(value: Json): Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};
}

function arrayOr(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}
