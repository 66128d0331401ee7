/** Which Django a project installs: the locked version, else the specifiers its manifests give. */
import type { ProjectFiles } from './project-files';
import { joinRel } from './project-files';

export interface DjangoPin {
  /** Specifier pip/uv/Poetry resolve ("==3.2.25", ">=4.2,<5.0"); empty when Django is named without one. */
  spec: string;
  /** Where it was read (a lock file wins over manifests). */
  source: string;
  /** "X.Y.Z" when one release is pinned or locked. */
  exact: string | null;
}

const LOCK_ENTRY = /^name\s*=\s*"django"\s*\r?\nversion\s*=\s*"([^"]+)"/im;
const TXT_LINE = /^[ \t]*django(?![\w.-])[ \t]*(?:\[[^\]\n]*\])?[ \t]*([^;#\s][^;#\n]*)?/im;
const PEP508_STRING = /["'][ \t]*django(?![\w.-])[ \t]*(?:\[[^\]\n]*\])?[ \t]*([<>=!~][^"';\n]*)?[ \t]*[;"']/i;
const TOML_TABLE_ENTRY = /^[ \t]*["']?django["']?[ \t]*=[ \t]*(?:"([^"\n]*)"|\{[^}]*?version[ \t]*=[ \t]*"([^"\n]*)")/im;

async function text(files: ProjectFiles, file: string): Promise<string | undefined> {
  if (!files.files.has(file)) return undefined;
  const outcome = await files.read(file);
  return 'text' in outcome ? outcome.text : undefined;
}

function pin(spec: string, source: string): DjangoPin {
  const trimmed = spec.trim().replace(/\s+/g, '');
  const exact = /^===?(\d+\.\d+(?:\.\d+)?)$/.exec(trimmed)?.[1] ?? null;
  return { spec: trimmed === '*' ? '' : trimmed, source, exact };
}

/** Reads locks first (root), then the dependency files detection listed (relative to root). */
export async function readDjangoPin(files: ProjectFiles, root: string, dependencyFiles: string[]): Promise<DjangoPin | null> {
  for (const lock of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
    const version = LOCK_ENTRY.exec((await text(files, joinRel(root, lock))) ?? '')?.[1];
    if (version) return pin(`==${version}`, lock);
  }
  const pipfileLock = await text(files, joinRel(root, 'Pipfile.lock'));
  if (pipfileLock) {
    try {
      const version = (JSON.parse(pipfileLock) as { default?: Record<string, { version?: unknown }> }).default?.django?.version;
      if (typeof version === 'string') return pin(version, 'Pipfile.lock');
    } catch {
      // an unreadable lock says nothing; the Pipfile may
    }
  }
  const specs: string[] = [];
  const sources: string[] = [];
  for (const file of dependencyFiles) {
    const content = await text(files, joinRel(root, file));
    if (!content) continue;
    const match = file.endsWith('.txt') ? TXT_LINE.exec(content) : TOML_TABLE_ENTRY.exec(content) ?? PEP508_STRING.exec(content);
    if (!match) continue;
    const spec = (match[1] ?? match[2] ?? '').trim();
    sources.push(file);
    if (spec && spec !== '*') specs.push(/^\d/.test(spec) ? `==${spec}` : spec);
  }
  return sources.length ? pin(specs.join(','), sources.join(', ')) : null;
}
