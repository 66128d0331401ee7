/**
 * Python releases, Debian/Alpine suites and the Docker Official Image `python` tag families.
 * Data, not code: the tables below are snapshots (sources in each comment); the helpers only read them.
 * Refresh from python/peps `release_management/python-releases.toml` and
 * docker-library/official-images `library/python`.
 */

export type PythonStatus = 'prerelease' | 'bugfix' | 'security' | 'end-of-life';

export interface PythonRelease {
  /** "major.minor" */
  version: string;
  pep: number;
  /** YYYY-MM-DD of X.Y.0 */
  firstRelease: string;
  /** YYYY-MM-DD of the last bugfix release (security-only after). */
  bugfixUntil: string;
  /** YYYY-MM-DD when ended, YYYY-MM when scheduled (the PEP gives month precision only). */
  endOfLife: string;
  /** Newest patch release published as an official image tag (snapshot). */
  latestPatch: string;
}

/** python/peps release_management/python-releases.toml (HEAD ba4deeb7) + library/python tags. */
export const PYTHON_RELEASES: readonly PythonRelease[] = [
  { version: '3.8', pep: 569, firstRelease: '2019-10-14', bugfixUntil: '2021-05-03', endOfLife: '2024-10-07', latestPatch: '3.8.20' },
  { version: '3.9', pep: 596, firstRelease: '2020-10-05', bugfixUntil: '2022-05-17', endOfLife: '2025-10-31', latestPatch: '3.9.25' },
  { version: '3.10', pep: 619, firstRelease: '2021-10-04', bugfixUntil: '2023-04-05', endOfLife: '2026-10', latestPatch: '3.10.21' },
  { version: '3.11', pep: 664, firstRelease: '2022-10-24', bugfixUntil: '2024-04-02', endOfLife: '2027-10', latestPatch: '3.11.16' },
  { version: '3.12', pep: 693, firstRelease: '2023-10-02', bugfixUntil: '2025-04-08', endOfLife: '2028-10', latestPatch: '3.12.14' },
  { version: '3.13', pep: 719, firstRelease: '2024-10-07', bugfixUntil: '2026-10-07', endOfLife: '2029-10', latestPatch: '3.13.15' },
  { version: '3.14', pep: 745, firstRelease: '2025-10-07', bugfixUntil: '2027-10-07', endOfLife: '2030-10', latestPatch: '3.14.7' },
  { version: '3.15', pep: 790, firstRelease: '2026-10-01', bugfixUntil: '2028-10-01', endOfLife: '2031-10', latestPatch: '3.15.0' },
];

/**
 * The version the generator uses when the project says nothing: the newest minor every supported
 * Django (5.2 LTS and 6.0) runs on.
 */
export const defaultPythonVersion = '3.14';

/** Django feature release -> Python minors it supports (djangoproject FAQ, endoflife.date). */
export const DJANGO_PYTHON_SUPPORT: Readonly<Record<string, readonly string[]>> = {
  '3.2': ['3.6', '3.7', '3.8', '3.9', '3.10'],
  '4.0': ['3.8', '3.9', '3.10'],
  '4.1': ['3.8', '3.9', '3.10', '3.11'],
  '4.2': ['3.8', '3.9', '3.10', '3.11', '3.12'],
  '5.0': ['3.10', '3.11', '3.12'],
  '5.1': ['3.10', '3.11', '3.12', '3.13'],
  '5.2': ['3.10', '3.11', '3.12', '3.13', '3.14'],
  '6.0': ['3.12', '3.13', '3.14'],
};

/**
 * The first Python minor a Django release is known to fail on (beyond "not supported"): Python 3.13 removed
 * the cgi module (PEP 594), which Django before 4.2 imports (`No module named 'cgi'`).
 */
export const DJANGO_PYTHON_BREAKS: Readonly<Record<string, { python: string; reason: string }>> = Object.fromEntries(
  ['3.2', '4.0', '4.1'].map((django) => [django, { python: '3.13', reason: "Python 3.13 removed the cgi module that Django before 4.2 imports (No module named 'cgi')" }]),
);

/** Debian suites the official `python` images of a minor were published on, newest first (library/python). */
export const PYTHON_DEBIAN_SUITES: Readonly<Record<string, readonly string[]>> = {
  '3.8': ['bookworm', 'bullseye', 'buster'],
  '3.9': ['trixie', 'bookworm', 'bullseye', 'buster'],
  '3.10': ['trixie', 'bookworm', 'bullseye', 'buster'],
  '3.11': ['trixie', 'bookworm', 'bullseye', 'buster'],
  '3.12': ['trixie', 'bookworm', 'bullseye'],
  '3.13': ['trixie', 'bookworm', 'bullseye'],
  '3.14': ['trixie', 'bookworm'],
  '3.15': ['trixie', 'bookworm'],
};

