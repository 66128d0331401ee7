/**
 * compose.yaml end to end: `django-container generate --compose` on test/fixtures/compose-postgres (its settings read
 * SHOP_DB_* variables with the defaults "shopdb"/"shopper"), then `docker-compose up` (Debian's 1.29, or a Compose v2
 * plugin when one is installed) with the generated file unchanged. Asserts that the one-shot migrate service ran and
 * exited 0, its table exists in the database the settings name, web answers a DB-backed view, and
 * `manage.py check --database default` passes inside the stack.
 *
 * What only this machine needs lives in an override file: host networking (no bridge networks exist, loopback only),
 * so Postgres listens on a free 127.0.0.1 port and web is told that host and port; the offline index and the libpq
 * base image as build args. Host networking cannot publish ports and an override cannot drop a list in compose 1.x,
 * so web's `ports:` is the one thing removed from the generated file (in a copy). Images and secrets come from .env,
 * as the generated file's header tells users.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml, parseDocument, stringify as stringifyYaml } from 'yaml';
import * as docker from '../support/docker';
import { loadTestbed, repoRoot, tempCopy } from '../support/testbed';

const POSTGRES_IMAGE = 'local/postgres:15';
const LIBPQ_BASE_IMAGE = 'local/python:3.11-slim-bookworm-libpq';

/** `docker compose` when the v2 plugin exists, else the standalone `docker-compose`. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` nor `docker-compose` is installed; run scripts/testbed/up.sh e2e (as root)');
}

interface Run {
  code: number | null;
  output: string;
}

function run(argv: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    // The legacy builder: the standalone docker-compose builds through the engine API, like `--no-buildkit` output expects.
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, COMPOSE_DOCKER_CLI_BUILD: '0', DOCKER_BUILDKIT: '0' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const cleanups: (() => Promise<unknown> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('generated compose.yaml runs the stack', () => {
  it('every golden compose.yaml (mysql, redis, worker, beat) passes the installed compose\'s own validation', async () => {
    const compose = composeCommand();
    const golden = path.join(repoRoot(), 'test', 'fixtures', 'golden');
    const files = fs.readdirSync(golden).map((name) => path.join(golden, name, 'expected', 'compose.yaml')).filter((f) => fs.existsSync(f));
    assert.ok(files.length >= 3, files.join(', '));
    for (const file of files) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-config-e2e-'));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
      // Required variables (${NAME:?...}) get placeholder values, as a user's .env would give them.
      const required = [...new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?/g)].map((m) => m[1]))];
      fs.writeFileSync(path.join(dir, '.env'), required.map((name) => `${name}=placeholder\n`).join(''));
      const config = await run([...compose, '-f', 'compose.yaml', 'config', '-q'], dir, 60_000);
      assert.equal(config.code, 0, `${path.relative(golden, file)}:\n${config.output}`);
      fs.writeFileSync(path.join(dir, 'empty.env'), '');
      const missing = await run([...compose, '-f', 'compose.yaml', '--env-file', 'empty.env', 'config', '-q'], dir, 60_000);
      if (required.length) assert.match(missing.output, new RegExp(`set (${required.join('|')}) in \\.env`), `${path.relative(golden, file)}: a missing secret stops compose with its name`);
    }
  });

  it('migrate runs once, then web serves a database-backed page from the database the settings name', { timeout: 900_000 }, async () => {
    const bed = loadTestbed();
    for (const image of [POSTGRES_IMAGE, LIBPQ_BASE_IMAGE]) {
      assert.equal((await docker.docker(['image', 'inspect', image])).code, 0, `${image} missing: run scripts/testbed/up.sh e2e`);
    }
    const compose = composeCommand();
    const dir = tempCopy(path.join(repoRoot(), 'test', 'fixtures', 'compose-postgres'), 'compose-up-e2e-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));

    const cli = path.join(repoRoot(), 'out', 'server', 'src', 'cli', 'main.js');
    const generated = spawnSync(process.execPath, [cli, 'generate', dir, '--compose', '--yes', '--no-buildkit', '--base-image', LIBPQ_BASE_IMAGE], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);

    const generatedText = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    const doc = parseYaml(generatedText) as { services: Record<string, { environment?: Record<string, string> }> };
    // Derived from the settings, not django/django: the names docker-compose will create.
    assert.equal(doc.services.db.environment?.POSTGRES_DB, 'shopdb');
    assert.equal(doc.services.db.environment?.POSTGRES_USER, 'shopper');
    assert.equal(doc.services.web.environment?.SHOP_DB_HOST, 'db');

    const dbPort = await docker.freePort();
    const webPort = await docker.freePort();
    const secrets = { SHOP_SECRET_KEY: randomBytes(24).toString('hex'), POSTGRES_PASSWORD: randomBytes(12).toString('hex') };
    fs.writeFileSync(path.join(dir, '.env'), Object.entries({ ...secrets, POSTGRES_IMAGE }).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });
    const build = { context: '.', network: 'host', args: { PIP_INDEX_URL: bed.indexUrl, PIP_TRUSTED_HOST: bed.trustedHost, PYTHON_IMAGE: LIBPQ_BASE_IMAGE } };
    const toDb = { SHOP_DB_HOST: '127.0.0.1', SHOP_DB_PORT: String(dbPort) };
    fs.writeFileSync(path.join(dir, 'compose.e2e.yaml'), stringifyYaml({
      services: {
        web: { network_mode: 'host', build, environment: { ...toDb, PORT: String(webPort) } },
        migrate: { network_mode: 'host', build, environment: toDb },
        db: { network_mode: 'host', environment: { PGPORT: String(dbPort), POSTGRES_LISTEN_ADDRESSES: '127.0.0.1' } },
      },
    }));
    assert.ok(!generatedText.includes(secrets.POSTGRES_PASSWORD) && !generatedText.includes(secrets.SHOP_SECRET_KEY));
    const hostNetworked = parseDocument(generatedText);
    assert.ok(hostNetworked.deleteIn(['services', 'web', 'ports']), 'web publishes its port');
    fs.writeFileSync(path.join(dir, 'compose.hostnet.yaml'), hostNetworked.toString());

    const project = docker.uniqueName('compose-up').replace(/[^a-z0-9]/g, '');
    const base = [...compose, '-p', project, '-f', 'compose.hostnet.yaml', '-f', 'compose.e2e.yaml'];
    cleanups.push(() => run([...base, 'down', '--volumes', '--rmi', 'local', '--remove-orphans'], dir, 120_000));

    const config = await run([...base, 'config', '-q'], dir, 60_000);
    assert.equal(config.code, 0, `${compose.join(' ')} rejects the generated file:\n${config.output}`);

    const up = await run([...base, 'up', '-d', '--build'], dir, 780_000);
    const logs = async (): Promise<string> => (await run([...base, 'logs', '--no-color'], dir, 60_000)).output.slice(-6000);
    assert.equal(up.code, 0, `up failed:\n${up.output.slice(-6000)}\n${await logs()}`);

    // migrate: one container, exited 0, before web started.
    const migrateIds = (await run([...base, 'ps', '-a', '-q', 'migrate'], dir, 60_000)).output.trim().split('\n').filter(Boolean);
    assert.equal(migrateIds.length, 1, `one migrate container: ${migrateIds.join(', ')}`);
    const state = JSON.parse((await docker.dockerOk(['inspect', '--format', '{{json .State}}', migrateIds[0]])).stdout) as { ExitCode: number; Running: boolean };
    assert.deepEqual({ running: state.Running, exit: state.ExitCode }, { running: false, exit: 0 });

    const table = await run([...base, 'exec', '-T', 'db', 'psql', '-U', 'shopper', '-d', 'shopdb', '-tAc', "select to_regclass('public.shop_visit')"], dir, 60_000);
    assert.equal(table.output.trim(), 'shop_visit', `migrate created the app's table in shopdb:\n${table.output}`);

    const first = await docker.waitForHttp(`http://127.0.0.1:${webPort}/visits/`, 90_000).catch(async (e: Error) => assert.fail(`${e.message}\n${await logs()}`));
    assert.equal(first.status, 200, first.body);
    assert.deepEqual(JSON.parse(first.body), { visits: 1, database: 'shopdb', vendor: 'postgresql' });
    const second = await docker.waitForHttp(`http://127.0.0.1:${webPort}/visits/`, 10_000);
    assert.equal(JSON.parse(second.body).visits, 2, 'the row written by the first request is in the database');

    const check = await run([...base, 'run', '--rm', '--no-deps', 'migrate', 'python', 'manage.py', 'check', '--database', 'default'], dir, 120_000);
    assert.equal(check.code, 0, check.output);
    assert.match(check.output, /System check identified no issues/);
  });
});
