/**
 * The generic Dockerfile validity layer: dockerfile-utils' validator (the one Microsoft's Docker extension
 * shows), wrapped so that
 *  - it always gets a full ValidatorSettings object (a partial one silently turns the other checks off);
 *  - it reuses our parse of the document instead of parsing it a second time;
 *  - its known false positives against current BuildKit syntax are dropped;
 *  - its numeric codes become stable ids (`dockerfile-utils/<name>`) with hadolint/BuildKit equivalents,
 *    so severities and suppressions work as for our own rules.
 */
import { DockerfileParser, type Argument } from 'dockerfile-ast';
import { ValidationCode, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DockerfileModel } from '../../dockerfile/model';
import type { Finding, Severity } from '../types';

export const GENERIC_SOURCE = 'dockerfile-utils';
export const GENERIC_PREFIX = 'dockerfile-utils/';

/** Every configurable check on, at dockerfile-utils' own defaults. */
export const FULL_VALIDATOR_SETTINGS: Required<ValidatorSettings> = {
  deprecatedMaintainer: ValidationSeverity.WARNING,
  directiveCasing: ValidationSeverity.WARNING,
  emptyContinuationLine: ValidationSeverity.WARNING,
  instructionCasing: ValidationSeverity.WARNING,
  instructionCmdMultiple: ValidationSeverity.WARNING,
  instructionEntrypointMultiple: ValidationSeverity.WARNING,
  instructionHealthcheckMultiple: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  instructionWorkdirRelative: ValidationSeverity.WARNING,
};

interface CodeInfo {
  hadolint?: string;
  buildkit?: string;
  /** Our rules that report the same issue on the same line: their finding wins. */
  sameIssueAs?: readonly string[];
  /** Severity when dockerfile-utils is stricter than Docker itself. */
  severity?: Severity;
}

/** Equivalents from notes lint-rules.md §2.1 (BuildKit) and §1.2 (hadolint). */
const CODE_INFO: Partial<Record<ValidationCode, CodeInfo>> = {
  [ValidationCode.DUPLICATE_BUILD_STAGE_NAME]: { hadolint: 'DL3024', buildkit: 'DuplicateStageName' },
  [ValidationCode.EMPTY_CONTINUATION_LINE]: { buildkit: 'NoEmptyContinuation' },
  [ValidationCode.DEPRECATED_MAINTAINER]: { hadolint: 'DL4000', buildkit: 'MaintainerDeprecated' },
  [ValidationCode.WORKDIR_IS_NOT_ABSOLUTE]: { hadolint: 'DL3000', buildkit: 'WorkdirRelativePath' },
  [ValidationCode.MULTIPLE_INSTRUCTIONS]: { buildkit: 'MultipleInstructionsDisallowed' },
  [ValidationCode.INVALID_DESTINATION]: { hadolint: 'DL3021' },
  [ValidationCode.INVALID_PORT]: { hadolint: 'DL3011' },
  [ValidationCode.FLAG_INVALID_FROM_VALUE]: { sameIssueAs: ['copy-from-unknown-stage'] },
  [ValidationCode.INVALID_REFERENCE_FORMAT]: { sameIssueAs: ['ecr-image-reference-invalid', 'ecr-image-reference-placeholder'] },
  [ValidationCode.BASE_NAME_EMPTY]: { buildkit: 'InvalidDefaultArgInFrom' },
  // Single-quoted "JSON" is shell form: our server-shell-form explains the consequence (signals) on that line.
  [ValidationCode.JSON_IN_SINGLE_QUOTES]: { sameIssueAs: ['server-shell-form'] },
};

/** hadolint splits "multiple instructions" by keyword. */
const MULTIPLE_HADOLINT: Record<string, string> = { CMD: 'DL4003', ENTRYPOINT: 'DL4004', HEALTHCHECK: 'DL3012' };

/** ADD flags BuildKit accepts that dockerfile-utils 0.16.3 does not know yet (notes §3.2). */
const NEWER_ADD_FLAGS = new Set(['unpack']);

export interface GenericFinding extends Finding {
  hadolint?: string;
  buildkit?: string;
  sameIssueAs?: readonly string[];
  source: string;
}

/** `UNKNOWN_ADD_FLAG` -> `dockerfile-utils/unknown-add-flag` */
export function genericRuleId(code: number): string {
  const name = (ValidationCode as unknown as Record<number, string>)[code] ?? `code-${code}`;
  return GENERIC_PREFIX + name.toLowerCase().replace(/_/g, '-');
}