/** `wanted` when `version` has images on it (or the table does not know `version`), else the newest suite it has. */
export function debianSuiteFor(version: string, wanted: string = DEFAULT_DEBIAN_SUITE): string {
  const suites = PYTHON_DEBIAN_SUITES[minorOf(version) ?? version];
  return !suites || suites.includes(wanted) ? wanted : suites[0];
}

export type SuiteFamily = 'debian' | 'alpine';

export interface OsSuite {
  name: string;
  family: SuiteFamily;
  /** e.g. "Debian 13" */
  label: string;
  /** Official python images are still rebuilt on this suite. */
  maintained: boolean;
  /** YYYY-MM-DD when docker-library stopped publishing this family, if it did. */
  retiredOn?: string;
}

/** docker-library/official-images library/python @ 37079fb3 (2026-08-21), notes §5.2. */
export const OS_SUITES: readonly OsSuite[] = [
  { name: 'trixie', family: 'debian', label: 'Debian 13', maintained: true },
  { name: 'bookworm', family: 'debian', label: 'Debian 12', maintained: true },
  { name: 'bullseye', family: 'debian', label: 'Debian 11', maintained: false, retiredOn: '2025-08-11' },
  { name: 'buster', family: 'debian', label: 'Debian 10', maintained: false, retiredOn: '2023-06-10' },
  { name: 'alpine3.24', family: 'alpine', label: 'Alpine 3.24', maintained: true },
  { name: 'alpine3.23', family: 'alpine', label: 'Alpine 3.23', maintained: true },
  { name: 'alpine3.22', family: 'alpine', label: 'Alpine 3.22', maintained: false },
  { name: 'alpine3.21', family: 'alpine', label: 'Alpine 3.21', maintained: false },
  { name: 'alpine3.20', family: 'alpine', label: 'Alpine 3.20', maintained: false },
  { name: 'alpine3.19', family: 'alpine', label: 'Alpine 3.19', maintained: false },
];

/** What an unsuffixed tag means: `X.Y` / `X.Y-slim` are trixie, `X.Y-alpine` is the newest Alpine. */
export const DEFAULT_DEBIAN_SUITE = 'trixie';
/** The tag a fix pins a floating `python` image to: default version, slim, default suite. */
export const RECOMMENDED_PYTHON_TAG = `${defaultPythonVersion}-slim-${DEFAULT_DEBIAN_SUITE}`;
export const DEFAULT_ALPINE_SUITE = 'alpine3.24';

/** Repositories that serve the Docker Official `python` image (Docker Hub and its AWS mirror). */
export const PYTHON_IMAGE_REPOSITORIES: readonly string[] = [
  'python',
  'library/python',
  'docker.io/python',
  'docker.io/library/python',
  'index.docker.io/library/python',
  'public.ecr.aws/docker/library/python',
];
export const PYTHON_ECR_PUBLIC_MIRROR = 'public.ecr.aws/docker/library/python';
/** Astral's uv images carry a Python too: `ghcr.io/astral-sh/uv:[uv-ver-]pythonX.Y-<suite>[-slim]`. */
export const UV_IMAGE_REPOSITORY = 'ghcr.io/astral-sh/uv';

export type PythonVariant = 'full' | 'slim' | 'alpine' | 'windowsservercore';

export interface PythonImageInfo {
  /** The repository part, e.g. "python" or "public.ecr.aws/docker/library/python". */
  repository: string;
  /** Tag as written (null when absent: Docker pulls `latest`). */
  tag: string | null;
  digest: string | null;
  /** "major.minor" the tag resolves to (floating tags resolve to the snapshot's newest stable). */
  version: string | null;
  /** "X.Y.Z" when the tag pins a patch release. */
  patch: string | null;
  variant: PythonVariant;
  /** Debian/Alpine suite, explicit or implied by the tag; null for Windows. */
  suite: string | null;
  /** The tag moves under you: no minor version (`3`, `slim`, `latest`) or no suite (`3.12-slim`). */
  floating: boolean;
  /** A release candidate tag (`3.15-rc`). */
  prerelease: boolean;
  /** The image comes from uv's images rather than the official python image. */
  uvImage: boolean;
  release: PythonRelease | undefined;
  /** YYYY-MM-DD or YYYY-MM, from the release table. */
  eolDate: string | null;
  isEol(at?: Date): boolean;
  /** The tag family is no longer rebuilt by docker-library: EOL version or retired suite. */
  isRetired(at?: Date): boolean;
}

const RELEASE_BY_VERSION = new Map(PYTHON_RELEASES.map((release) => [release.version, release]));
const SUITE_BY_NAME = new Map(OS_SUITES.map((suite) => [suite.name, suite]));

