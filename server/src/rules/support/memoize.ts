/**
 * Speed for large Dockerfiles. dockerfile-ast re-scans an instruction's text on every getArguments()/
 * getImage()/getArgumentsContent() call (a fifth of lint time on a 4000-line file), and several rules derive
 * the same facts. Both are cached here per parsed instruction / model, so one lint parses and scans once.
 *
 * Only ASTs the engine marks are memoized: a dockerfile-ast parse made elsewhere (dockerfile-utils'
 * own, in benchmarks) keeps its original behaviour.
 */
import { Instruction, type Argument, type Dockerfile } from 'dockerfile-ast';

const marked = new WeakSet<object>();
const rawArguments = new WeakMap<object, Argument[]>();

type WithRawArguments = { getRawArguments(): Argument[] };
const prototype = Instruction.prototype as unknown as WithRawArguments;
const original = prototype.getRawArguments;
/** True while parseDockerfile runs: dockerfile-ast scans JSON instructions' arguments twice while parsing. */
let parsing = false;
prototype.getRawArguments = function memoizedRawArguments(this: object): Argument[] {
  // Callers (ModifiableInstruction.getArguments) shift the array they get: hand out a copy.
  const cached = rawArguments.get(this);
  if (cached) return cached.slice();
  if (!parsing && !marked.has(this)) return original.call(this);
  const args = original.call(this);
  rawArguments.set(this, args);
  return args.slice();
};

const markedAsts = new WeakSet<Dockerfile>();

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
  if (markedAsts.has(ast)) return;
  markedAsts.add(ast);
  for (const instruction of ast.getInstructions()) marked.add(instruction);
  for (const trigger of ast.getOnbuildTriggers()) marked.add(trigger);
}

/** A value derived from a key object once (per model, per instruction). */
export function memo<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
