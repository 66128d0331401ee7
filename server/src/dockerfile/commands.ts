/**
 * Shared helpers that read the commands and settings of a parsed Dockerfile the way Docker does:
 *
 * - `commandOf(model, instruction)` (and `argumentWords` for any instruction): CMD / ENTRYPOINT / RUN / HEALTHCHECK CMD as words with source ranges,
 *   in exec form (a JSON array) or shell form (shell words; quotes removed, `&&`, `||`, `;`, `|`, `&` kept as operators).
 * - `segmentsOf(words)`: the simple commands of a shell line, split at operators.
 * - `processOf(model, stage)`: the effective ENTRYPOINT + CMD of a stage (inherited through `FROM <stage>`).
 * - `stageChain`, `stageByRef`: stages a stage builds on; a `COPY --from=` reference resolved to its stage.
 * - `envAt(model, stage, before?)`: ENV values in effect (through parent stages), `expandVariables`.
 * - `argDefaults(model, stage)`: ARG defaults visible in a stage (global ARGs redeclared plus stage ARGs).
 * - `copiesOf(model, stage)`: COPY / ADD with `--from`, `--chown`, sources and the absolute destination.
 * - `workdirAt(model, stage, before?)`: the WORKDIR in effect at an instruction.
 *
 * Everything is pure and positions are 0-based LSP positions, so rules can put findings and fixes on exact words.
 */
import type { Instruction } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import type { DockerfileModel, Stage } from './model';
import { KeyedCache } from '../rules/support/memoize';

/** One word of a command, quotes removed, with the range of its source text (quotes included). */
export interface Word {
  value: string;
  range: Range;
  /** A shell control operator (`&&`, `||`, `;`, `|`, `&`); never set in exec form. */
  operator?: boolean;
  /** Some part of the word was quoted (so it is not a glob/operator/variable in the shell's eyes). */
  quoted?: boolean;
}

export interface CommandLine {
  form: 'exec' | 'shell';
  words: Word[];
  instruction: Instruction;
  /** Range of the command text (after flags, and after `CMD` for HEALTHCHECK). */
  range: Range;
  /** The command text as written (shell form) or re-joined words (exec form). */
  text: string;
}

const documents = new KeyedCache<DockerfileModel, TextDocument>();

/** A TextDocument over the model's text, for offset <-> position conversions (cached per model). */
export function documentOf(model: DockerfileModel): TextDocument {
  let document = documents.get(model);
  if (!document) {
    document = TextDocument.create('file:///Dockerfile', 'dockerfile', 0, model.text);
    documents.set(model, document);
  }
  return document;
}

/**
 * The command of CMD, ENTRYPOINT, RUN or HEALTHCHECK (its CMD part) as words; null when there is none
 * (`HEALTHCHECK NONE`, an instruction without arguments, any other keyword).
 * An array that is not valid JSON is shell form, as Docker treats it.
 */
export function commandOf(model: DockerfileModel, instruction: Instruction): CommandLine | null {
  const keyword = instruction.getKeyword();
  if (!['CMD', 'ENTRYPOINT', 'RUN', 'HEALTHCHECK'].includes(keyword)) return null;
  return argumentWords(model, instruction, keyword === 'HEALTHCHECK' ? /^CMD\b/i : undefined);
}

/**
 * The arguments of any instruction (after its flags) as exec-form (JSON array) or shell words, with ranges.
 * `skip` drops a leading keyword (HEALTHCHECK's `CMD`); null when nothing is left.
 * (dockerfile-ast's own JSON strings lose spaces inside values, so arrays are scanned here.)
 */
export function argumentWords(model: DockerfileModel, instruction: Instruction, skip?: RegExp): CommandLine | null {
  const key = skip ? 'skip' : 'all';
  let cached = wordsCache.get(instruction);
  if (!cached) wordsCache.set(instruction, (cached = new Map()));
  if (!cached.has(key)) cached.set(key, scanArguments(model, instruction, skip));
  return cached.get(key) as CommandLine | null;
}

/** Words per instruction (several rules read the same CMD/RUN): parsed models are immutable, so this is safe. */
const wordsCache = new KeyedCache<Instruction, Map<string, CommandLine | null>>();

const escapes = new KeyedCache<DockerfileModel, string>();

