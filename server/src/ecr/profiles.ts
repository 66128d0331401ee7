/**
 * Reads the AWS shared config and credentials files (the same files and env vars the SDK uses) to list
 * profiles and find a profile's region. Only what the picker and region resolution need: the SDK itself
 * still resolves credentials.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AwsProfileInfo {
  name: string;
  region?: string;
  /** The profile signs in through IAM Identity Center (sso_session or sso_start_url). */
  sso: boolean;
  /** Where it was found: the config file, the credentials file, or both. */
  sources: Array<'config' | 'credentials'>;
}

type IniSections = Map<string, Record<string, string>>;

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

export function awsConfigFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config');
}

export function awsCredentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials');
}

/** A forgiving INI reader: `[section]`, `key = value`, `#`/`;` comments, indented sub-keys ignored. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      const name = header[1].trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    if (!current || /^\s/.test(line)) continue; // nested values (e.g. under `ecr =` in [services]) are not ours
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

function readIni(file: string): IniSections {
  try {
    return parseIni(fs.readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/** Profiles from both files, sorted with `default` first. Files are re-read on every call. */
export function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): AwsProfileInfo[] {
  const byName = new Map<string, AwsProfileInfo>();
  const upsert = (name: string, source: 'config' | 'credentials', values: Record<string, string>) => {
    const info = byName.get(name) ?? { name, sso: false, sources: [] };
    if (!info.sources.includes(source)) info.sources.push(source);
    if (source === 'config') {
      info.region ??= values.region || undefined;
      info.sso ||= Boolean(values.sso_session || values.sso_start_url);
    }
    byName.set(name, info);
  };
  for (const [section, values] of readIni(awsConfigFilePath(env))) {
    if (section === 'default') upsert('default', 'config', values);
    else if (section.startsWith('profile ')) upsert(section.slice('profile '.length).trim(), 'config', values);
  }
  for (const [section, values] of readIni(awsCredentialsFilePath(env))) upsert(section, 'credentials', values);
  return [...byName.values()].sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name));
}

export function profileRegion(profile: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return listAwsProfiles(env).find((p) => p.name === profile)?.region;
}
