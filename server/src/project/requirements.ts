/** PEP 508 requirement names and pip requirements files (`-r`/`-c` includes, editables, continuations). */

export interface Requirement {
  /** PEP 503-normalised distribution name. */
  name: string;
  /** Lower-cased extras, e.g. ["c"] for psycopg[c]. */
  extras: string[];
}

/** PEP 503: lower-case, runs of -_. become one "-". */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name and extras of a PEP 508 string ("psycopg[c]>=3.1; python_version>'3.8'"), or undefined. */
export function parseRequirement(spec: string): Requirement | undefined {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?/.exec(spec);
  if (!match) return undefined;
  const extras = (match[2] ?? '').split(',').map((e) => normaliseName(e.trim())).filter(Boolean);
  return { name: normaliseName(match[1]), extras };
}

export interface RequirementsFileContent {
  requirements: Requirement[];
  /** `-r` targets, as written (relative to the file's folder). */
  includes: string[];
  /** `-c` targets, as written. */
  constraints: string[];
  /** Local project folders installed from this file (`-e .`, `./lib`), as written. */
  localPaths: string[];
  /** Extras asked of a local folder (`-e .[server]` -> { ".": ["server"] }): its optional dependencies are installed. */
  localExtras: Record<string, string[]>;
}

/** Parses the text of a requirements file (pip's format, not a Python file). */
export function parseRequirementsText(text: string): RequirementsFileContent {
  const out: RequirementsFileContent = { requirements: [], includes: [], constraints: [], localPaths: [], localExtras: {} };
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const rawLine of logical) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const option = /^(-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+)?(\S.*)?$/.exec(line);
    if (option && (line.startsWith('--') ? /^--\w+(\s|=)/.test(line) : true)) {
      const target = (option[2] ?? '').trim();
      if (!target) continue;
      if (option[1] === '-r' || option[1] === '--requirement') out.includes.push(target);
      else if (option[1] === '-c' || option[1] === '--constraint') out.constraints.push(target);
      else addUrlOrPath(out, target);
      continue;
    }
    if (line.startsWith('-')) continue; // --index-url, --hash, --no-binary ...: not requirements
    if (/^(\.|\/|[a-z+]+:\/\/)/i.test(line)) {
      addUrlOrPath(out, line);
      continue;
    }
    const requirement = parseRequirement(line);
    if (requirement) out.requirements.push(requirement);
  }
  return out;
}

/** A URL names its distribution with #egg=; a local folder is the project itself or a sibling package. */
function addUrlOrPath(out: RequirementsFileContent, target: string): void {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(target);
  if (egg) out.requirements.push({ name: normaliseName(egg[1]), extras: [] });
  else if (/^(\.|\/|file:)/.test(target)) {
    const local = target.replace(/^file:(\/\/)?/, '');
    const folder = local.replace(/\[.*$/, '');
    out.localPaths.push(folder);
    const extras = /\[([^\]]*)\]/.exec(local)?.[1].split(',').map((e) => normaliseName(e.trim())).filter(Boolean) ?? [];
    if (extras.length) out.localExtras[folder] = [...(out.localExtras[folder] ?? []), ...extras];
  }
}