/** The escape character (`\\` or a backtick from `# escape=`), cached: dockerfile-ast re-reads directives per call. */
function escapeOf(model: DockerfileModel): string {
  let escape = escapes.get(model);
  if (escape === undefined) escapes.set(model, (escape = model.ast.getEscapeCharacter()));
  return escape;
}

/** Instructions whose arguments may start with `--flag[=value]` options. */
const FLAGGED = new Set(['RUN', 'COPY', 'ADD', 'FROM', 'HEALTHCHECK']);

function scanArguments(model: DockerfileModel, instruction: Instruction, skip?: RegExp): CommandLine | null {
  // Read the argument span straight from the text: dockerfile-ast's argument accessors re-scan the whole
  // instruction on every call, which dominates lint time on big files.
  const document = documentOf(model);
  const text = model.text;
  const escape = escapeOf(model);
  let start = document.offsetAt(instruction.getInstructionRange().end);
  let end = document.offsetAt(instruction.getRange().end);
  while (end > start && /\s/.test(text[end - 1])) end--;
  const skipBlank = () => {
    for (;;) {
      while (start < end && /[ \t]/.test(text[start])) start++;
      const continuation = text[start] === escape ? /^[ \t]*\r?\n/.exec(text.slice(start + 1, Math.min(end, start + 200))) : null;
      if (continuation) start += 1 + continuation[0].length;
      else if (start < end && /[\r\n]/.test(text[start])) start++;
      else return;
    }
  };
  skipBlank();
  if (FLAGGED.has(instruction.getKeyword())) {
    while (text.startsWith('--', start)) {
      while (start < end && !/\s/.test(text[start])) start++;
      skipBlank();
    }
  }
  if (start >= end) return null;
  if (skip) {
    const sub = skip.exec(model.text.slice(start, end));
    if (!sub) return null;
    start += sub[0].length;
    while (start < end && /\s/.test(model.text[start])) start++;
    if (start >= end) return null;
  }
  const source = model.text.slice(start, end);
  const position = (offset: number) => document.positionAt(start + offset);
  const range = { start: position(0), end: position(source.length) };
  if (source.trimStart().startsWith('[')) {
    const words = scanJsonArray(source, position);
    if (words) return { form: 'exec', words, instruction, range, text: words.map((w) => w.value).join(' ') };
  }
  return { form: 'shell', words: scanShellWords(source, escape, position), instruction, range, text: joinContinuations(source, escape) };
}

/** Splits shell words into simple commands at control operators; empty commands are dropped. */
export function segmentsOf(words: readonly Word[]): Word[][] {
  const segments: Word[][] = [[]];
  for (const word of words) {
    if (word.operator) segments.push([]);
    else segments[segments.length - 1].push(word);
  }
  return segments.filter((segment) => segment.length > 0);
}

/** Stages a stage builds on, outermost first, ending with the stage itself (`FROM builder AS final` -> [builder, final]). */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let current = stage;
  for (;;) {
    const parent = parentStage(model, current);
    if (!parent || chain.includes(parent)) return chain;
    chain.unshift(parent);
    current = parent;
  }
}

/** The earlier stage a FROM names (by `AS` name or index), or undefined for an image. */
export function parentStage(model: DockerfileModel, stage: Stage): Stage | undefined {
  return stageByRef(model, stage.baseImage, stage.index);
}

/** The stage a `COPY --from=`/`FROM`/`--mount from=` reference names, looking only at stages before `beforeIndex`. */
export function stageByRef(model: DockerfileModel, ref: string | null | undefined, beforeIndex = Infinity): Stage | undefined {
  if (!ref) return undefined;
  const wanted = ref.toLowerCase();
  const earlier = model.stages.filter((stage) => stage.index < beforeIndex);
  if (/^\d+$/.test(wanted)) return earlier.find((stage) => stage.index === Number(wanted));
  return earlier.find((stage) => stage.name === wanted);
}

/** The image a stage ultimately starts from (the root of its chain), with global ARGs substituted. */
export function rootImageOf(model: DockerfileModel, stage: Stage): string {
  return stageChain(model, stage)[0].baseImage;
}

