#!/usr/bin/env node
// Run a VS Code extension's integration tests inside code-server's real Node
// extension host, driven by headless Debian Chromium through playwright-core.
//
// The VS Code web workbench reads `extensionDevelopmentPath` / `extensionTestsPath`
// from the `payload` URL query parameter; when the (remote, Node) extension host
// finishes the tests it reports the exit code to the page, which calls
// window.codeAutomationExit(code) - the same hook @vscode/test-web uses.
//
// Usage: node run-ext-tests.mjs --extensionDevelopmentPath DIR --extensionTestsPath FILE
//          [--workspace DIR] [--code-server BIN] [--timeout SEC] [--screenshot FILE]
// Exit code = test exit code (0 pass, non-zero fail), 2 = harness error/timeout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// code-server and playwright-core live in their own install dir (scripts/vscode-test-host/install.sh),
// not in the extension's node_modules.
const hostDir = path.resolve(process.env.DCT_VSCODE_TEST_HOST || path.join(here, '..', '..', '.vscode-test-host'));
const hostRequire = createRequire(path.join(hostDir, 'package.json'));
let chromium;
try {
  ({ chromium } = hostRequire('playwright-core'));
} catch (error) {
  console.error(`[harness] playwright-core not found in ${hostDir}: run scripts/testbed/up.sh integration (${error.message})`);
  process.exit(2);
}
// Accepts both "--flag value" and "--flag=value" (the form @vscode/test-electron's
// runTests() uses, so this script can also serve as its vscodeExecutablePath);
// a bare path argument is taken as the workspace folder; unknown flags are ignored.
const VALUE_FLAGS = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'workspace', 'code-server',
  'chromium', 'timeout', 'screenshot', 'user-data-dir', 'extensions-dir']);
const opts = {};
const positional = [];
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    let m;
    if ((m = /^--([^=]+)=(.*)$/s.exec(a[i]))) (opts[m[1]] ??= []).push(m[2]);
    else if ((m = /^--(.+)$/.exec(a[i]))) {
      if (VALUE_FLAGS.has(m[1]) && i + 1 < a.length) (opts[m[1]] ??= []).push(a[++i]);
      else (opts[m[1]] ??= []).push('true');
    } else positional.push(a[i]);
  }
}
const opt = (name, dflt) => (opts[name] ? opts[name][opts[name].length - 1] : dflt);
if (!opts.extensionDevelopmentPath || !opts.extensionTestsPath) {
  console.error('need --extensionDevelopmentPath and --extensionTestsPath');
  process.exit(2);
}
const extDevs = opts.extensionDevelopmentPath.map(p => path.resolve(p));
const extTests = path.resolve(opt('extensionTestsPath'));
const codeServer = path.resolve(opt('code-server', process.env.CODE_SERVER_BIN ||
  path.join(hostDir, 'node_modules', '.bin', 'code-server')));
const chromiumPath = opt('chromium', process.env.CHROMIUM_PATH || '/usr/bin/chromium');
const timeoutSec = Number(opt('timeout', process.env.DCT_VSCODE_TEST_TIMEOUT || '300'));
const screenshot = opt('screenshot', '');
const t0 = Date.now();
const log = (...a) => console.log(`[harness +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-test-'));
const workspace = path.resolve(opt('workspace', positional[0] || path.join(tmp, 'workspace')));
fs.mkdirSync(workspace, { recursive: true });

const port = await new Promise((res, rej) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  s.on('error', rej);
});
const base = `http://127.0.0.1:${port}`;

// Isolated config/user-data/extensions dirs so nothing touches ~/.config or ~/.local.
const configFile = path.join(tmp, 'config.yaml');
fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
// VS Code's server mkdirs these non-recursively: a missing parent (e.g. .vscode-test/)
// silently leaves the development extension unloaded ("extension not found").
const userDataDir = path.resolve(opt('user-data-dir', path.join(tmp, 'user-data')));
const extensionsDir = path.resolve(opt('extensions-dir', path.join(tmp, 'extensions')));
fs.mkdirSync(userDataDir, { recursive: true });
fs.mkdirSync(extensionsDir, { recursive: true });
const csArgs = [
  '--config', configFile,
  '--auth', 'none',
  '--bind-addr', `127.0.0.1:${port}`,
  '--user-data-dir', userDataDir,
  '--extensions-dir', extensionsDir,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  '--disable-getting-started-override', '--ignore-last-opened',
  workspace,
];
log(`starting code-server on ${base}`);
const cs = spawn(codeServer, csArgs, {
  env: { ...process.env, TMPDIR: tmp, EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}', XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const csLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));
cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);
if (process.env.HARNESS_VERBOSE) { cs.stdout.pipe(process.stderr); cs.stderr.pipe(process.stderr); }

let browser;
let finished = false;
async function finish(code, why) {
  if (finished) return;
  finished = true;
  if (why) log(why);
  try { if (browser) await browser.close(); } catch { /* ignore */ }
  cs.kill('SIGTERM');
  await new Promise(r => { const t = setTimeout(r, 3000); cs.once('exit', () => { clearTimeout(t); r(); }); });
  if (cs.exitCode === null) cs.kill('SIGKILL');
  if (code !== 0) log(`code-server log kept at ${path.join(tmp, 'code-server.log')}`);
  else if (!process.env.HARNESS_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  log(`exit ${code}`);
  process.exit(code);
}
cs.on('exit', (c, s) => finish(2, `code-server exited early (code ${c}, signal ${s})`));
const timer = setTimeout(() => finish(2, `timeout after ${timeoutSec}s`), timeoutSec * 1000);
timer.unref();

// Wait for the server.
for (;;) {
  try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
  await new Promise(r => setTimeout(r, 200));
}
log('code-server is up');

// The remote authority the workbench uses ("remote" in code-server 4.x); read it
// from the page config rather than hard-coding it.
const html = await (await fetch(`${base}/?folder=${encodeURIComponent(workspace)}`)).text();
const m = /&quot;remoteAuthority&quot;:&quot;([^&]*)&quot;/.exec(html);
const authority = m ? m[1] : 'remote';
const remote = p => `vscode-remote://${authority}${p.split('/').map(encodeURIComponent).join('/')}`;
const payload = [
  ...extDevs.map(p => ['extensionDevelopmentPath', remote(p)]),
  ['extensionTestsPath', remote(extTests)],
];
const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // keep Chromium's "Crash Reports" dir etc. out of ~/.config
  env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') },
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('pageerror', e => log('page error:', e.message));
if (process.env.HARNESS_VERBOSE) page.on('console', m => log(`browser ${m.type()}: ${m.text()}`));
// Extension-host console output (mocha reporter) is forwarded here during CLI test runs.
await page.exposeFunction('codeAutomationLog', (type, args) => {
  console[type === 'error' ? 'error' : 'log'](...(Array.isArray(args) ? args : [args]));
});
await page.exposeFunction('codeAutomationExit', async (code) => {
  if (screenshot) { try { await page.screenshot({ path: screenshot }); log(`screenshot ${screenshot}`); } catch (e) { log('screenshot failed', e.message); } }
  finish(typeof code === 'number' ? code : 2, `extension host finished tests with code ${code}`);
});
log(`opening ${url}`);
await page.goto(url);
