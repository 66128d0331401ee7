// Bundles the client, the language server and the CLI into dist/ with esbuild.
// --minify for packaging; sourcemaps always (they stay out of the .vsix via .vscodeignore).
import * as esbuild from 'esbuild';

const minify = process.argv.includes('--minify');
// jsonc-parser's UMD main loads its parts with a dynamic require esbuild cannot follow; bundle its ESM build instead.
const alias = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, minify, logLevel: 'warning', alias };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
console.log(`built dist/ (${minify ? 'minified' : 'dev'})`);
