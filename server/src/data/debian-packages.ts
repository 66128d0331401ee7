/**
 * Which Debian packages bring the C library headers (libc6-dev) along, with `--no-install-recommends`.
 * Measured on bookworm (`apt-get -s install --no-install-recommends P` against the dpkg status of a
 * python:3.11-slim-like rootfs): gcc and gcc-N only *Recommend* libc6-dev; g++, clang and most -dev
 * packages Depend on it (directly or through libstdc++-dev, zlib1g-dev...).
 */

/** C compilers that, on their own, cannot compile or link anything without libc6-dev. */
export const COMPILER_WITHOUT_LIBC_HEADERS = /^gcc(-\d+)?$/;

/** Installing any of these (with or without recommends) puts /usr/include/stdio.h in place. */
export const PULLS_LIBC_HEADERS: ReadonlySet<string> = new Set([
  'libc6-dev', 'libc-dev', 'build-essential',
  'g++', 'clang',
  'zlib1g-dev', 'default-libmysqlclient-dev', 'libmariadb-dev', 'libmariadb-dev-compat', 'libgdal-dev',
  'libcairo2-dev', 'libxmlsec1-dev', 'libxml2-dev', 'libxslt1-dev', 'libjpeg-dev', 'libjpeg62-turbo-dev',
  'libpng-dev', 'python3-dev', 'libpython3-dev', 'libsqlite3-dev', 'libsasl2-dev', 'libproj-dev', 'libkrb5-dev',
]);

/** Versioned names Depend on libc6-dev like their unversioned ones (g++-12, clang-14, libpython3.11-dev). */
export function pullsLibcHeaders(pkg: string): boolean {
  return PULLS_LIBC_HEADERS.has(pkg) || /^(g\+\+|clang)-\d+$/.test(pkg) || /^(lib)?python3\.\d+-dev$/.test(pkg);
}
