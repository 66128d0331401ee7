/**
 * The server's settings: workspace/configuration section `djangoContainer` merged over
 * initializationOptions. Anything malformed falls back to the default instead of failing.
 */
import type { Severity } from '../rules/types';

export type SeveritySetting = Severity | 'off';

export interface ServerSettings {
  /** ruleId -> severity or 'off'. */
  severities: Record<string, SeveritySetting>;
  /** The dockerfile-utils validity layer (off when another Dockerfile extension already reports it). */
  genericRules: boolean;
  /** Untrusted workspaces never reach AWS. */
  trusted: boolean;
  aws: AwsSettings;
  /** Typing debounce before diagnostics are computed. */
  diagnosticsDelayMs: number;
  /** How long the ECR listing counts as fresh before a background refresh. */
  ecrCacheTtlMs: number;
}

export interface AwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
}

export const DEFAULT_DIAGNOSTICS_DELAY_MS = 200;
export const DEFAULT_ECR_CACHE_TTL_MS = 5 * 60_000;

const SEVERITY_VALUES = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

export interface InitOptions {
  genericRules?: unknown;
  trusted?: unknown;
  diagnosticsDelayMs?: unknown;
  ecrCacheTtlMs?: unknown;
  /** Same shape as the configuration section, for clients that do not answer workspace/configuration. */
  settings?: unknown;
}

export function initialSettings(init: InitOptions | undefined | null): ServerSettings {
  const base: ServerSettings = {
    severities: {},
    genericRules: init?.genericRules === false ? false : true,
    trusted: init?.trusted === false ? false : true,
    aws: {},
    diagnosticsDelayMs: nonNegativeNumber(init?.diagnosticsDelayMs) ?? DEFAULT_DIAGNOSTICS_DELAY_MS,
    ecrCacheTtlMs: nonNegativeNumber(init?.ecrCacheTtlMs) ?? DEFAULT_ECR_CACHE_TTL_MS,
  };
  return init?.settings ? mergeConfiguration(base, init.settings) : base;
}

/** Applies a `djangoContainer` configuration object over the current settings. */
export function mergeConfiguration(current: ServerSettings, section: unknown): ServerSettings {
  if (!isObject(section)) return current;
  const rules = isObject(section.rules) ? section.rules : {};
  const lint = isObject(section.lint) ? section.lint : {};
  const aws = isObject(section.aws) ? section.aws : {};
  return {
    ...current,
    severities: isObject(rules.severity) ? severitiesFrom(rules.severity) : current.severities,
    genericRules: typeof lint.genericRules === 'boolean' ? lint.genericRules : current.genericRules,
    aws: {
      profile: nonEmptyString(aws.profile) ?? current.aws.profile,
      region: nonEmptyString(aws.region) ?? current.aws.region,
      endpoint: nonEmptyString(aws.endpoint) ?? current.aws.endpoint,
    },
  };
}

function severitiesFrom(value: Record<string, unknown>): Record<string, SeveritySetting> {
  const result: Record<string, SeveritySetting> = {};
  for (const [ruleId, severity] of Object.entries(value)) {
    if (typeof severity === 'string' && SEVERITY_VALUES.has(severity)) result[ruleId] = severity as SeveritySetting;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function nonNegativeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
