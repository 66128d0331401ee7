import * as fs from 'node:fs';
import * as path from 'node:path';

/** The extension/package root (holds package.json and templates/), from dist/ or out/ alike. */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        // tsc copies package.json into out/ (resolveJsonModule): the real root is the one with templates/ beside it.
        const ours = JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'django-container-tools';
        if (ours && fs.existsSync(path.join(dir, 'templates'))) return dir;
      } catch {
        /* not ours; keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`django-container-tools package root not found above ${__dirname}`);
    dir = parent;
  }
}

export function builtinTemplatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** This package's version (package.json), e.g. for the CLI package a generated buildspec installs. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
