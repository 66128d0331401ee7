/**
 * smol-toml ships a CommonJS build (dist/index.cjs) but declares its types as ESM only, which a node16
 * CommonJS project cannot `import`. Require the CommonJS build and borrow the ESM types.
 */
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smolToml = require('smol-toml') as typeof SmolToml;

/** Parses TOML text; throws a TomlError (with line and column) on invalid input. */
export const parseToml: typeof SmolToml.parse = smolToml.parse;
