import type { Instruction } from 'dockerfile-ast';
import { commandOf, chainInstructions, propertiesOf, segmentsOf } from '../dockerfile/commands';
import type { DockerfileModel } from '../dockerfile/model';
import { requiredSettingsEnv, type BuildTimeValue } from '../project/build-time-env';
import { collectstaticUses } from './support/collectstatic';
import type { Finding, Fix, Rule } from './types';

/** Names an instruction can see: ENV and ARG of its stage chain before it (an ARG may be given with --build-arg). */
function declaredBefore(model: DockerfileModel, instruction: Instruction): Set<string> {
  const stage = model.stages.find((s) => s.instructions.includes(instruction));
  if (!stage) return new Set();
  return new Set(chainInstructions(model, stage, instruction).flatMap((i) => propertiesOf(i).map((p) => p.name)));
}

/** `NAME=value` on the RUN line itself (before the command, or exported earlier in it). */
function setInline(text: string, name: string): boolean {
  return new RegExp(`(^|[\\s;&|(])(export\\s+)?${name}=`).test(text);
}

/** Inserts `NAME=value ` before the simple command that runs collectstatic (that command only sees them). */
function inlineFix(model: DockerfileModel, instruction: Instruction, missing: BuildTimeValue[]): Fix | null {
  const command = commandOf(model, instruction);
  if (!command || command.form !== 'shell') return null;
  const segment = segmentsOf(command.words).find((words) => words.some((w) => /(^|\s)collectstatic(\s|$)/.test(w.value)));
  if (!segment) return null;
  const at = segment[0].range.start;
  return {
    title: `Give collectstatic throwaway build-time values for ${missing.map((m) => m.name).join(', ')}`,
    preferred: true,
    edits: [{ range: { start: at, end: at }, newText: `${missing.map((m) => `${m.name}=${m.value}`).join(' ')} ` }],
  };
}

export const collectstaticEnvMissing: Rule = {
  id: 'collectstatic-env-missing',
  defaultSeverity: 'error',
  title: 'collectstatic runs at build time without environment variables the settings require',
  doc: [
    'Importing the settings reads variables such as `SECRET_KEY = env("APP_SECRET")`, `os.environ["X"]` or',
    '`config("X")` (python-decouple) with no default. During `docker build` nobody sets them, so',
    '`manage.py collectstatic` stops with `KeyError` / `ImproperlyConfigured` and the build fails.',
    '',
    'Fix: give each one a throwaway value on the collectstatic RUN line only (`APP_SECRET=build-only python manage.py',
    'collectstatic --noinput`). Never use ENV for them: ENV values stay in the image. The quick fix inserts them.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const project = workspace?.project;
    if (!project) return [];
    const required = requiredSettingsEnv(project);
    if (required.length === 0) return [];
    const findings: Finding[] = [];
    for (const use of collectstaticUses(dockerfile)) {
      if (use.instruction.getKeyword() !== 'RUN') continue; // at container start the deployment provides them
      const declared = declaredBefore(dockerfile, use.instruction);
      const text = commandOf(dockerfile, use.instruction)?.text ?? '';
      const missing = required.filter((r) => !declared.has(r.name) && !setInline(text, r.name));
      if (missing.length === 0) continue;
      const fix = inlineFix(dockerfile, use.instruction, missing);
      findings.push({
        ruleId: this.id,
        message: `collectstatic imports ${project.settingsModule ?? 'the settings'}, which require ${missing.map((m) => m.name).join(', ')} (no default); the build stops here without them`,
        range: use.range,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};
