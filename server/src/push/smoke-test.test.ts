import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitCodeFor, formatError, parsePushArgs, PUSH_USAGE } from '../cli/push';
import { platformMismatch, throwawaySecret, writeEnvFile } from './smoke-test';

describe('smoke test: platform', () => {
  it('accepts the requested platform, arm64 with or without variant v8', () => {
    assert.equal(platformMismatch('linux/amd64', { os: 'linux', architecture: 'amd64', variant: '' }), undefined);
    assert.equal(platformMismatch('linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }), undefined);
    assert.equal(platformMismatch('linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }), undefined);
  });

  it('names the platform the image really has', () => {
    assert.equal(platformMismatch('linux/amd64', { os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64/v8');
    assert.equal(platformMismatch('linux/arm64', { os: 'linux', architecture: 'amd64' }), 'linux/amd64');
    assert.equal(platformMismatch('linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v6' }), 'linux/arm/v6');
  });
});

describe('smoke test: throwaway settings', () => {
  it('makes a fresh key long and varied enough for check --deploy (no security.W009)', () => {
    const a = throwawaySecret();
    assert.ok(a.length >= 50 && new Set(a).size >= 5, a);
    assert.notEqual(a, throwawaySecret());
  });

  it('writes the env file for its owner only, in a private folder, and removes both', () => {
    const { file, remove } = writeEnvFile({ PORT: '8123', SECRET_KEY: 'k-1', ALLOWED_HOSTS: '127.0.0.1,localhost' });
    try {
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o077, 0, 'the folder is private');
      assert.equal(fs.readFileSync(file, 'utf8'), 'PORT=8123\nSECRET_KEY=k-1\nALLOWED_HOSTS=127.0.0.1,localhost\n');
    } finally {
      remove();
    }
    assert.equal(fs.existsSync(path.dirname(file)), false);
  });

  it('refuses a value that would smuggle another variable onto a new line', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-smoke-unit-'));
    try {
      assert.throws(() => writeEnvFile({ SECRET_KEY: 'a\nDEBUG=1' }, parent), /single line/);
      assert.deepEqual(fs.readdirSync(parent), [], 'no folder left behind');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('smoke test in the CLI', () => {
  it('is on unless --no-smoke-test', () => {
    assert.equal(parsePushArgs(['-r', 'web']).options.smokeTest, undefined);
    assert.equal(parsePushArgs(['-r', 'web', '--no-smoke-test']).options.smokeTest, false);
  });

  it('has its own exit code, documented, and prints the container output', () => {
    const error = { kind: 'smoke-test-failed' as const, message: 'The smoke test failed.', nextStep: 'Fix it.', detail: 'line one\nline two' };
    assert.equal(exitCodeFor(error), 10);
    assert.match(PUSH_USAGE, /^ {2}10 {3}the smoke test failed/m);
    assert.match(formatError(error), /container output \(last lines\):\n {4}line one\n {4}line two/);
  });
});
