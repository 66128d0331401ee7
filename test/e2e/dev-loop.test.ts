/**
 * generate --dev-loop on a real engine: the `dev` target builds offline (debugpy from the local index, Debian's
 * debugpy with pydevd bundled as PyPI's wheel vendors it), runs the source bind-mounted as the developer's uid the
 * way compose.debug.yaml does, answers HTTP from runserver, accepts a Debug Adapter Protocol client on 5678 and
 * reloads an edited view; the production image built without --target has no debugpy.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import * as docker from '../support/docker';
import { baseImage, exampleDir, loadTestbed, tempCopy } from '../support/testbed';
import { cliPath } from '../support/push-cli';

/** Sends one DAP request over a fresh TCP connection and resolves with its response. */
function dapRequest(port: number, command: string, args: Record<string, unknown>): Promise<{ command: string; success: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no DAP response to ${command} within 15 s`)); }, 15_000);
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
    socket.on('connect', () => {
      const body = Buffer.from(JSON.stringify({ seq: 1, type: 'request', command, arguments: args }));
      socket.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.type === 'response' && message.command === command) {
          clearTimeout(timer);
          socket.destroy();
          resolve(message);
          return;
        }
      }
    });
  });
}

async function waitForBody(url: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = await response.text();
      if (pattern.test(last)) return last;
    } catch { /* not listening yet, or reloading */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} never matched ${pattern}; last answer: ${last.slice(0, 300)}`);
}

describe('generate --dev-loop: debugpy dev stage on real docker', () => {
  const bed = loadTestbed();
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  it('builds target dev, serves with autoreload under debugpy, answers DAP; production has no debugpy', async () => {
    const dir = tempCopy(exampleDir('mysite'), 'dct-devloop-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const generated = spawnSync(process.execPath, [cliPath(), 'generate', dir, '--base-image', baseImage(bed, '3.11'), '--yes', '--dev-loop', '--builder', 'buildkit'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /FROM builder AS dev/);
    const compose = parseYaml(fs.readFileSync(path.join(dir, 'compose.debug.yaml'), 'utf8')) as { services: { web: { user: string; build: { target: string } } } };
    assert.equal(compose.services.web.build.target, 'dev');
    const launch = fs.readFileSync(path.join(dir, '.vscode', 'launch.json'), 'utf8');
    assert.match(launch, /"type": "debugpy"/);

    // The index serves Debian's debugpy 1.6.3: the generated ARG takes the version, as a user pins one.
    const buildArgs = { PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost, DEBUGPY_VERSION: '1.6.3' };
    const devTag = docker.uniqueName('devloop-dev');
    cleanups.push(() => docker.removeImage(devTag));
    const dev = await docker.build({ context: dir, tag: devTag, target: 'dev', buildkit: true, buildArgs });
    assert.equal(dev.code, 0, `dev build failed:\n${dev.output.slice(-3000)}`);

    // As compose.debug.yaml runs it: the developer's uid (the owner of the checkout), the source bind-mounted.
    const [uid, gid] = compose.services.web.user.replace(/\$\{DEV_UID:-(\d+)\}:\$\{DEV_GID:-(\d+)\}/, '$1:$2').split(':');
    spawnSync('chown', ['-R', `${uid}:${gid}`, dir]);
    const port = await docker.freePort();
    const debugPort = 5678;
    const container = await docker.runDetached({
      image: devTag, name: docker.uniqueName('devloop-run'), env: { PORT: String(port), DEBUG: '1', DJANGO_DEBUG: '1' },
      flags: ['--user', `${uid}:${gid}`, '-v', `${dir}:/app`],
    });
    cleanups.push(() => docker.removeContainer(container));
    const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
    assert.equal(home.status, 200, home.body.slice(0, 300));
    const cmdline = await docker.exec(container, ['cat', '/proc/1/cmdline']);
    assert.match(cmdline.stdout.replace(/\0/g, ' '), /debugpy --listen 0\.0\.0\.0:5678 manage\.py runserver/);

    const initialized = await dapRequest(debugPort, 'initialize', { adapterID: 'python', clientID: 'dct-e2e', linesStartAt1: true, columnsStartAt1: true });
    assert.equal(initialized.success, true);

    // An edit in the bind-mounted source: runserver reloads and serves the new view.
    const views = path.join(dir, 'pages', 'views.py');
    fs.writeFileSync(views, fs.readFileSync(views, 'utf8').replace('{"status": "ok"}', '{"status": "edited-in-dev-loop"}'));
    await waitForBody(`http://127.0.0.1:${port}/healthz`, /edited-in-dev-loop/, 30_000);

    // What ships: the image without --target is the runtime stage, without debugpy.
    const prodTag = docker.uniqueName('devloop-prod');
    cleanups.push(() => docker.removeImage(prodTag));
    const prod = await docker.build({ context: dir, tag: prodTag, buildkit: true, buildArgs });
    assert.equal(prod.code, 0, prod.output.slice(-3000));
    const noDebugpy = await docker.runOnce({ image: prodTag, command: ['python', '-c', 'import importlib.util as u; print(u.find_spec("debugpy") is None)'] });
    assert.equal(noDebugpy.stdout.trim(), 'True', noDebugpy.output);
  });
});
