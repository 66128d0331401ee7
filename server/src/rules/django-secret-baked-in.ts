import type { Instruction } from 'dockerfile-ast';
import { hasVariable, propertiesOf, type EnvEntry } from '../dockerfile/commands';
import type { FileEdit, Finding, Rule } from './types';

const SECRET_KEY_NAME = /(^|_)SECRET_KEY$/i;
/** `scheme://user:password@host` with a literal password (`redis://:pw@` too). */
const CREDENTIALS_URL = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/:@]*):([^\s/@]+)@/i;

export const djangoSecretBakedIn: Rule = {
  id: 'django-secret-baked-in',
  defaultSeverity: 'error',
  title: 'A secret (SECRET_KEY, a password in a URL) is baked into the image',
  hadolint: 'DL3064',
  buildkit: 'SecretsUsedInArgOrEnv',
  doc: [
    'ENV and ARG values are stored in the image configuration and history: anyone who can pull the image reads',
    'them with `docker history` or `docker inspect`. A literal `SECRET_KEY` (worse: a `django-insecure-…` key from',
    '`startproject`) lets them forge sessions and password-reset tokens; a `postgres://user:password@…` URL hands',
    'out the database.',
    '',
    'Fix: pass secrets at run time (ECS task definition `secrets`, compose `env_file`), and at build time use',
    '`RUN --mount=type=secret,id=django_secret_key,env=DJANGO_SECRET_KEY …`. A placeholder such as',
    '`ARG DJANGO_SECRET_KEY` (no default) is fine; so is a `$VARIABLE` reference.',
  ].join('\n'),
  check({ dockerfile }) {
    const findings: Finding[] = [];
    for (const instruction of dockerfile.ast.getInstructions()) {
      for (const entry of propertiesOf(instruction)) {
        const problem = secretProblem(entry);
        if (!problem) continue;
        findings.push({
          ruleId: this.id,
          message: `${problem} is baked into the image (${instruction.getKeyword()} values are readable with docker history/inspect)`,
          range: entry.range,
          fixes: [{ title: `Remove ${entry.name} from the Dockerfile (pass it at run time)`, edits: [removeProperty(instruction, entry)] }],
        });
      }
    }
    return findings;
  },
};

function secretProblem(entry: EnvEntry): string | null {
  const value = entry.raw;
  if (!value || entry.valueRange === null) return null;
  if (value.startsWith('django-insecure-')) return `A django-insecure- SECRET_KEY in ${entry.name}`;
  if (SECRET_KEY_NAME.test(entry.name) && !hasVariable(value)) return `A literal ${entry.name}`;
  const url = CREDENTIALS_URL.exec(value);
  if (url && !hasVariable(url[3])) return `The password in ${entry.name} (${url[1]}://${url[2]}:****@…)`;
  return null;
}

/** Deletes the whole instruction when the entry is its only property, else just the entry. */
function removeProperty(instruction: Instruction, entry: EnvEntry): FileEdit {
  if (propertiesOf(instruction).length === 1) {
    const range = instruction.getRange();
    return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
  }
  return { range: entry.range, newText: '' };
}
