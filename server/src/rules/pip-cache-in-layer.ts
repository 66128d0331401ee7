import { envAt, type Word } from '../dockerfile/commands';
import { mountsScratch, shippedRuns, type SimpleCommand } from './support/run-commands';
import type { Finding, Rule } from './types';

/** hadolint DL3042, scoped to what ships: `pip install` keeping its wheel cache in the final image. */
export const pipCacheInLayer: Rule = {
  id: 'pip-cache-in-layer',
  defaultSeverity: 'warning',
  title: "pip's download cache is kept in the image",
  hadolint: 'DL3042',
  doc: [
    '`pip install` caches every downloaded wheel under `~/.cache/pip`; in a Dockerfile that cache is written into',
    'the layer and shipped (often 100+ MB for Django projects with compiled dependencies).',
    '',
    'Fine: `pip install --no-cache-dir …`, `ENV PIP_NO_CACHE_DIR=1`, or a BuildKit cache mount',
    '(`RUN --mount=type=cache,target=/root/.cache/pip pip install …`, which also speeds up rebuilds).',
    'Only stages that end up in the final image are checked (a builder whose venv is copied out may cache).',
    '`uv pip install`, `uv sync`, poetry and pipenv have their own caches and are not pip.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const { stage, instruction, commands } of shippedRuns(dockerfile, 'pip')) {
      if (!commands.some((command) => pipInstallWord(command) !== null)) continue;
      if (mountsScratch(instruction, /\.cache\/pip\/?$|\.cache\/?$/)) continue;
      const envValue = envAt(dockerfile, stage, instruction).get('PIP_NO_CACHE_DIR')?.value;
      if (disablesCache(envValue)) continue;
      for (const command of commands) {
        const install = pipInstallWord(command);
        if (!install || disablesCache(command.assignments.get('PIP_NO_CACHE_DIR'))) continue;
        if (command.words.some((word) => word.value === '--no-cache-dir')) continue;
        findings.push({
          ruleId: this.id,
          message: 'pip keeps its download cache in this layer: add --no-cache-dir (or use a cache mount)',
          range: { start: command.words[0].range.start, end: command.words[command.words.length - 1].range.end },
          fixes: [{ title: 'Add --no-cache-dir', preferred: true, edits: [{ range: { start: install.range.end, end: install.range.end }, newText: ' --no-cache-dir' }] }],
        });
      }
    }
    return findings;
  },
};

/** The `install` word of `pip install …` / `pip3.12 install` / `python -m pip install`, or null. */
function pipInstallWord(command: SimpleCommand): Word | null {
  const words = command.words;
  const program = words[0]?.value.split('/').pop() ?? '';
  let next = 1;
  if (/^python(\d+(\.\d+)?)?$/.test(program)) {
    const module = words.findIndex((word) => word.value === '-m');
    if (module < 0 || words[module + 1]?.value !== 'pip') return null;
    next = module + 2;
  } else if (!/^pip(\d+(\.\d+)?)?$/.test(program)) return null;
  const sub = words.slice(next).find((word) => !word.value.startsWith('-'));
  return sub?.value === 'install' ? sub : null;
}

function disablesCache(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(0|false|no)$/i.test(value);
}