export function pythonRelease(version: string): PythonRelease | undefined {
  return RELEASE_BY_VERSION.get(minorOf(version) ?? version);
}

export function osSuite(name: string): OsSuite | undefined {
  return SUITE_BY_NAME.get(name);
}

/** The first instant a version counts as end-of-life ("2026-10" -> 2026-10-01, as the notes advise). */
export function eolStart(release: PythonRelease): Date {
  const [year, month, day] = release.endOfLife.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day || 1));
}

export function pythonStatusAt(version: string, at: Date = new Date()): PythonStatus | undefined {
  const release = pythonRelease(version);
  if (!release) return undefined;
  const time = at.getTime();
  if (time >= eolStart(release).getTime()) return 'end-of-life';
  if (time < Date.parse(release.firstRelease)) return 'prerelease';
  return time < Date.parse(release.bugfixUntil) ? 'bugfix' : 'security';
}

export function isPythonEol(version: string, at: Date = new Date()): boolean {
  return pythonStatusAt(version, at) === 'end-of-life';
}

/** Released, not EOL, newest first. */
export function supportedPythonVersions(at: Date = new Date()): string[] {
  return PYTHON_RELEASES.filter((release) => {
    const status = pythonStatusAt(release.version, at);
    return status === 'bugfix' || status === 'security';
  })
    .map((release) => release.version)
    .reverse();
}

/** What `3`, `latest`, `slim`… point at: the newest released minor in the table. */
export function newestStablePythonVersion(at: Date = new Date()): string {
  return supportedPythonVersions(at)[0] ?? defaultPythonVersion;
}

