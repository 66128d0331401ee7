/**
 * A C extension built from source (issue #9): a startproject that pins psycopg2 (not -binary). The generated
 * builder apt-installs gcc, libc6-dev and libpq-dev (from the bed's loopback apt mirror) and pip compiles
 * psycopg2's real sdist (the bed's source index, as PIP_EXTRA_INDEX_URL: 2.9.10 exists there as an sdist only);
 * the final stage carries libpq5 and no compiler or headers; psycopg2 loads as the non-root user; Django answers.
 * And the failure mode the fix is about: the same Dockerfile without libc6-dev does not compile.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as docker from '../support/docker';
import { baseImage, loadTestbed, repoRoot, sourceIndexUrl, tempCopy } from '../support/testbed';

const PSYCOPG2 = '2.9.10';

describe('psycopg2 compiled from its sdist in the generated builder', () => {
  const bed = loadTestbed();
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const dir = tempCopy(path.join(repoRoot(), 'test', 'fixtures', 'golden', 'e2e-apps', 'startproject'), 'dct-cext-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.appendFileSync(path.join(dir, 'requirements.txt'), `psycopg2==${PSYCOPG2}\n`);
  const buildArgs = () => ({ PIP_INDEX_URL: bed.indexUrl, PIP_EXTRA_INDEX_URL: sourceIndexUrl(bed), PIP_TRUSTED_HOST: bed.trustedHost });

  it('generate -> build (gcc + libc6-dev + libpq-dev in the builder) -> the final image has libpq5 only and serves Django', async () => {
    const cli = path.join(repoRoot(), 'out', 'server', 'src', 'cli', 'main.js');
    const generated = spawnSync(process.execPath, [cli, 'generate', dir, '--base-image', baseImage(bed, '3.11'), '--yes', '--no-buildkit'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const [builderText, finalText] = splitStages(dockerfile);
    assert.match(builderText, /apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev/);
    assert.match(finalText, /apt-get install -y --no-install-recommends libpq5\b/);
    assert.doesNotMatch(finalText, /gcc|libc6-dev|libpq-dev/);

    const tag = docker.uniqueName('cext');
    cleanups.push(() => docker.removeImage(tag));
    // No layer cache: an engine that built this before would skip the compile this test is about.
    const built = await docker.build({ context: dir, tag, buildArgs: buildArgs(), noCache: true, timeoutMs: 15 * 60_000 });
    assert.equal(built.code, 0, `docker build failed:\n${built.output.slice(-4000)}`);
    // pip took the sdist and compiled it (no wheel of 2.9.10 exists anywhere in the bed).
    assert.match(built.output, new RegExp(`psycopg2-${PSYCOPG2.replace(/\./g, '\\.')}\\.tar\\.gz`));

    const packages = await docker.runOnce({ image: tag, command: ['sh', '-c', 'for p in libpq5 gcc libpq-dev libc6-dev; do dpkg-query -W -f="$p=\\${db:Status-Status}\\n" $p 2>/dev/null || echo "$p=absent"; done; command -v gcc || echo no-gcc'] });
    assert.equal(packages.code, 0, packages.output);
    assert.match(packages.stdout, /^libpq5=installed$/m);
    for (const p of ['gcc', 'libpq-dev', 'libc6-dev']) assert.doesNotMatch(packages.stdout, new RegExp(`^${p}=installed$`, 'm'));
    assert.match(packages.stdout, /^no-gcc$/m);

    const imported = await docker.runOnce({ image: tag, command: ['python', '-c', 'import os, psycopg2; print(os.getuid(), psycopg2.__version__, psycopg2.__libpq_version__)'] });
    assert.equal(imported.code, 0, imported.output);
    // 150018: bookworm's libpq 15.x, which the module was compiled against and loads.
    assert.match(imported.stdout.trim(), new RegExp(`^10001 ${PSYCOPG2.replace(/\./g, '\\.')} \\(.*\\) 15\\d{4}$`));

    const port = await docker.freePort();
    const container = await docker.runDetached({ image: tag, name: docker.uniqueName('cext-run'), env: { PORT: String(port) } });
    cleanups.push(() => docker.removeContainer(container));
    const home = await docker.waitForHttp(`http://127.0.0.1:${port}/`, 60_000, container);
    assert.equal(home.status, 200, home.body.slice(0, 500));
    assert.match(home.body, /The install worked successfully/);
  });

  it('the same Dockerfile without libc6-dev fails to compile psycopg2 (no C library headers in a slim image)', async () => {
    const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const broken = dockerfile.replace('gcc libc6-dev libpq-dev', 'gcc libpq-dev');
    assert.notEqual(broken, dockerfile);
    const file = path.join(dir, 'Dockerfile.no-libc6-dev');
    fs.writeFileSync(file, broken);
    const tag = docker.uniqueName('cext-broken');
    cleanups.push(() => docker.removeImage(tag));
    const built = await docker.build({ context: dir, dockerfile: file, tag, buildArgs: buildArgs(), timeoutMs: 15 * 60_000 });
    assert.notEqual(built.code, 0, 'the build without libc6-dev must fail');
    assert.match(built.output, /(stdio|limits|stdlib|string)\.h: No such file or directory/);
  });
});

/** The builder stage's text and the final stage's text (the last FROM starts the final stage). */
function splitStages(dockerfile: string): [string, string] {
  const froms = [...dockerfile.matchAll(/^FROM .*$/gm)];
  const last = froms[froms.length - 1].index ?? 0;
  return [dockerfile.slice(0, last), dockerfile.slice(last)];
}
