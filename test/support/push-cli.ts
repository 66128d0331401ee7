/**
 * Running `django-container push` in e2e tests while watching every process's command line for a registry
 * password the ECR stand-in has issued: the proof that secrets never reach argv.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EcrStandIn } from './ecr-standin';
import { repoRoot } from './testbed';

export interface CliRun { code: number; stdout: string; stderr: string; leaks: string[] }

export const cliPath = (): string => path.join(repoRoot(), 'out', 'server', 'src', 'cli', 'main.js');

/** Every command line visible in /proc right now. */
export function commandLines(): Array<{ pid: number; cmdline: string }> {
  const out: Array<{ pid: number; cmdline: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.push({ pid: Number(entry), cmdline: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ') });
    } catch { /* process ended */ }
  }
  return out;
}

export function runPushCli(ecr: EcrStandIn, args: string[], env: NodeJS.ProcessEnv, onStderr?: (text: string) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath(), 'push', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const leaks = new Set<string>();
    const watch = setInterval(() => {
      const secrets = ecr.issuedPasswords().map((p) => p.slice(0, 48));
      if (!secrets.length) return;
      for (const { pid, cmdline } of commandLines()) if (secrets.some((s) => cmdline.includes(s))) leaks.add(`${pid}: ${cmdline.slice(0, 120)}`);
    }, 20);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; onStderr?.(String(d)); });
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code: code ?? 1, stdout, stderr, leaks: [...leaks] });
    });
  });
}

/** No issued password on any command line during the run, nor in its output. */
export function passwordLeaks(ecr: EcrStandIn, run: CliRun): string[] {
  const found = [...run.leaks];
  for (const password of ecr.issuedPasswords()) {
    if (run.stdout.includes(password.slice(0, 48)) || run.stderr.includes(password.slice(0, 48))) found.push('a registry password appeared in the output');
  }
  return found;
}
