import { baseName } from '../dockerfile/app-server';
import { stageChain, type Word } from '../dockerfile/commands';
import { pythonInstalls, runSegments } from '../dockerfile/image-contents';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { COMPILER_WITHOUT_LIBC_HEADERS, pullsLibcHeaders } from '../data/debian-packages';
import { pythonImageInfo } from '../data/python';
import type { Finding, Rule } from './types';

export const compilerWithoutLibcHeaders: Rule = {
  id: 'compiler-without-libc-headers',
  defaultSeverity: 'warning',
  title: 'gcc installed with --no-install-recommends but without libc6-dev',
  doc: [
    'On Debian, `gcc` only *recommends* `libc6-dev` (the C library headers and `crt1.o`). The `python:*-slim`',
    'images ship Python\'s own headers but not the C library\'s, so after',
    '`apt-get install --no-install-recommends gcc libpq-dev` every C extension built from source (`psycopg2`,',
    '`psycopg[c]`, `uWSGI`, ...) fails with `fatal error: stdio.h: No such file or directory` (or `limits.h`).',
    '',
    'Fix: name `libc6-dev` next to `gcc` (or install `build-essential`, which depends on it).',
    'An error when the project has a dependency that is built from source; a warning otherwise (pip may find wheels).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const findings: Finding[] = [];
    // A parent stage's install is seen from every child that compiles: report it once.
    const reported = new Set<string>();
    const compilesForSure = (workspace?.project?.systemPackages.build ?? []).some((p) => COMPILER_WITHOUT_LIBC_HEADERS.test(p));
    for (const stage of dockerfile.stages) {
      if (!compilesIn(dockerfile, stage)) continue;
      const info = pythonImageInfo(stageChain(dockerfile, stage)[0].baseImage);
      // Full images are buildpack-deps with libc6-dev; Alpine uses apk (musl-dev), another story.
      if (info?.variant !== 'slim') continue;
      const aptInstalls = runSegments(dockerfile, stage).map((segment) => ({ segment, install: aptInstall(segment.words) })).filter((a) => a.install);
      const headers = aptInstalls.some(({ install }) => install!.packages.some((p) => pullsLibcHeaders(p.value.toLowerCase())) || (install!.recommends && install!.packages.some((p) => COMPILER_WITHOUT_LIBC_HEADERS.test(p.value))));
      if (headers) continue;
      for (const { segment, install } of aptInstalls) {
        const compiler = install!.packages.find((p) => COMPILER_WITHOUT_LIBC_HEADERS.test(p.value));
        const key = compiler && `${compiler.range.start.line}:${compiler.range.start.character}`;
        if (!key || reported.has(key)) continue;
        reported.add(key);
        const last = segment.words[segment.words.length - 1];
        findings.push({
          ruleId: this.id,
          message: `\`${compiler.value}\` without \`libc6-dev\` (--no-install-recommends, ${info.repository}:${info.tag ?? 'latest'} has no C library headers): building C extensions fails on \`stdio.h: No such file or directory\``,
          range: compiler.range,
          severity: compilesForSure ? 'error' : 'warning',
          fixes: [{ title: 'Install libc6-dev with the compiler', preferred: true, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ' libc6-dev' }] }],
        });
      }
    }
    return findings;
  },
};

/** `apt-get install` / `apt install`: its package words and whether recommends are installed. */
function aptInstall(words: readonly Word[]): { packages: Word[]; recommends: boolean } | null {
  if (!/^apt(-get)?$/.test(baseName(words[0]?.value ?? ''))) return null;
  const verb = words.findIndex((word, k) => k > 0 && word.value === 'install');
  if (verb < 0) return null;
  let recommends = true;
  const packages: Word[] = [];
  for (let k = 1; k < words.length; k++) {
    const value = words[k].value;
    const option = value === '-o' ? (words[++k]?.value ?? '') : value.replace(/^-o/, '');
    if (value === '--no-install-recommends' || /^APT::Install-Recommends=(false|0|no)$/i.test(option)) recommends = false;
    else if (k > verb && !value.startsWith('-') && !value.includes('$')) packages.push(words[k]);
  }
  return { packages: packages.map((p) => ({ ...p, value: p.value.split('=')[0] })), recommends };
}

/** The stage itself builds something: a Python install or `pip wheel` (sdists compile), a compiler/make call. */
function compilesIn(model: DockerfileModel, stage: Stage): boolean {
  if (pythonInstalls(model, stage, { chain: false }).length > 0) return true;
  return runSegments(model, stage, { chain: false }).some(({ words }) => {
    const values = words.map((w) => w.value);
    const tool = baseName(values[0]);
    const pip = /^pip(\d(\.\d+)?)?$/.test(tool) || values.slice(1, 3).join(' ') === '-m pip';
    return (pip && values.includes('wheel')) || /^(gcc(-\d+)?|cc|make|cmake)$/.test(tool) || values.some((v) => /(^|\/)setup\.py$/.test(v));
  });
}
