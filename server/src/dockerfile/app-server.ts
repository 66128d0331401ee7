/**
 * Recognises the Python application server a container command starts (gunicorn, uvicorn, daphne, hypercorn,
 * granian, uWSGI, celery, waitress, `manage.py runserver`) and reads its options, through the usual wrappers
 * (`exec`, `env A=b`, `tini --`, `dumb-init`, `gosu user`, `sh -c "…"`, `python -m`, `newrelic-admin run-program`).
 */
import { processOf, segmentsOf, unquote, type CommandLine, type Word } from './commands';
import type { DockerfileModel, Stage } from './model';

export type ServerKind = 'gunicorn' | 'uvicorn' | 'daphne' | 'hypercorn' | 'granian' | 'uwsgi' | 'celery' | 'waitress' | 'runserver';

/** Console scripts pip installs for each server (the executable name) -> kind. */
export const SERVER_SCRIPTS: Readonly<Record<string, ServerKind>> = {
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  daphne: 'daphne',
  hypercorn: 'hypercorn',
  granian: 'granian',
  uwsgi: 'uwsgi',
  celery: 'celery',
  'waitress-serve': 'waitress',
};

/** Modules runnable with `python -m` that start a server. */
const SERVER_MODULES: Readonly<Record<string, ServerKind>> = {
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  daphne: 'daphne',
  hypercorn: 'hypercorn',
  granian: 'granian',
  celery: 'celery',
  waitress: 'waitress',
};

export interface ServerInvocation {
  kind: ServerKind;
  /** The word naming the program: `gunicorn`, `/opt/venv/bin/gunicorn`, `python` (for `python -m`/`manage.py`). */
  program: Word;
  /** Started as `python -m <module>` (or `python manage.py`): no console script needed. */
  viaPython: boolean;
  /** The words after the server name (after `-m gunicorn`, after `manage.py runserver`). */
  args: Word[];
  /** Found inside a `sh -c "…"` string: word ranges are the whole string's range, so no edits inside. */
  nested: boolean;
}

const WRAPPERS_NO_ARG = new Set(['exec', 'tini', 'dumb-init', '/usr/bin/tini', '/tini', '/usr/bin/dumb-init', 'ddtrace-run', 'opentelemetry-instrument', 'nice']);
const WRAPPERS_ONE_ARG = new Set(['gosu', 'su-exec', '/usr/sbin/gosu', '/usr/local/bin/gosu']);

/** The base name of a path: `/opt/venv/bin/gunicorn` -> `gunicorn`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Python interpreters as a command names them: python, python3, python3.12, /usr/local/bin/python. */
export function isPythonInterpreter(word: string): boolean {
  return /^python(\d+(\.\d+)?)?$/.test(baseName(word));
}

/** Every server started by an argv (exec form words or shell words); shells are looked into. */
export function findServers(argv: readonly Word[], nested = false): ServerInvocation[] {
  const found: ServerInvocation[] = [];
  for (const segment of segmentsOf(argv)) {
    const invocation = serverOfSimpleCommand(segment, nested, found);
    if (invocation) found.push(invocation);
  }
  return found;
}