/** Instructions of a stage chain in build order, optionally stopping before `before`. */
export function chainInstructions(model: DockerfileModel, stage: Stage, before?: Instruction): Instruction[] {
  let all = chains.get(stage);
  if (!all) {
    all = stageChain(model, stage).flatMap((s) => s.instructions);
    chains.set(stage, all);
  }
  const stop = before ? all.indexOf(before) : -1;
  return stop >= 0 ? all.slice(0, stop) : all.slice();
}

/** A stage's chain instructions, built once per parse: rules ask for them per instruction. */
const chains = new KeyedCache<Stage, Instruction[]>();

export interface ProcessSpec {
  entrypoint: CommandLine | null;
  cmd: CommandLine | null;
  /**
   * The argv the container starts with: exec ENTRYPOINT + CMD (when the ENTRYPOINT is exec form), a shell-form
   * ENTRYPOINT alone, or CMD alone. Shell form contributes its shell words (not `/bin/sh -c`).
   */
  argv: Word[];
}

/** What a stage's container runs: the last ENTRYPOINT and CMD through its chain (a new ENTRYPOINT resets an inherited CMD). */
export function processOf(model: DockerfileModel, stage: Stage): ProcessSpec {
  let entrypoint: CommandLine | null = null;
  let cmd: CommandLine | null = null;
  for (const instruction of chainInstructions(model, stage)) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ENTRYPOINT') {
      entrypoint = commandOf(model, instruction);
      cmd = null;
    } else if (keyword === 'CMD') cmd = commandOf(model, instruction);
  }
  let argv: Word[] = [];
  if (entrypoint?.form === 'shell') argv = entrypoint.words;
  else if (entrypoint) argv = [...entrypoint.words, ...(cmd?.words ?? [])];
  else if (cmd) argv = cmd.words;
  return { entrypoint, cmd, argv };
}

export interface EnvEntry {
  name: string;
  /** Value with quotes removed and `$VAR` references to earlier ENV/ARG values expanded where known. */
  value: string;
  /** Value as written (quotes removed, nothing expanded). */
  raw: string;
  instruction: Instruction;
  /** Range of the whole `KEY=value` property and of its value. */
  range: Range;
  valueRange: Range | null;
  /** Written as `ENV KEY value` (no `=`). */
  legacy: boolean;
}

/** The default PATH of Debian/Alpine-based images such as python:*. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** ENV (and ARG, which RUN also sees) properties of one instruction. */
export function propertiesOf(instruction: Instruction): readonly EnvEntry[] {
  let entries = propertiesCache.get(instruction);
  if (!entries) propertiesCache.set(instruction, (entries = readProperties(instruction)));
  return entries;
}

const propertiesCache = new KeyedCache<Instruction, readonly EnvEntry[]>();

function readProperties(instruction: Instruction): readonly EnvEntry[] {
  const keyword = instruction.getKeyword();
  if (keyword !== 'ENV' && keyword !== 'ARG') return [];
  const properties = (instruction as unknown as { getProperties(): import('dockerfile-ast').Property[] }).getProperties();
  return properties.map((property) => ({
    name: property.getName(),
    value: property.getValue() ?? '',
    raw: property.getValue() ?? '',
    instruction,
    range: property.getRange(),
    valueRange: property.getValueRange(),
    legacy: keyword === 'ENV' && property.getAssignmentOperator() === null && property.getValue() !== null,
  }));
}

/**
 * ENV in effect in a stage before `before` (or at its end), through parent stages, with `$VAR` expanded from earlier
 * values. PATH starts at DEFAULT_PATH so `ENV PATH="/opt/venv/bin:$PATH"` expands to a full path list.
 */
export function envAt(model: DockerfileModel, stage: Stage, before?: Instruction): Map<string, EnvEntry> {
  return variablesAt(model, stage, before).env;
}

/**
 * ENV entries and every variable value known before `before` (ARG defaults, redeclared global ARGs, ENV), expanded.
 * An ARG without any default stays unknown, so references to it remain visible as `$NAME`.
 */
export function variablesAt(model: DockerfileModel, stage: Stage, before?: Instruction): { env: Map<string, EnvEntry>; known: Map<string, string> } {
  if (!before || !stage.instructions.includes(before)) {
    if (!before) return endStateOf(model, stage).scope.clone();
    const scope = new VariableScope(globalArgs(model));
    for (const instruction of chainInstructions(model, stage, before)) scope.apply(instruction);
    return scope;
  }
  const scope = startStateOf(model, stage).scope;
  for (const instruction of stage.instructions) {
    if (instruction === before) break;
    scope.apply(instruction);
  }
  return scope;
}