export function minorOf(version: string): string | null {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}` : null;
}

/** Splits `registry/repo:tag@digest` without confusing a registry port with a tag. */
export function splitImageReference(ref: string): { repository: string; tag: string | null; digest: string | null } {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, tag: null, digest };
}

/**
 * Reads the Python version, variant and suite out of an image reference such as
 * `python:3.12-slim-bookworm`, `public.ecr.aws/docker/library/python:3.13`, or
 * `ghcr.io/astral-sh/uv:0.9-python3.14-trixie-slim`. Returns null for any other image,
 * and for references that still contain unresolved `$VARS`.
 */
export function pythonImageInfo(imageRef: string, at: Date = new Date()): PythonImageInfo | null {
  if (!imageRef || imageRef.includes('$')) return null;
  // Rules and features ask about the same few references many times per lint: cache per reference and day.
  const key = `${Math.floor(at.getTime() / 86_400_000)} ${imageRef}`;
  const cached = INFO_CACHE.get(key);
  if (cached !== undefined) return cached;
  if (INFO_CACHE.size > 1_000) INFO_CACHE.clear();
  const info = readPythonImageInfo(imageRef, at);
  INFO_CACHE.set(key, info);
  return info;
}

const INFO_CACHE = new Map<string, PythonImageInfo | null>();

function readPythonImageInfo(imageRef: string, at: Date): PythonImageInfo | null {
  const { repository, tag, digest } = splitImageReference(imageRef);
  const repo = repository.toLowerCase();
  if (PYTHON_IMAGE_REPOSITORIES.includes(repo)) return officialImageInfo(repository, tag, digest, at);
  if (repo === UV_IMAGE_REPOSITORY) return uvImageInfo(repository, tag, digest);
  return null;
}

function officialImageInfo(repository: string, tag: string | null, digest: string | null, at: Date): PythonImageInfo {
  // Tag grammar: [X[.Y[.Z]]][-rc][-slim|-alpine|-windowsservercore][-suite] or a bare alias (slim, trixie, latest…).
  const effective = tag ?? (digest ? null : 'latest');
  let version: string | null = null;
  let patch: string | null = null;
  let prerelease = false;
  let variant: PythonVariant = 'full';
  let suite: string | null = null;
  let pinnedMinor = false;
  if (effective) {
    const parts = effective.toLowerCase().split('-');
    const head = parts[0];
    if (/^\d+(\.\d+){0,2}(rc\d+|a\d+|b\d+)?$/.test(head)) {
      parts.shift();
      const minor = minorOf(head);
      if (minor) {
        version = minor;
        pinnedMinor = true;
        if (/^\d+\.\d+\.\d+$/.test(head)) patch = head;
        if (/(rc|a|b)\d+$/.test(head)) prerelease = true;
      }
    } else if (head === 'latest') {
      parts.shift();
    }
    for (const part of parts) {
      if (part === 'rc') prerelease = true;
      else if (part === 'slim') variant = 'slim';
      else if (part.startsWith('alpine')) {
        variant = 'alpine';
        suite = part === 'alpine' ? DEFAULT_ALPINE_SUITE : part;
      } else if (part.startsWith('windowsservercore')) variant = 'windowsservercore';
      else if (SUITE_BY_NAME.has(part) || /^[a-z]+$/.test(part)) suite = suite ?? part;
    }
  }
  if (!version) version = newestStablePythonVersion(at);
  const suiteExplicit = suite !== null && !(variant === 'alpine' && effective?.endsWith('-alpine'));
  if (!suite && variant !== 'windowsservercore') suite = DEFAULT_DEBIAN_SUITE;
  const floating = !digest && (!pinnedMinor || (variant !== 'windowsservercore' && !suiteExplicit));
  return buildInfo({ repository, tag, digest, version, patch, variant, suite, floating, prerelease, uvImage: false });
}

function uvImageInfo(repository: string, tag: string | null, digest: string | null): PythonImageInfo | null {
  // uv images: [uv-version-]pythonX.Y-<suite>[-slim] or pythonX.Y-alpine; bare uv tags carry no Python.
  const match = tag ? /(?:^|-)python(\d+\.\d+)(?:-(rc))?(?:-([a-z0-9.]+))?(?:-(slim))?$/.exec(tag.toLowerCase()) : null;
  if (!match) return null;
  const [, version, rc, suitePart, slim] = match;
  const alpine = suitePart?.startsWith('alpine') ?? false;
  const variant: PythonVariant = alpine ? 'alpine' : slim ? 'slim' : 'full';
  const suite = alpine ? (suitePart === 'alpine' ? DEFAULT_ALPINE_SUITE : suitePart) : suitePart ?? DEFAULT_DEBIAN_SUITE;
  return buildInfo({ repository, tag, digest, version, patch: null, variant, suite, floating: !digest && !suitePart, prerelease: Boolean(rc), uvImage: true });
}

type InfoFields = Omit<PythonImageInfo, 'release' | 'eolDate' | 'isEol' | 'isRetired'>;

function buildInfo(fields: InfoFields): PythonImageInfo {
  const release = fields.version ? pythonRelease(fields.version) : undefined;
  return {
    ...fields,
    release,
    eolDate: release?.endOfLife ?? null,
    isEol: (at: Date = new Date()) => (fields.version ? isPythonEol(fields.version, at) : false),
    isRetired: (at: Date = new Date()) =>
      (fields.version !== null && isPythonEol(fields.version, at)) ||
      (fields.suite !== null && osSuite(fields.suite)?.maintained === false),
  };
}

export interface PythonTag {
  tag: string;
  version: string;
  variant: PythonVariant;
  suite: string | null;
  eolDate: string;
  status: PythonStatus;
  /** Recommended shape for a Django image: `X.Y-slim-<suite>`, pinned minor and suite. */
  recommended: boolean;
}

/**
 * The official `python` tags for every version in the table that is not EOL at `at`
 * (pass includeEol to list retired ones too, for hovers). Pinned-suite slim tags come first.
 */
export function officialPythonTags(options: { at?: Date; includeEol?: boolean } = {}): PythonTag[] {
  const at = options.at ?? new Date();
  const tags: PythonTag[] = [];
  for (const release of [...PYTHON_RELEASES].reverse()) {
    const status = pythonStatusAt(release.version, at) as PythonStatus;
    if (status === 'prerelease') continue;
    if (status === 'end-of-life' && !options.includeEol) continue;
    const v = release.version;
    const add = (tag: string, variant: PythonVariant, suite: string | null, recommended = false) =>
      tags.push({ tag, version: v, variant, suite, eolDate: release.endOfLife, status, recommended });
    const onSuite = (suite: string) => debianSuiteFor(v, suite) === suite;
    for (const suite of ['trixie', 'bookworm'].filter(onSuite)) add(`${v}-slim-${suite}`, 'slim', suite, true);
    add(`${v}-slim`, 'slim', debianSuiteFor(v));
    for (const suite of ['trixie', 'bookworm'].filter(onSuite)) add(`${v}-${suite}`, 'full', suite);
    add(v, 'full', debianSuiteFor(v));
    add(`${v}-alpine3.24`, 'alpine', 'alpine3.24');
    add(`${v}-alpine3.23`, 'alpine', 'alpine3.23');
    add(`${v}-alpine`, 'alpine', DEFAULT_ALPINE_SUITE);
    for (const suite of ['trixie', 'bookworm'].filter(onSuite)) add(`${release.latestPatch}-slim-${suite}`, 'slim', suite);
  }
  return tags;
}

/** Rewrites the Python minor in a tag, keeping its variant and suite (`3.9-slim-bookworm` -> `3.14-slim-bookworm`). */
export function withPythonVersion(tag: string, version: string): string {
  if (/python\d+\.\d+/.test(tag)) return tag.replace(/python\d+\.\d+/, `python${version}`);
  return tag.replace(/^\d+(\.\d+){0,2}/, version);
}
