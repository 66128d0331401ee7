/**
 * smol-toml ships a CommonJS build (dist/index.cjs) but declares its types as ESM only, which a node16
 * CommonJS project cannot `import`. Require the CommonJS build and borrow the ESM types.
 */
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

/**
 * Parses TOML text; throws a TomlError (with line and column) on invalid input. The parser is required on
 * first use so that a language server which reads no pyproject.toml does not load it.
 */
export function parseToml(...args: Parameters<typeof SmolToml.parse>): ReturnType<typeof SmolToml.parse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('smol-toml') as typeof SmolToml).parse(...args);
}
