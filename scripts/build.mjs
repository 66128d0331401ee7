// Bundles the client, the language server and the CLI into dist/ with esbuild.
// --minify for packaging; sourcemaps always (they stay out of the .vsix via .vscodeignore).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const minify = process.argv.includes('--minify');
// jsonc-parser's UMD main loads its parts with a dynamic require esbuild cannot follow; bundle its ESM build instead.
const alias = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, minify, logLevel: 'warning', alias, legalComments: 'none' };

/**
 * The language server loads the AWS SDK only when an ECR feature first runs (src/ecr/client.ts requires it lazily):
 * kept in its own file, dist/aws-sdk.js (server/src/ecr/sdk.ts), it costs a server without AWS neither parse time
 * nor the memory of its source.
 */
const SDK_BUNDLE = './aws-sdk.js';
const sdkOutside = {
  name: 'aws-sdk-outside',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/(client-ecr|credential-providers)$/ }, () => ({ path: SDK_BUNDLE, external: true }));
  },
};

const bundles = ['dist/client.js', 'dist/server.js', 'dist/aws-sdk.js', 'dist/cli.js'];
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js', plugins: [sdkOutside] }),
  esbuild.build({ ...common, entryPoints: ['server/src/ecr/sdk.ts'], outfile: 'dist/aws-sdk.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
// esbuild escapes non-ASCII in code but keeps it in comments; one character above U+00FF anywhere (an em dash in a
// dependency's comment) makes V8 hold the whole source as a two-byte string, twice the memory. Outside comments
// esbuild already wrote \uXXXX, so escaping the rest the same way changes nothing a program can see.
for (const bundle of bundles) {
  const text = fs.readFileSync(bundle, 'utf8');
  const latin1 = text.replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (latin1 !== text) fs.writeFileSync(bundle, latin1);
}
console.log(`built dist/ (${minify ? 'minified' : 'dev'})`);
