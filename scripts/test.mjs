#!/usr/bin/env node
// The one test command (`npm test`): runs every layer against real parts and prints one total.
//   unit         engine functions (node:test over compiled TypeScript: out/server/**, out/test/unit/**)
//   lsp          the bundled server over stdio (out/test/lsp/**)
//   e2e          real dockerd, local Python base images, wheel index, registry, ECR stand-in (out/test/e2e/**)
//   integration  a real VS Code (code-server + headless Chromium) through @vscode/test-electron
// `node scripts/test.mjs unit lsp` runs only those layers. Layers that need services provision them
// through scripts/testbed/up.sh (idempotent). With CI=true a layer that cannot run fails the run.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const LAYERS = ['unit', 'lsp', 'e2e', 'integration'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : LAYERS;
for (const layer of wanted) if (!LAYERS.includes(layer)) { console.error(`unknown layer ${layer}`); process.exit(2); }

// Loopback-only, no real AWS: every process the tests start inherits this environment.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-test-home-'));
fs.mkdirSync(path.join(home, '.aws'));
fs.writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n');
fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIDTESTDEFAULT\naws_secret_access_key = test-secret-default\n');
const env = {
  ...process.env,
  HOME: home,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'AKIDTESTDEFAULT',
  AWS_SECRET_ACCESS_KEY: 'test-secret-default',
  AWS_REGION: 'us-east-1',
  // Any SDK call that a test does not point at its own ECR stand-in goes to a closed loopback port, never to AWS DNS.
  AWS_ENDPOINT_URL_ECR: process.env.AWS_ENDPOINT_URL_ECR ?? 'http://127.0.0.1:9',
  AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
  DCT_REPO_ROOT: root,
};

// DCT_TEST_ONLY=<regex> runs only the matching test files (local iteration; CI never sets it).
const only = process.env.DCT_TEST_ONLY && !ci ? new RegExp(process.env.DCT_TEST_ONLY) : null;

function findTests(dir) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .filter((f) => !only || only.test(f))
    .sort();
}

function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

const countOf = (out, label) => [...out.matchAll(new RegExp(`^\\S*\\s*${label} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);

async function nodeTests(files) {
  const { code, out } = await run(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files]);
  return { code, passed: countOf(out, 'pass'), failed: countOf(out, 'fail') + countOf(out, 'cancelled'), skipped: countOf(out, 'skipped') };
}

async function provision(what) {
  const script = path.join(root, 'scripts', 'testbed', 'up.sh');
  if (!fs.existsSync(script)) return `scripts/testbed/up.sh is missing`;
  const { code } = await run('bash', [script, what]);
  return code === 0 ? null : `scripts/testbed/up.sh ${what} failed (exit ${code})`;
}

const results = [];
for (const layer of wanted) {
  console.log(`\n=== ${layer} ===`);
  let result;
  if (layer === 'unit') result = await nodeTests([...findTests('out/server'), ...findTests('out/test/unit')]);
  else if (layer === 'lsp') result = await nodeTests(findTests('out/test/lsp'));
  else {
    // The integration layer pushes to the ECR stand-in too, so it needs the e2e bed as well.
    const problem = await provision(layer === 'integration' ? 'all' : layer);
    if (problem) {
      result = { code: ci ? 1 : 0, passed: 0, failed: ci ? 1 : 0, skipped: 1, note: `cannot run: ${problem}` };
      console.error(`${ci ? 'FAIL' : 'SKIP'} ${layer}: ${problem}`);
    } else if (layer === 'e2e') {
      result = await nodeTests(findTests('out/test/e2e'));
    } else {
      const { code, out } = await run(process.execPath, [path.join('out', 'test', 'integration', 'runTests.js')]);
      result = { code, passed: [...out.matchAll(/^\s*(\d+) passing/gm)].reduce((n, m) => n + Number(m[1]), 0),
        failed: [...out.matchAll(/^\s*(\d+) failing/gm)].reduce((n, m) => n + Number(m[1]), 0), skipped: 0 };
      if (code !== 0 && result.failed === 0) result.failed = 1;
    }
  }
  if (result.passed + result.failed === 0 && !result.note) {
    result = { ...result, code: 1, failed: 1, note: 'ran no test' };
    console.error(`FAIL ${layer}: no test ran`);
  }
  results.push({ layer, ...result });
}

fs.rmSync(home, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.layer.padEnd(12)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ''}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.some((r) => r.code !== 0) || failed > 0 ? 1 : 0);
