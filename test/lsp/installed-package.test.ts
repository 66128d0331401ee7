/**
 * The npm package as a user gets it, not the repo's dist/: `npm pack` (its prepack script builds the minified
 * bundles), then `npm install` of that tarball into an empty prefix with --offline and an empty cache, so the
 * install must need nothing from a registry. The installed `django-container lsp` is then driven as editors
 * drive it: over stdio (Neovim, Helix, LSP4IJ), plus the --socket and --node-ipc transports and a usage error.
 *
 * Every path this file creates or deletes is under one fresh mkdtemp dir in os.tmpdir(); HOME and the npm cache
 * of the npm processes point inside it. Nothing derived from process.env.HOME is ever touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  SocketMessageReader,
  SocketMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { hoverText } from './support/example-server';
import { copyExampleProject, isolatedEnv, LspClient, repoRoot } from './support/lsp-client';

const SCRATCH_PREFIX = path.join(os.tmpdir(), 'dct-npm-install-');
const scratch = fs.mkdtempSync(SCRATCH_PREFIX);
const home = path.join(scratch, 'home');
const cache = path.join(scratch, 'npm-cache');
const packDir = path.join(scratch, 'pack');
const prefix = path.join(scratch, 'prefix');
const bin = path.join(prefix, 'node_modules', '.bin', 'django-container');
const installed = path.join(prefix, 'node_modules', 'django-container-tools');
for (const dir of [home, cache, packDir, prefix]) fs.mkdirSync(dir);

/** npm with its own HOME, cache and user config, and none of the npm_* settings of an `npm test` parent. */
function npm(args: string[], cwd: string): { stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, {
    HOME: home,
    npm_config_cache: cache,
    npm_config_userconfig: path.join(home, '.npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });
  const run = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `npm ${args.join(' ')} failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr };
}

/** The installed bin runs through its `#!/usr/bin/env node` line, as from a shell: this node first on PATH. */
const binEnv = () => ({ PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` });

let tarball: string;

before(() => {
  npm(['pack', '--pack-destination', packDir], repoRoot);
  const packed = fs.readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
  assert.equal(packed.length, 1, `one tarball in ${packDir}: ${packed.join(', ')}`);
  tarball = path.join(packDir, packed[0]);
  npm(['install', '--offline', '--prefix', prefix, tarball], prefix);
});

after(() => {
  // Only the dir mkdtemp made above, checked again so a refactoring cannot turn this into a wider delete.
  assert.ok(scratch.startsWith(SCRATCH_PREFIX) && path.basename(scratch).length > path.basename(SCRATCH_PREFIX).length);
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  test('holds the CLI and server bundles, the templates and the root documents, and nothing else', () => {
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    const files = list.stdout.split('\n').filter((line) => line && !line.endsWith('/')).map((line) => line.replace(/^package\//, '')).sort();
    const templates = fs.readdirSync(path.join(repoRoot, 'templates'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/aws-sdk.js', 'dist/cli.js', 'dist/server.js', 'package.json', ...templates].sort());
  });

  test('installs offline from an empty cache without pulling any dependency (everything is bundled)', () => {
    const besideIt = fs.readdirSync(path.join(prefix, 'node_modules')).filter((name) => !name.startsWith('.'));
    assert.deepEqual(besideIt, ['django-container-tools']);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined, 'no runtime dependency: dist/ bundles them, so add packages with --save-dev (CONTRIBUTING.md)');
    assert.equal(fs.realpathSync(bin), path.join(fs.realpathSync(installed), 'dist', 'cli.js'));
  });
});

describe('the installed `django-container lsp`', () => {
  let workspaceDir: string;
  before(() => {
    workspaceDir = copyExampleProject();
  });
  after(() => fs.rmSync(workspaceDir, { recursive: true, force: true }));

  test('--stdio: initialize, diagnostics with the Django rules, a hover, shutdown and exit 0', { timeout: 60_000 }, async () => {
    const { client, init } = await LspClient.start({ workspaceDir, command: [bin, 'lsp', '--stdio'], env: binEnv() });
    try {
      assert.equal(init.serverInfo?.name, 'django-container-tools');
      assert.ok(init.capabilities.hoverProvider, 'hover is offered');
      // The process is the installed bin, not the repo's dist/server.js.
      const cmdline = fs.readFileSync(`/proc/${client.child.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes(bin), `server command line: ${cmdline.join(' ')}`);

      const seed = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'seed', 'multi-stage.Dockerfile'), 'utf8');
      const uri = await client.open('Dockerfile', seed);
      const cmdLine = seed.split('\n').findIndex((line) => line.startsWith('CMD ["gunicorn"'));
      // server-executable-missing needs the workspace model, loaded by the installed bundle.
      const published = await client.diagnostics(uri, (items) => items.some((d) => d.code === 'server-executable-missing'), 30_000);
      const finding = published.diagnostics.find((d) => d.code === 'server-executable-missing')!;
      assert.equal(finding.range.start.line, cmdLine);
      assert.ok(published.diagnostics.some((d) => d.code === 'django-app-module-missing'), 'the placeholder WSGI module is reported');

      const fromSlim = seed.split('\n').findIndex((line) => line.startsWith('FROM python:3.9-slim'));
      const hover = await hoverText(client, uri, fromSlim, 8);
      assert.ok(hover, 'a hover on the base image');
      assert.match(hover, /\*\*Python 3\.9\*\*/);
    } finally {
      assert.equal(await client.stop(), 0, `exit code after shutdown and exit; stderr: ${client.stderr}`);
    }
  });

  test('--socket=PORT connects to a client listening on loopback', { timeout: 30_000 }, async () => {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
    const server = startBin(['lsp', `--socket=${port}`], ['ignore', 'ignore', 'pipe']);
    try {
      const socket = await accepted;
      const connection = createProtocolConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
      assert.equal(await handshake(connection), 'django-container-tools');
      assert.equal(await shutdownAndExit(connection, server), 0);
    } finally {
      server.kill();
      listener.close();
    }
  });

  test('--node-ipc talks over the IPC channel of its parent', { timeout: 30_000 }, async () => {
    const server = startBin(['lsp', '--node-ipc'], ['ignore', 'ignore', 'pipe', 'ipc']);
    try {
      const connection = createProtocolConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
      assert.equal(await handshake(connection), 'django-container-tools');
      assert.equal(await shutdownAndExit(connection, server), 0);
    } finally {
      server.kill();
    }
  });

  test('without a transport it exits 2 and says which ones exist', { timeout: 30_000 }, () => {
    const isolated = isolatedEnv();
    const run = spawnSync(bin, ['lsp'], { env: { ...process.env, ...isolated, ...binEnv() }, encoding: 'utf8', timeout: 20_000 });
    fs.rmSync(isolated.HOME!, { recursive: true, force: true });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /choose a transport: --stdio/);
    assert.equal(run.stdout, '', 'nothing on stdout, which an editor would read as protocol');
  });

  function startBin(args: string[], stdio: ('ignore' | 'pipe' | 'ipc')[]) {
    const isolated = isolatedEnv();
    const child = spawn(bin, args, { cwd: workspaceDir, env: { ...process.env, ...isolated, ...binEnv() }, stdio });
    // Only the HOME isolatedEnv() just made for this child.
    child.once('exit', () => fs.rmSync(isolated.HOME!, { recursive: true, force: true }));
    return child;
  }

  async function handshake(connection: ProtocolConnection): Promise<string | undefined> {
    connection.listen();
    const rootUri = pathToFileURL(workspaceDir).href;
    const init: InitializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'mysite' }],
      capabilities: {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return init.serverInfo?.name;
  }

  async function shutdownAndExit(connection: ProtocolConnection, child: ReturnType<typeof spawn>): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    const code = await exited;
    connection.dispose();
    return code;
  }
});