function serverOfSimpleCommand(words: Word[], nested: boolean, found: ServerInvocation[]): ServerInvocation | null {
  let i = 0;
  // Wrappers and leading VAR=value assignments.
  for (;;) {
    const word = words[i]?.value;
    if (word === undefined) return null;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else if (word === 'env') i++;
    else if (WRAPPERS_NO_ARG.has(word) || WRAPPERS_NO_ARG.has(baseName(word))) i++;
    else if (word === '--' || (word.startsWith('-') && i > 0 && isWrapperFlag(words[i - 1]?.value))) i++;
    else if (WRAPPERS_ONE_ARG.has(word) || WRAPPERS_ONE_ARG.has(baseName(word))) i += 2;
    else if (baseName(word) === 'newrelic-admin' && words[i + 1]?.value === 'run-program') i += 2;
    else break;
  }
  const program = words[i];
  const name = baseName(program.value);
  if (/^(ba|da|a)?sh$/.test(name)) {
    const c = words.findIndex((w, k) => k > i && /^-\w*c\w*$/.test(w.value));
    const script = c >= 0 ? words[c + 1] : undefined;
    if (script) found.push(...findServers(shellWordsOfString(script), true));
    return null;
  }
  if (SERVER_SCRIPTS[name]) return { kind: SERVER_SCRIPTS[name], program, viaPython: false, args: words.slice(i + 1), nested };
  if (name === 'django-admin' && words[i + 1]?.value === 'runserver') {
    return { kind: 'runserver', program, viaPython: false, args: words.slice(i + 2), nested };
  }
  if (!isPythonInterpreter(program.value)) return null;
  let k = i + 1;
  while (words[k] && /^-[A-Za-z]+$/.test(words[k].value) && words[k].value !== '-m') k++;
  const next = words[k]?.value;
  if (next === '-m' && words[k + 1]) {
    const module = words[k + 1].value;
    if (SERVER_MODULES[module]) return { kind: SERVER_MODULES[module], program, viaPython: true, args: words.slice(k + 2), nested };
    if (module === 'django' && words[k + 2]?.value === 'runserver') {
      return { kind: 'runserver', program, viaPython: true, args: words.slice(k + 3), nested };
    }
    return null;
  }
  if (next && baseName(next) === 'manage.py' && words[k + 1]?.value === 'runserver') {
    return { kind: 'runserver', program, viaPython: true, args: words.slice(k + 2), nested };
  }
  return null;
}

function isWrapperFlag(previous: string | undefined): boolean {
  return previous !== undefined && (WRAPPERS_NO_ARG.has(baseName(previous)) || previous === 'env');
}

/** Splits the string given to `sh -c` into words; each word carries the whole string's range. */
function shellWordsOfString(script: Word): Word[] {
  const words: Word[] = [];
  const pattern = /&&|\|\||;|\||&|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|]+/g;
  for (const match of script.value.matchAll(pattern)) {
    const text = match[0];
    const operator = ['&&', '||', ';', '|', '&'].includes(text);
    words.push({ value: operator ? text : unquote(text), range: script.range, ...(operator ? { operator } : {}) });
  }
  return words;
}

/** Options that take no value, per server (everything else starting with `-` and without `=` consumes the next word). */
const FLAGS_WITHOUT_VALUE: Readonly<Partial<Record<ServerKind, ReadonlySet<string>>>> = {
  gunicorn: new Set([
    '--reload', '-D', '--daemon', '--preload', '--check-config', '--print-config', '--spew', '--capture-output', '--no-sendfile',
    '--reuse-port', '--enable-stdio-inheritance', '--strip-header-spaces', '--log-syslog', '-R', '--help', '-h', '-v', '--version',
    '--disable-redirect-access-to-syslog', '--no-control-socket',
  ]),
  uvicorn: new Set([
    '--reload', '--factory', '--access-log', '--no-access-log', '--use-colors', '--no-use-colors', '--proxy-headers',
    '--no-proxy-headers', '--server-header', '--no-server-header', '--date-header', '--no-date-header', '--help', '--version',
  ]),
  daphne: new Set(['--proxy-headers', '--no-server-name', '-h', '--help']),
  hypercorn: new Set(['--reload', '--debug', '--help', '-h', '--version']),
  // uWSGI: the boolean options a Django command line uses; its positional argument is a config file.
  uwsgi: new Set([
    '--master', '-M', '--need-app', '--die-on-term', '--enable-threads', '-T', '--vacuum', '--lazy-apps', '--lazy', '--strict',
    '--single-interpreter', '--thunder-lock', '--no-orphans', '--auto-procname', '--honour-stdin', '--py-autoreload',
    '--harakiri-verbose', '--disable-logging', '--log-master', '--help', '-h', '--version',
  ]),
  runserver: new Set(['--noreload', '--nothreading', '--ipv6', '-6', '--nostatic', '--insecure', '--skip-checks']),
};

export interface OptionValue {
  value: string;
  /** The word holding the value (the `--bind=…` word itself for the `=` form). */
  word: Word;
  /** The option word (`--bind`, `-b`, or the `--bind=…` word). */
  option: Word;
}

