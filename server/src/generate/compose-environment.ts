/**
 * The other variables the settings read, passed through from .env (compose reads .env for `${...}` on both
 * docker-compose 1.x and Compose v2): required ones as `${X:?...}` so a missing secret stops `up` with its
 * name instead of a traceback, ones with a literal default as `${X:-default}` so .env may override them.
 * Reads whose default is computed are left out: passing an empty string would change what the settings do.
 */
import type { DjangoProject } from '../project/types';

export interface Passthrough {
  environment: { name: string; value: string }[];
  /** Variables without a default, which .env must set. */
  required: string[];
}

export function settingsPassthrough(project: DjangoProject, alreadySet: Set<string>): Passthrough {
  const environment: Passthrough['environment'] = [];
  const required: string[] = [];
  const secretKey = project.settingsEnv?.secretKey;
  for (const read of project.settingsEnv?.reads ?? []) {
    if (alreadySet.has(read.variable) || read.variable === 'DJANGO_SETTINGS_MODULE') continue;
    if (!read.hasDefault || read.variable === secretKey) {
      // A secret key is required here even when the settings fall back to a development default.
      environment.push({ name: read.variable, value: `\${${read.variable}:?set ${read.variable} in .env}` });
      required.push(read.variable);
    } else if (read.default !== null && !/[}\n]/.test(read.default)) {
      environment.push({ name: read.variable, value: `\${${read.variable}:-${read.default.replace(/\$/g, '$$$$')}}` });
    }
  }
  return { environment, required };
}