interface StageState {
  scope: VariableScope;
  workdir: string;
}

const endStates = new KeyedCache<Stage, StageState>();

/** Variables and WORKDIR as a stage starts: its parent stage's end state, or empty for an image. */
function startStateOf(model: DockerfileModel, stage: Stage): StageState {
  const parent = parentStage(model, stage);
  if (parent && !stageChain(model, parent).includes(stage)) {
    const end = endStateOf(model, parent);
    return { scope: end.scope.clone(), workdir: end.workdir };
  }
  return { scope: new VariableScope(globalArgs(model)), workdir: '/' };
}

/** Variables and WORKDIR at the end of a stage, cached per parsed stage (children start from it). */
function endStateOf(model: DockerfileModel, stage: Stage): StageState {
  let state = endStates.get(stage);
  if (!state) {
    state = startStateOf(model, stage);
    for (const instruction of stage.instructions) {
      state.scope.apply(instruction);
      state.workdir = nextWorkdir(state.workdir, instruction, state.scope.known);
    }
    endStates.set(stage, state);
  }
  return state;
}

/** Walks ENV/ARG instructions in build order, keeping the values a later instruction would see. */
class VariableScope {
  readonly env = new Map<string, EnvEntry>();
  readonly known = new Map<string, string>([['PATH', DEFAULT_PATH]]);

  constructor(private readonly globals: ReadonlyMap<string, string>) {}

  clone(): VariableScope {
    const copy = new VariableScope(this.globals);
    for (const [name, entry] of this.env) copy.env.set(name, entry);
    for (const [name, value] of this.known) copy.known.set(name, value);
    return copy;
  }

  apply(instruction: Instruction): void {
    const isEnv = instruction.getKeyword() === 'ENV';
    for (const entry of propertiesOf(instruction)) {
      if (isEnv) {
        const value = expandVariables(entry.raw, this.known);
        this.env.set(entry.name, { ...entry, value });
        this.known.set(entry.name, value);
      } else if (this.env.has(entry.name)) {
        // ENV wins over ARG of the same name.
      } else if (entry.valueRange !== null) {
        this.known.set(entry.name, expandVariables(entry.raw, this.known));
      } else if (this.globals.has(entry.name)) {
        this.known.set(entry.name, this.globals.get(entry.name) as string);
      }
    }
  }
}

function globalArgs(model: DockerfileModel): Map<string, string> {
  const globals = new Map<string, string>();
  for (const arg of model.ast.getInitialARGs()) {
    for (const property of arg.getProperties()) if (property.getValue() !== null) globals.set(property.getName(), property.getValue() as string);
  }
  return globals;
}

/** ARG defaults visible in a stage: global ARG defaults for names the stage redeclares, then stage ARGs. */
export function argDefaults(model: DockerfileModel, stage: Stage): Map<string, string> {
  const globals = globalArgs(model);
  const args = new Map<string, string>();
  for (const instruction of chainInstructions(model, stage)) {
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const entry of propertiesOf(instruction)) args.set(entry.name, entry.valueRange !== null ? entry.raw : globals.get(entry.name) ?? '');
  }
  return args;
}

/** Replaces `$NAME`/`${NAME}`/`${NAME:-default}` with known values; unknown references stay as written. */
export function expandVariables(value: string, known: ReadonlyMap<string, string>): string {
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (match, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const current = known.get(name);
    if (op === '-') return current ? current : (word as string);
    if (op === '+') return current ? (word as string) : '';
    return current ?? match;
  });
}