/** Every value given to an option (`--bind x`, `--bind=x`, `-b x`, `-bx`), in order. */
export function optionValues(invocation: ServerInvocation, names: readonly string[]): OptionValue[] {
  const values: OptionValue[] = [];
  const args = invocation.args;
  for (let i = 0; i < args.length; i++) {
    const text = args[i].value;
    for (const name of names) {
      if (text === name && args[i + 1]) values.push({ value: args[i + 1].value, word: args[i + 1], option: args[i] });
      else if (name.startsWith('--') && text.startsWith(`${name}=`)) values.push({ value: text.slice(name.length + 1), word: args[i], option: args[i] });
      else if (/^-\w$/.test(name) && text.startsWith(name) && text.length > 2 && !text.startsWith('--')) {
        values.push({ value: text.slice(2).replace(/^=/, ''), word: args[i], option: args[i] });
      }
    }
  }
  return values;
}

/** Whether an option (with or without value) appears. */
export function hasOption(invocation: ServerInvocation, names: readonly string[]): boolean {
  return invocation.args.some((arg) => names.some((name) => arg.value === name || arg.value.startsWith(`${name}=`)));
}

/** Arguments that are not options nor option values (the app spec for gunicorn/uvicorn/daphne/hypercorn). */
export function positionalArgs(invocation: ServerInvocation): Word[] {
  const noValue = FLAGS_WITHOUT_VALUE[invocation.kind] ?? new Set<string>();
  const positional: Word[] = [];
  const args = invocation.args;
  for (let i = 0; i < args.length; i++) {
    const text = args[i].value;
    if (text === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (text.startsWith('-') && text.length > 1) {
      if (!text.includes('=') && !noValue.has(text) && !(/^-\w./.test(text) && !text.startsWith('--'))) i++;
      continue;
    }
    positional.push(args[i]);
  }
  return positional;
}

export interface AppSpec {
  /** Dotted module, e.g. "config.wsgi". */
  module: string;
  /** Attribute after the colon, if written. */
  attribute: string | null;
  word: Word;
  /** Text of `word` before the spec (`--module=`), kept by edits that replace the spec. */
  prefix?: string;
}

const APP_SPEC = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?::(.+))?$/;

/** uWSGI names the application with an option, not a positional argument. */
const UWSGI_MODULE_OPTIONS = ['--module', '-w', '--wsgi'];

/** The `module[:attribute]` application the server is told to load, if the command names one. */
export function appSpecOf(invocation: ServerInvocation): AppSpec | null {
  if (invocation.kind === 'uwsgi') {
    const option = optionValues(invocation, UWSGI_MODULE_OPTIONS)[0];
    const match = option ? APP_SPEC.exec(option.value) : null;
    if (!option || !match) return null;
    // `--module=x.wsgi:application` is one word: an edit keeps the `--module=` part.
    const prefix = option.word === option.option ? option.option.value.slice(0, option.option.value.length - option.value.length) : '';
    return { module: match[1], attribute: match[2] ?? null, word: option.word, ...(prefix ? { prefix } : {}) };
  }
  if (!['gunicorn', 'uvicorn', 'daphne', 'hypercorn', 'granian', 'waitress'].includes(invocation.kind)) return null;
  for (const word of positionalArgs(invocation)) {
    const match = APP_SPEC.exec(word.value);
    if (match && (match[1].includes('.') || match[2])) return { module: match[1], attribute: match[2] ?? null, word };
  }
  return null;
}

export interface ProcessServer extends ServerInvocation {
  /** The CMD or ENTRYPOINT the program word is written in. */
  line: CommandLine;
}

/**
 * Servers the stage's container starts: from ENTRYPOINT + CMD, and from CMD alone when the ENTRYPOINT is a
 * script that ends in `exec "$@"` (so `ENTRYPOINT ["/entrypoint.sh"]` + `CMD ["gunicorn", …]` counts).
 */
export function serversOf(model: DockerfileModel, stage: Stage): ProcessServer[] {
  const process = processOf(model, stage);
  const servers = findServers(process.argv);
  if (process.entrypoint?.form === 'exec' && process.cmd && servers.length === 0) servers.push(...findServers(process.cmd.words));
  const lines = [process.entrypoint, process.cmd].filter((line): line is CommandLine => line !== null);
  return servers.flatMap((server) => {
    const line = lines.find((candidate) => candidate.words.some((word) => word.range === server.program.range));
    return line ? [{ ...server, line }] : [];
  });
}
