/**
 * The parsed Dockerfile every rule and feature shares: parsed once per document version with
 * dockerfile-ast, with stages resolved. Extend here (not in rules) when several rules need a fact.
 */
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { parseMemoized } from '../rules/support/memoize';

export interface Stage {
  index: number;
  /** The `AS name`, lower-cased as BuildKit treats it, or null. */
  name: string | null;
  from: From;
  /** The base image with ARGs from before the first FROM substituted, e.g. "python:3.12-slim". */
  baseImage: string;
  /** Instructions of this stage after its FROM. */
  instructions: Instruction[];
}

export interface DockerfileModel {
  text: string;
  ast: Dockerfile;
  stages: Stage[];
  /** The stage that produces the image (the last one), if any FROM exists. */
  finalStage: Stage | undefined;
}

export function parseDockerfile(text: string): DockerfileModel {
  const ast = parseMemoized(() => DockerfileParser.parse(text));
  const globalArgs = new Map<string, string>();
  for (const arg of ast.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      globalArgs.set(property.getName(), property.getValue() ?? '');
    }
  }
  const froms = ast.getFROMs();
  const all = ast.getInstructions();
  const stages: Stage[] = froms.map((from, index) => {
    const start = all.indexOf(from);
    const end = index + 1 < froms.length ? all.indexOf(froms[index + 1]) : all.length;
    return {
      index,
      name: from.getBuildStage()?.toLowerCase() ?? null,
      from,
      baseImage: substituteArgs(from.getImage() ?? '', globalArgs),
      instructions: all.slice(start + 1, end),
    };
  });
  return { text, ast, stages, finalStage: stages[stages.length - 1] };
}

function substituteArgs(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}?/g, (match, name: string) =>
    args.has(name) ? (args.get(name) as string) : match,
  );
}
