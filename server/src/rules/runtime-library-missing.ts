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
    const project = workspace?.project;
    if (!stage || !project || project.systemPackages.runtime.length === 0) return [];
    const info = pythonImageInfo(stageChain(dockerfile, stage)[0].baseImage);
    if (!info || (info.variant !== 'slim' && info.variant !== 'alpine')) return [];
    // The Dockerfile must install the project's dependencies somewhere, or it is not this project's image.
    if (!dockerfile.stages.some((s) => pythonInstalls(dockerfile, s, { chain: false }).length > 0)) return [];
    const alpine = info.variant === 'alpine';
    const installed = systemPackagesInstalled(dockerfile, stage);
    const missing: string[] = [];
    for (const library of project.systemPackages.runtime) {
      const wanted = alpine ? ALPINE_NAME[library] : { name: library, providedBy: PROVIDED_BY[library] ?? [] };
      if (!wanted || installed.has(wanted.name) || wanted.providedBy.some((p) => installed.has(p))) continue;
      missing.push(wanted.name);
    }
    if (missing.length === 0) return [];
    const needers = neededBy(project.dependencies, project.systemPackages.runtime);
    return [
      {
        ruleId: this.id,
        message: `The final image (${info.repository}:${info.tag ?? 'latest'}) lacks ${missing.join(', ')}, needed at run time by ${needers}`,
        range: stage.from.getRange(),
        fixes: [installFix(dockerfile, stage, missing, alpine)],
      },
    ];
  },
};

function neededBy(dependencies: readonly string[], runtime: readonly string[]): string {
  const names = Object.entries(SYSTEM_PACKAGES)
    .filter(([key, row]) => dependencies.includes(key.replace(/\[.*$/, '')) && row.runtime.some((lib) => runtime.includes(lib)))
    .map(([key]) => key.replace(/\[.*$/, ''));
  return [...new Set(names)].join(', ') || 'the project\'s dependencies';
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