/** True when the text refers to a variable (`$X`, `${X}`), i.e. its real value is decided elsewhere. */
export function hasVariable(value: string): boolean {
  return /\$(\{|[A-Za-z_])/.test(value);
}

/** The absolute WORKDIR in effect before `before` (or at the end of the stage), through parent stages; "/" by default. */
export function workdirAt(model: DockerfileModel, stage: Stage, before?: Instruction): string {
  if (!before) return endStateOf(model, stage).workdir;
  const scope = new VariableScope(globalArgs(model));
  let workdir = '/';
  for (const instruction of chainInstructions(model, stage, before)) {
    scope.apply(instruction);
    workdir = nextWorkdir(workdir, instruction, scope.known);
  }
  return workdir;
}

function nextWorkdir(workdir: string, instruction: Instruction, known: ReadonlyMap<string, string>): string {
  if (instruction.getKeyword() !== 'WORKDIR') return workdir;
  const target = expandVariables(unquote(instruction.getArgumentsContent()?.trim() ?? ''), known);
  return target ? resolvePath(workdir, target) : workdir;
}

export interface CopySpec {
  instruction: Instruction;
  keyword: 'COPY' | 'ADD';
  /** `--from` value as written (stage name, index or image), or null for the build context. */
  from: string | null;
  /** The stage `--from` names, when it names one. */
  fromStage: Stage | undefined;
  chown: string | null;
  /** Sources as written (quotes removed). */
  sources: string[];
  /** Destination as written, and resolved against WORKDIR (trailing slash dropped, "/" stays). */
  destination: string;
  absoluteDestination: string;
  /** Some source or the destination still holds a variable we could not resolve: its paths are unknown. */
  unresolved: boolean;
}

const copiesCache = new KeyedCache<Stage, CopySpec[]>();

/**
 * COPY and ADD instructions of one stage (not its parents), with flags read, variables expanded and the destination
 * made absolute. One pass over the chain (WORKDIR and variables tracked as it goes), cached per parsed stage.
 */
export function copiesOf(model: DockerfileModel, stage: Stage): CopySpec[] {
  const cached = copiesCache.get(stage);
  if (cached) return cached;
  const copies: CopySpec[] = [];
  const { scope, workdir: startWorkdir } = startStateOf(model, stage);
  let workdir = startWorkdir;
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    scope.apply(instruction);
    workdir = nextWorkdir(workdir, instruction, scope.known);
    if (keyword === 'COPY' || keyword === 'ADD') {
      const spec = copySpec(model, stage, instruction, keyword, scope.known, workdir);
      if (spec) copies.push(spec);
    }
  }
  copiesCache.set(stage, copies);
  return copies;
}

function copySpec(
  model: DockerfileModel,
  stage: Stage,
  instruction: Instruction,
  keyword: 'COPY' | 'ADD',
  known: ReadonlyMap<string, string>,
  workdir: string,
): CopySpec | null {
  const modifiable = instruction as unknown as { getFlags(): import('dockerfile-ast').Flag[] };
  const flag = (name: string) => modifiable.getFlags().find((f) => f.getName().toLowerCase() === name)?.getValue() ?? null;
  const values = (argumentWords(model, instruction)?.words ?? []).filter((w) => !w.operator).map((w) => expandVariables(w.value, known));
  if (values.length < 2) return null;
  const destination = values[values.length - 1];
  const from = flag('from');
  return {
    instruction,
    keyword,
    from,
    fromStage: stageByRef(model, from, stage.index),
    chown: flag('chown'),
    sources: values.slice(0, -1),
    destination,
    absoluteDestination: resolvePath(workdir, destination),
    unresolved: values.some(hasVariable),
  };
}

/** Resolves `target` against the absolute directory `base` (POSIX), normalising `.`/`..` and trailing slashes. */
export function resolvePath(base: string, target: string): string {
  // Fast path: an already normal base and a plain relative/absolute target (no `.`, `..`, `//`).
  if (!/(^|\/)\.{1,2}(\/|$)|\/\/|\/$/.test(target) && target !== '' && /^\/(?:[^/]+(?:\/[^/]+)*)?$/.test(base)) {
    return target.startsWith('/') ? target : `${base === '/' ? '' : base}/${target}`;
  }
  const joined = target.startsWith('/') ? target : `${base}/${target}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Whether the absolute path `inner` is `outer` or lies beneath it. */
export function isWithin(inner: string, outer: string): boolean {
  const a = resolvePath('/', inner);
  const b = resolvePath('/', outer);
  return b === '/' || a === b || a.startsWith(`${b}/`);
}

/** Strips one level of matching surrounding quotes. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

/** Renders words back into an exec-form JSON array: `["gunicorn", "--bind", "0.0.0.0:8000"]`. */
export function toExecForm(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

/** A shell word needs no quoting (so it survives a round trip to exec form unchanged). */
export function isPlainShellWord(word: Word): boolean {
  return !word.operator && !/[$`*?[\]{}~<>()!#\\;&|'"]/.test(word.value) && word.value.length > 0;
}

