/** The sign-in button types `aws sso login --profile X` into a terminal: X must reach aws as one literal word. */
import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { shellLine } from '../../../client/src/push/shellLine';

/** What a POSIX shell makes of the line: the words a program would receive. */
function wordsFromShell(line: string, cwd: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `for w in ${line}; do printf '%s\\0' "$w"; done`], { cwd, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

test('profile names with shell syntax stay single literal words and run nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-shell-'));
  try {
    const hostile = ['dev', 'my profile', "o'brien", 'x$(touch pwned)', '`touch pwned2`', 'a;touch pwned3', '*', '$HOME', 'new\nline'];
    for (const profile of hostile) {
      const argv = ['aws', 'sso', 'login', '--profile', profile];
      assert.deepEqual(wordsFromShell(shellLine(argv), dir), argv, `profile ${JSON.stringify(profile)}`);
    }
    assert.deepEqual(fs.readdirSync(dir), [], 'no command substitution ran');
    assert.equal(shellLine(['aws', 'sso', 'login', '--profile', 'dev-01']), 'aws sso login --profile dev-01', 'plain words stay unquoted');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
