/**
 * Debian packages the Python dependencies need: build-only (headers and compilers for the builder
 * stage) and runtime-only (shared libraries for the final stage). Data, not code: one row per
 * distribution (or distribution[extra]); names valid on Debian bookworm and trixie.
 * A distribution with manylinux wheels that bundle their libraries (Pillow, lxml, psycopg2-binary,
 * cryptography) needs nothing and has no row, or an empty one when it shadows a plainer row.
 */
import type { Requirement } from './requirements';
import type { SystemPackages } from './types';

export interface SystemPackageRow {
  build: string[];
  runtime: string[];
  /** Why, for hovers and generated comments. */
  reason: string;
}

/**
 * A C compiler and the C library's headers. gcc only *recommends* libc6-dev, slim images do not ship it and the
 * generated `apt-get install --no-install-recommends` does not pull it: without it every C extension fails on
 * `stdio.h`/`limits.h`. Every row that compiles names this pair, never a bare `gcc`.
 */
const C_COMPILER = ['gcc', 'libc6-dev'];

const LIBPQ_FROM_SOURCE: SystemPackageRow = {
  build: ['libpq-dev', ...C_COMPILER],
  runtime: ['libpq5'],
  reason: 'compiles against libpq and loads it at run time',
};

export const SYSTEM_PACKAGES: Readonly<Record<string, SystemPackageRow>> = {
  psycopg2: LIBPQ_FROM_SOURCE,
  'psycopg[c]': LIBPQ_FROM_SOURCE,
  'psycopg[binary]': { build: [], runtime: [], reason: 'ships libpq in its wheel' },
  psycopg: { build: [], runtime: ['libpq5'], reason: 'the pure-Python implementation loads the system libpq' },
  'psycopg-c': LIBPQ_FROM_SOURCE,
  mysqlclient: {
    build: ['default-libmysqlclient-dev', 'pkg-config', ...C_COMPILER],
    runtime: ['libmariadb3'],
    reason: 'compiles against the MySQL/MariaDB client library',
  },
  gdal: {
    build: ['libgdal-dev', ...C_COMPILER, 'g++'],
    runtime: ['gdal-bin'],
    reason: 'the GDAL bindings compile against libgdal',
  },
  pyodbc: { build: [], runtime: ['unixodbc'], reason: 'its wheels load the unixODBC driver manager' },
  'mssql-django': { build: [], runtime: ['unixodbc'], reason: 'uses pyodbc, which loads unixODBC' },
  'python-magic': { build: [], runtime: ['libmagic1'], reason: 'loads libmagic at run time' },
  pycairo: { build: ['libcairo2-dev', 'pkg-config', ...C_COMPILER], runtime: ['libcairo2'], reason: 'compiles against cairo' },
  weasyprint: {
    build: [],
    runtime: ['libpango-1.0-0', 'libpangoft2-1.0-0', 'libharfbuzz-subset0'],
    reason: 'loads Pango and HarfBuzz at run time',
  },
  xmlsec: {
    build: ['libxmlsec1-dev', 'pkg-config', ...C_COMPILER],
    runtime: ['libxmlsec1-openssl'],
    reason: 'compiles against xmlsec1',
  },
  // pyuwsgi ships wheels and needs neither.
  uwsgi: { build: [...C_COMPILER], runtime: [], reason: 'compiles its server at install time' },
};

/** GeoDjango (django.contrib.gis, a spatial backend): the libraries Django loads through ctypes. */
export const GEODJANGO_PACKAGES: SystemPackageRow = {
  build: [],
  runtime: ['binutils', 'gdal-bin', 'libproj-dev'],
  reason: 'GeoDjango loads GEOS, GDAL and PROJ at run time',
};

/** The row for one requirement: an extra's row wins over the plain distribution's. */
export function systemPackagesFor(requirement: Requirement): SystemPackageRow | undefined {
  for (const extra of requirement.extras) {
    const row = SYSTEM_PACKAGES[`${requirement.name}[${extra}]`];
    if (row) return row;
  }
  return SYSTEM_PACKAGES[requirement.name];
}

export function collectSystemPackages(requirements: Requirement[], geoDjango: boolean): SystemPackages {
  const build = new Set<string>();
  const runtime = new Set<string>();
  const rows = requirements.map(systemPackagesFor).filter((r): r is SystemPackageRow => !!r);
  if (geoDjango) rows.push(GEODJANGO_PACKAGES);
  for (const row of rows) {
    row.build.forEach((p) => build.add(p));
    row.runtime.forEach((p) => runtime.add(p));
  }
  return { build: [...build].sort(), runtime: [...runtime].sort() };
}