function joinContinuations(source: string, escape: string): string {
  let continuation = continuations.get(escape);
  if (!continuation) {
    continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*\\r?\\n`, 'g');
    continuations.set(escape, continuation);
  }
  return source.replace(continuation, ' ').replace(/\n[ \t]*#[^\n]*/g, '');
}

/** Line-continuation patterns by escape character (there are two: backslash and backtick), compiled once. */
const continuations = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function scanJsonArray(source: string, position: (offset: number) => Position): Word[] | null {
  let i = source.indexOf('[') + 1;
  const words: Word[] = [];
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  skipSpace();
  if (source[i] === ']') return source.slice(i + 1).trim() === '' ? [] : null;
  for (;;) {
    skipSpace();
    if (source[i] !== '"') return null;
    const start = i;
    i++;
    while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
    if (i >= source.length) return null;
    i++;
    let value: string;
    try {
      value = JSON.parse(source.slice(start, i)) as string;
    } catch {
      return null;
    }
    words.push({ value, range: { start: position(start), end: position(i) }, quoted: true });
    skipSpace();
    if (source[i] === ',') {
      i++;
      continue;
    }
    if (source[i] === ']') return source.slice(i + 1).trim() === '' ? words : null;
    return null;
  }
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&'];
/**
 * Sticky patterns matched at an offset (lastIndex) of the source: testing `source.slice(i)` instead made the
 * scan copy-and-match the rest of the instruction at every escape and line start.
 */
const CONTINUATION_AT = /[ \t]*\r?\n/y;
const COMMENT_LINE_AT = /[ \t]*#[^\n]*\n?/y;

function continuationAt(source: string, offset: number): boolean {
  CONTINUATION_AT.lastIndex = offset;
  return CONTINUATION_AT.test(source);
}

/** A small POSIX-ish word splitter: quotes, backslash escapes, line continuations, comment lines inside continuations. */
function scanShellWords(source: string, escape: string, position: (offset: number) => Position): Word[] {
  const words: Word[] = [];
  let value = '';
  let start = -1;
  let quoted = false;
  let i = 0;
  const flush = (endOffset: number) => {
    if (start >= 0) words.push({ value, range: { start: position(start), end: position(endOffset) }, ...(quoted ? { quoted } : {}) });
    value = '';
    start = -1;
    quoted = false;
  };
  let lineStart = true;
  while (i < source.length) {
    const c = source[i];
    if (c === escape && continuationAt(source, i + 1)) {
      // Docker removes escape+newline before the shell sees the line.
      i = source.indexOf('\n', i) + 1;
      lineStart = true;
      continue;
    }
    if (lineStart) {
      COMMENT_LINE_AT.lastIndex = i;
      if (start < 0 && COMMENT_LINE_AT.test(source)) {
        i = COMMENT_LINE_AT.lastIndex;
        continue;
      }
      lineStart = false;
    }
    if (c === '\n') {
      flush(i);
      lineStart = true;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      flush(i);
      i++;
      continue;
    }
    if (start < 0 && c === '#' ) {
      // A comment runs to the end of the line.
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl;
      continue;
    }
    // Every operator starts with one of these three characters: the others need no search.
    const operator = c === '&' || c === '|' || c === ';' ? OPERATORS.find((op) => source.startsWith(op, i)) : undefined;
    if (operator) {
      flush(i);
      words.push({ value: operator, range: { start: position(i), end: position(i + operator.length) }, operator: true });
      i += operator.length;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'") {
      const close = source.indexOf("'", i + 1);
      const stop = close < 0 ? source.length : close;
      value += source.slice(i + 1, stop);
      quoted = true;
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\' && i + 1 < source.length && '"\\$`'.includes(source[i + 1])) {
          value += source[i + 1];
          i += 2;
        } else if (source[i] === escape && continuationAt(source, i + 1)) {
          i = source.indexOf('\n', i) + 1;
        } else {
          value += source[i];
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < source.length) {
      value += source[i + 1];
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  flush(Math.min(i, source.length));
  return words;
}
