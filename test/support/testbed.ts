/**
 * What scripts/testbed/up.sh provisioned, for e2e tests: read from .testbed/state.json.
 * Tests never guess image names, ports or docker binaries; they ask here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Testbed {
  /** PEP 503 index of wheels rebuilt from Debian packages, e.g. http://127.0.0.1:3141/simple/ */
  indexUrl: string;
  /** Host for `pip --trusted-host` (the index is plain HTTP). */
  trustedHost: string;
  /** Python minor version -> local base image, e.g. { "3.11": "local/python:3.11-slim-bookworm", "3.13": "local/python:3.13-slim-trixie" }. */
  baseImages: Record<string, string>;
  /** docker client that runs BuildKit with DOCKER_BUILDKIT=1 (Debian's 20.10). */
  dockerBuildkitClient: string;
  /** docker client without buildx: builds use the legacy builder. */
  dockerPlainClient: string;
  /** Debian's distribution registry 2.8.2 binary (not started by the bed). */
  registryBinary: string;
  /** A second, independent dockerd (scripts/testbed/second-dockerd.sh), e.g. unix:///run/dct-docker2/docker.sock. */
  secondDockerHost?: string;
  /** A second index holding only psycopg2's sdist (scripts/testbed/source-index.sh), for PIP_EXTRA_INDEX_URL. */
  sourceIndexUrl?: string;
  /** The loopback apt repository the bookworm base image's sources.list names (scripts/testbed/apt-mirror.sh). */
  aptMirror?: string;
}

/** The repository root (works from out/test/support/ and from test/support/). */
export function repoRoot(): string {
  if (process.env.DCT_REPO_ROOT) return process.env.DCT_REPO_ROOT;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'scripts', 'testbed'))) return dir;
  }
  throw new Error(`cannot find the repository root above ${__dirname}; set DCT_REPO_ROOT`);
}

export function stateFile(): string {
  return path.join(repoRoot(), '.testbed', 'state.json');
}

/** Reads .testbed/state.json; throws a clear error telling how to create it. */
export function loadTestbed(): Testbed {
  const file = stateFile();
  if (!fs.existsSync(file)) {
    throw new Error(`test bed not provisioned: ${file} is missing; run scripts/testbed/up.sh e2e (as root)`);
  }
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as Testbed;
  for (const key of ['indexUrl', 'trustedHost', 'baseImages', 'dockerBuildkitClient', 'dockerPlainClient', 'registryBinary'] as const) {
    if (state[key] === undefined) throw new Error(`${file} has no "${key}"; rerun scripts/testbed/up.sh e2e`);
  }
  return state;
}

/** The base image for a Python minor version ("3.11" by default); throws if the bed has none. */
export function baseImage(testbed: Testbed, pythonVersion = '3.11'): string {
  const image = testbed.baseImages[pythonVersion];
  if (!image) throw new Error(`no local base image for Python ${pythonVersion} (have: ${Object.keys(testbed.baseImages).join(', ')})`);
  return image;
}

/** The second dockerd's DOCKER_HOST; throws when the bed has none (only the remote-engine tests need it). */
export function secondDockerHost(testbed: Testbed): string {
  if (!testbed.secondDockerHost) throw new Error(`${stateFile()} has no "secondDockerHost"; rerun scripts/testbed/up.sh e2e`);
  return testbed.secondDockerHost;
}

/** The psycopg2-sdist index; throws when the bed has none (only the C extension test needs it). */
export function sourceIndexUrl(testbed: Testbed): string {
  if (!testbed.sourceIndexUrl || !testbed.aptMirror) throw new Error(`${stateFile()} has no "sourceIndexUrl"/"aptMirror"; rerun scripts/testbed/up.sh e2e`);
  return testbed.sourceIndexUrl;
}

/** A throwaway copy of a directory (e.g. examples/mysite) under the OS temp dir; remove it with fs.rmSync(dir, {recursive: true}). */
export function tempCopy(source: string, prefix = 'dct-copy-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

/** Absolute path of examples/<name>. */
export function exampleDir(name = 'mysite'): string {
  return path.join(repoRoot(), 'examples', name);
}
