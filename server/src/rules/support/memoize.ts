/**
 * Speed for large Dockerfiles. dockerfile-ast re-scans an instruction's text on every getArguments()/
 * getImage()/getArgumentsContent() call (a fifth of lint time on a 4000-line file), and several rules derive
 * the same facts. Both are cached here per parsed instruction / model, so one lint parses and scans once.
 *
 * Only ASTs the engine marks are memoized: a dockerfile-ast parse made elsewhere (dockerfile-utils'
 * own, in benchmarks) keeps its original behaviour.
 */
import { Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';

/**
 * The caches live on the instructions themselves (symbol-keyed), not in WeakMaps: WeakMap entries keep
 * young objects alive through minor GCs, which grew the heap by ~50 MB over 200 lints of a 40-line file.
 */
const RAW_ARGUMENTS = Symbol('rawArguments');
const MEMOIZED = Symbol('memoized');
type Memoizable = { [RAW_ARGUMENTS]?: Argument[]; [MEMOIZED]?: true };

type WithRawArguments = { getRawArguments(): Argument[] };
const prototype = Instruction.prototype as unknown as WithRawArguments;
const original = prototype.getRawArguments;
/** True while parseDockerfile runs: dockerfile-ast scans JSON instructions' arguments twice while parsing. */
let parsing = false;
prototype.getRawArguments = function memoizedRawArguments(this: Memoizable): Argument[] {
  // Callers (ModifiableInstruction.getArguments) shift the array they get: hand out a copy.
  const cached = this[RAW_ARGUMENTS];
  if (cached) return cached.slice();
  if (!parsing && !this[MEMOIZED]) return original.call(this);
  const args = original.call(this);
  this[RAW_ARGUMENTS] = args;
  return args.slice();
};

/**
 * Runs a parse whose instructions cache their scanned arguments from the start, so the scans the parser
 * itself makes are not repeated by the rules. Synchronous: only instructions created by `parse` get marked.
 */
export function parseMemoized<T>(parse: () => T): T {
  parsing = true;
  try {
    return parse();
  } finally {
    parsing = false;
  }
}

/** Lets the instructions of this parsed AST cache their scanned arguments. */
export function memoizeAst(ast: Dockerfile): void {
  const marked = ast as unknown as Memoizable;
  if (marked[MEMOIZED]) return;
  marked[MEMOIZED] = true;
  for (const instruction of ast.getInstructions()) (instruction as unknown as Memoizable)[MEMOIZED] = true;
  for (const trigger of ast.getOnbuildTriggers()) (trigger as unknown as Memoizable)[MEMOIZED] = true;
}

/** A value derived from a key object once (per model, per instruction), kept on the key (see above). */
export function memo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const slot = Symbol('memo');
  return (key) => {
    const holder = key as unknown as Record<symbol, { value: V } | undefined>;
    const cached = holder[slot];
    if (cached) return cached.value;
    const value = compute(key);
    holder[slot] = { value };
    return value;
  };
}

/**
 * A WeakMap-shaped cache whose entries live on the key objects themselves (a symbol-keyed property), so they
 * die with the key in a minor GC (see above). For per-model / per-instruction caches only: keys must be extensible.
 */
export class KeyedCache<K extends object, V> {
  private readonly slot = Symbol('cache');

  get(key: K): V | undefined {
    return (key as unknown as Record<symbol, { value: V } | undefined>)[this.slot]?.value;
  }

  has(key: K): boolean {
    return (key as unknown as Record<symbol, unknown>)[this.slot] !== undefined;
  }

  set(key: K, value: V): this {
    (key as unknown as Record<symbol, { value: V }>)[this.slot] = { value };
    return this;
  }
}
