/**
 * A recording `docker` stand-in for engine tests that check argv, stdin and environment (platform flags,
 * build args, --password-stdin) without a Docker engine. Each call appends one JSON line to the log.
 * Behaviour is steered through environment variables the engine passes through to docker:
 *   SHIM_CLIENT_VERSION, SHIM_ARCH, SHIM_BUILDX=1, SHIM_BUILD_FAIL=1, SHIM_BUILD_SLEEP=seconds,
 *   SHIM_DIGEST (what push reports), SHIM_PUSH_EXPIRE_ONCE=<file> (first push fails with ECR's DENIED text),
 *   SHIM_CONTEXTS (JSON name -> endpoint, besides 'default'), SHIM_BUILDERS (JSON name -> {driver, endpoint, platforms};
 *   each context also has its docker-driver builder of the same name, as buildx does).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ShimCall {
  argv: string[];
  stdin: string;
  pid: number;
  env: Record<string, string | undefined>;
}

export interface DockerShim {
  path: string;
  dir: string;
  calls(): ShimCall[];
  remove(): void;
}

const SCRIPT = String.raw`
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const argv = process.argv.slice(2);
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
const pick = ['DOCKER_CONFIG', 'DOCKER_BUILDKIT', 'PIP_INDEX_URL', 'SECRET_ARG', 'DOCKER_CONTEXT', 'DOCKER_HOST', 'BUILDX_BUILDER'];
const env = {};
for (const k of pick) env[k] = process.env[k];
const LOG = process.env.SHIM_LOG || __dirname + '/calls.jsonl';
fs.appendFileSync(LOG, JSON.stringify({ argv, stdin, pid: process.pid, env }) + '\n');
const out = (s) => process.stdout.write(s + '\n');
const [cmd, sub] = argv;
const isBuild = cmd === 'build' || (cmd === 'buildx' && sub === 'build');
if (cmd === 'version') {
  out(JSON.stringify({ Client: { Version: process.env.SHIM_CLIENT_VERSION || '28.2.2' }, Server: { Version: '20.10.24', Arch: process.env.SHIM_ARCH || 'amd64', Os: 'linux' } }));
} else if (cmd === 'buildx' && sub === 'version') {
  if (process.env.SHIM_BUILDX !== '1') { process.stderr.write("docker: 'buildx' is not a docker command.\n"); process.exit(1); }
  out('github.com/docker/buildx v0.12.1');
} else if (cmd === 'context' && sub === 'inspect') {
  const contexts = { default: process.env.DOCKER_HOST || 'unix:///var/run/docker.sock', ...JSON.parse(process.env.SHIM_CONTEXTS || '{}') };
  if (!(argv[2] in contexts)) { out('[]'); process.stderr.write('context "' + argv[2] + '" does not exist\n'); process.exit(1); }
  out(JSON.stringify([{ Name: argv[2], Metadata: {}, Endpoints: { docker: { Host: contexts[argv[2]], SkipTLSVerify: false } } }]));
} else if (cmd === 'buildx' && sub === 'inspect') {
  const context = process.env.DOCKER_CONTEXT || 'default';
  const name = argv[2] || process.env.BUILDX_BUILDER || context;
  const own = name === context ? { driver: 'docker', endpoint: context, platforms: 'linux/' + (process.env.SHIM_ARCH || 'amd64') } : undefined;
  const builder = JSON.parse(process.env.SHIM_BUILDERS || '{}')[name] || own;
  if (!builder) { process.stderr.write('ERROR: no builder "' + name + '" found\n'); process.exit(1); }
  out('Name:          ' + name); out('Driver:        ' + builder.driver); out(''); out('Nodes:');
  out('Name:      ' + name + '0'); out('Endpoint:  ' + builder.endpoint); out('Status:    running'); out('Platforms: ' + builder.platforms);
} else if (isBuild) {
  out('Step 1/3 : FROM scratch');
  out('Step 2/3 : COPY app /app');
  if (process.env.PIP_INDEX_URL) out('Looking in indexes: ' + process.env.PIP_INDEX_URL);
  if (process.env.SHIM_BUILD_SLEEP) {
    const child = spawn('sleep', [process.env.SHIM_BUILD_SLEEP], { stdio: 'ignore' });
    fs.appendFileSync(LOG, JSON.stringify({ argv: ['(child)'], stdin: '', pid: child.pid, env: {} }) + '\n');
    child.on('exit', () => process.exit(0));
    return;
  }
  if (process.env.SHIM_BUILD_FAIL === '1') {
    out('Step 3/3 : RUN pip install -r requirements.txt');
    process.stderr.write("The command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1\n");
    process.exit(1);
  }
  out('Step 3/3 : CMD ["app"]');
  out('Successfully built 0123456789ab');
} else if (cmd === 'login') {
  out('Login Succeeded');
} else if (cmd === 'push') {
  const flag = process.env.SHIM_PUSH_EXPIRE_ONCE;
  out('The push refers to repository [' + argv[1].split(':').slice(0, -1).join(':') + ']');
  out('5f70bf18a086: Preparing');
  if (flag && !fs.existsSync(flag)) {
    fs.writeFileSync(flag, 'done');
    process.stderr.write('denied: Your authorization token has expired. Reauthenticate and try again.\n');
    process.exit(1);
  }
  out('5f70bf18a086: Pushed');
  out(argv[1].split(':').pop() + ': digest: ' + (process.env.SHIM_DIGEST || 'sha256:' + '0'.repeat(64)) + ' size: 524');
}
`;

export function createDockerShim(): DockerShim {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-docker-shim-'));
  const file = path.join(dir, 'docker');
  fs.writeFileSync(file, `#!${process.execPath}\n(function main() {${SCRIPT}})();\n`, { mode: 0o755 });
  const log = path.join(dir, 'calls.jsonl');
  return {
    path: file,
    dir,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ShimCall) : []),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