/** All ids the generic layer can produce (for settings, docs and tests). */
export function genericRuleIds(): string[] {
  return Object.values(ValidationCode)
    .filter((value): value is number => typeof value === 'number')
    .map(genericRuleId)
    .filter((id, index, all) => all.indexOf(id) === index);
}

export function validateGeneric(model: DockerfileModel): GenericFinding[] {
  const diagnostics = validateWithParsedModel(model);
  const findings: GenericFinding[] = [];
  for (const diagnostic of diagnostics) {
    if (isKnownFalsePositive(diagnostic)) continue;
    const code = Number(diagnostic.code);
    const message = messageOf(diagnostic);
    const info = CODE_INFO[code as ValidationCode] ?? {};
    const hadolint = code === ValidationCode.MULTIPLE_INSTRUCTIONS ? MULTIPLE_HADOLINT[/\b(CMD|ENTRYPOINT|HEALTHCHECK)\b/.exec(message)?.[1] ?? ''] : info.hadolint;
    findings.push({
      ruleId: genericRuleId(code),
      message,
      range: diagnostic.range,
      severity: info.severity ?? (diagnostic.severity === 1 ? 'error' : diagnostic.severity === 2 ? 'warning' : diagnostic.severity === 3 ? 'info' : 'hint'),
      source: GENERIC_SOURCE,
      ...(hadolint ? { hadolint } : {}),
      ...(info.buildkit ? { buildkit: info.buildkit } : {}),
      ...(info.sameIssueAs ? { sameIssueAs: info.sameIssueAs } : {}),
    });
  }
  return findings;
}

/**
 * dockerfile-utils' validate() parses the text itself. Its parse is over half its time, and we already
 * hold the AST of this exact text, so it gets that AST for the duration of the (synchronous) call. The parser
 * is wrapped once (a stable function, so V8 keeps it optimised); outside a call it parses as before.
 */
let handOver: DockerfileModel | null = null;
const parser = DockerfileParser as unknown as { parse(text: string): unknown };
const originalParse = parser.parse.bind(DockerfileParser);
parser.parse = (text: string) => (handOver !== null && text === handOver.text ? handOver.ast : originalParse(text));

function validateWithParsedModel(model: DockerfileModel): Diagnostic[] {
  const unsafe = unsafeStageNames(model);
  if (unsafe.length > 0) return validateAroundUnsafeStageNames(model, unsafe);
  handOver = model;
  try {
    return new Validator(FULL_VALIDATOR_SETTINGS).validate(TextDocument.create('', 'dockerfile', 0, model.text));
  } finally {
    handOver = null;
  }
}

/**
 * dockerfile-utils checks stage names with `/^[a-z]([a-z0-9_\-.]*)*$/`, which backtracks exponentially on a
 * long name with one bad character (`FROM a AS aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!` blocks for minutes: found by
 * our fuzz tests). Such names are found here with the equivalent linear pattern.
 */
const STAGE_NAME = /^[a-z][a-z0-9_\-.]*$/;

function unsafeStageNames(model: DockerfileModel): Argument[] {
  const unsafe: Argument[] = [];
  for (const from of model.ast.getFROMs()) {
    const name = from.getArguments()[2];
    if (name && !STAGE_NAME.test(name.getValue().toLowerCase())) unsafe.push(name);
  }
  return unsafe;
}

/** Validates a copy whose bad stage names are blanked to `a…a` (same length, positions kept), then reports them ourselves. */
function validateAroundUnsafeStageNames(model: DockerfileModel, names: Argument[]): Diagnostic[] {
  const document = TextDocument.create('', 'dockerfile', 0, model.text);
  let text = model.text;
  for (const name of names) {
    const start = document.offsetAt(name.getRange().start);
    const end = document.offsetAt(name.getRange().end);
    text = text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, 'a') + text.slice(end);
  }
  const diagnostics = new Validator(FULL_VALIDATOR_SETTINGS).validate(TextDocument.create('', 'dockerfile', 0, text));
  for (const name of names) {
    diagnostics.push({
      range: name.getRange(),
      severity: 1,
      code: ValidationCode.INVALID_BUILD_STAGE_NAME,
      source: GENERIC_SOURCE,
      message: `invalid name for build stage: "${name.getValue().toLowerCase()}", name can't start with a number or contain symbols`,
    });
  }
  return diagnostics;
}

function isKnownFalsePositive(diagnostic: Diagnostic): boolean {
  if (Number(diagnostic.code) === ValidationCode.UNKNOWN_ADD_FLAG) {
    const flag = /Unknown flag: (\S+)/.exec(messageOf(diagnostic))?.[1]?.toLowerCase();
    return flag !== undefined && NEWER_ADD_FLAGS.has(flag);
  }
  return false;
}

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
