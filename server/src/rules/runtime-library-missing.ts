import { baseName } from '../dockerfile/app-server';
import { stageChain } from '../dockerfile/commands';
import { pythonInstalls, runSegments, systemPackagesInstalled } from '../dockerfile/image-contents';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { pythonImageInfo } from '../data/python';
import { SYSTEM_PACKAGES } from '../project/system-packages';
import type { Fix, Rule } from './types';

/** Installed packages that also bring a runtime library in (its -dev package depends on it). */
const PROVIDED_BY: Readonly<Record<string, readonly string[]>> = {
  libpq5: ['libpq-dev', 'postgresql-client'],
  libmariadb3: ['libmariadb-dev', 'libmariadb-dev-compat', 'default-libmysqlclient-dev', 'default-mysql-client', 'mariadb-client'],
  'gdal-bin': ['libgdal-dev'],
  libmagic1: ['libmagic-dev', 'file'],
  unixodbc: ['unixodbc-dev'],
  libcairo2: ['libcairo2-dev'],
};

/** Alpine names for the Debian runtime libraries we know (others are not judged on Alpine). */
const ALPINE_NAME: Readonly<Record<string, { name: string; providedBy: readonly string[] }>> = {
  libpq5: { name: 'libpq', providedBy: ['libpq-dev', 'postgresql-dev', 'postgresql-libs', 'postgresql-client'] },
  libmariadb3: { name: 'mariadb-connector-c', providedBy: ['mariadb-connector-c-dev', 'mariadb-dev', 'mariadb-client'] },
};

export const runtimeLibraryMissing: Rule = {
  id: 'runtime-library-missing',
  defaultSeverity: 'error',
  title: 'A Python dependency needs a system library the final image does not install',
  doc: [
    '`psycopg2` (source build), `psycopg[c]`, plain `psycopg` and `mysqlclient` load `libpq` / the MariaDB client',
    'library at run time. A builder stage with `libpq-dev` compiles them fine, but a `-slim` or Alpine final stage',
    'has no such library: the container fails at the first import with',
    '`ImportError: libpq.so.5: cannot open shared object file`.',
    '',
    'Fix: install the runtime library (not the `-dev` package) in the final stage, e.g.',
    '`RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`,',
    'or use a wheel that bundles it (`psycopg[binary]`).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const info = pythonImageInfo(stageChain(dockerfile, stage)[0].baseImage);
    if (!info || (info.variant !== 'slim' && info.variant !== 'alpine')) return [];
    const installs = dockerfile.stages.flatMap((s) => pythonInstalls(dockerfile, s, { chain: false }));
    // The Dockerfile must install Python dependencies somewhere, or it is not this project's image.
    if (installs.length === 0) return [];
    const needs = requiredLibraries(workspace?.project?.dependencies ?? [], workspace?.project?.systemPackages.runtime ?? [], installs);
    const alpine = info.variant === 'alpine';
    const installed = systemPackagesInstalled(dockerfile, stage);
    const missing = new Map<string, string[]>();
    for (const [library, needers] of needs) {
      const wanted = alpine ? ALPINE_NAME[library] : { name: library, providedBy: PROVIDED_BY[library] ?? [] };
      if (!wanted || installed.has(wanted.name) || wanted.providedBy.some((p) => installed.has(p))) continue;
      missing.set(wanted.name, needers);
    }
    if (missing.size === 0) return [];
    const needers = [...new Set([...missing.values()].flat())].join(', ') || "the project's dependencies";
    return [
      {
        ruleId: this.id,
        message: `The final image (${info.repository}:${info.tag ?? 'latest'}) lacks ${[...missing.keys()].join(', ')}, needed at run time by ${needers}`,
        range: stage.from.getRange(),
        fixes: [installFix(dockerfile, stage, [...missing.keys()], alpine)],
      },
    ];
  },
};

/** A pip/uv install argument naming a distribution with a row in the system package table (`psycopg2==2.9`, `"psycopg[c]"`). */
const INSTALL_ARGUMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(?:[=<>~!;@ ].*)?$/;

/**
 * Runtime libraries -> the distributions that need them: from the project model (its dependencies and the
 * table's runtime rows) and from distributions named directly on pip/uv install lines of the Dockerfile.
 */
function requiredLibraries(dependencies: readonly string[], runtime: readonly string[], installs: ReturnType<typeof pythonInstalls>): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  const add = (library: string, by: string) => needs.set(library, [...new Set([...(needs.get(library) ?? []), by])]);
  for (const library of runtime) {
    const by = Object.entries(SYSTEM_PACKAGES)
      .filter(([key, row]) => dependencies.includes(key.replace(/\[.*$/, '')) && row.runtime.includes(library))
      .map(([key]) => key.replace(/\[.*$/, ''));
    if (by.length === 0) needs.set(library, needs.get(library) ?? []);
    for (const name of by) add(library, name);
  }
  for (const install of installs) {
    for (const word of install.words.slice(1)) {
      const match = INSTALL_ARGUMENT.exec(word.value);
      if (!match || word.value.startsWith('-')) continue;
      const name = match[1].toLowerCase().replace(/[._]+/g, '-');
      const extras = (match[2] ?? '').slice(1, -1).split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
      const row = extras.map((extra) => SYSTEM_PACKAGES[`${name}[${extra}]`]).find(Boolean) ?? SYSTEM_PACKAGES[name];
      for (const library of row?.runtime ?? []) add(library, name);
    }
  }
  return needs;
}

/** Adds the packages to the final stage's own install command, or adds an install RUN right after its FROM. */
function installFix(model: DockerfileModel, stage: Stage, packages: string[], alpine: boolean): Fix {
  const install = runSegments(model, stage, { chain: false }).find(({ words }) => {
    const tool = baseName(words[0].value);
    return alpine ? tool === 'apk' && words.some((w) => w.value === 'add') : /^apt(-get)?$/.test(tool) && words.some((w) => w.value === 'install');
  });
  if (install) {
    const last = install.words[install.words.length - 1];
    return { title: `Install ${packages.join(' ')} in the final stage`, preferred: true, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` ${packages.join(' ')}` }] };
  }
  const line = stage.from.getRange().end.line + 1;
  const run = alpine
    ? `RUN apk add --no-cache ${packages.join(' ')}`
    : `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
  return { title: `Install ${packages.join(' ')} in the final stage`, preferred: true, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${run}\n` }] };
}
