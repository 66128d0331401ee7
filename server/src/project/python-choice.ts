/**
 * Which Python an image should run: what the project pins, narrowed by its other pins and by what its Django
 * installs and runs on. Pure, data-driven (data/python.ts); detection reports it and the generator uses it.
 */
import { DJANGO_PYTHON_BREAKS, DJANGO_PYTHON_SUPPORT, defaultPythonVersion, PYTHON_RELEASES, pythonStatusAt } from '../data/python';
import type { DjangoPin } from './django-version';
import type { PythonPin } from './python-version';
import { specAllowsMinor } from './version-spec';

export interface PythonChoice {
  version: string;
  /** One sentence: why this version. */
  reason: string;
  /** The pin the version comes from, "django" when Django decided, "default" when nothing did. */
  source: string;
  /** Sources that disagree with each other or with Django, and pins that name no version. */
  conflicts: string[];
}

export type DjangoVerdict = 'supported' | 'unsupported' | 'broken' | 'unknown';

const minorKey = (v: string) => Number(v.split('.')[1]);
const byMinor = (a: string, b: string) => minorKey(a) - minorKey(b);
const DJANGO_RELEASES = Object.keys(DJANGO_PYTHON_SUPPORT).sort(byMinor);

/** The Django feature release pip installs on `python` for this pin (its newest allowed one whose minimum Python fits). */
export function djangoReleaseOn(django: DjangoPin, python: string): string | null {
  const exactMinor = django.exact ? /^\d+\.\d+/.exec(django.exact)![0] : null;
  if (exactMinor) return DJANGO_PYTHON_SUPPORT[exactMinor] ? exactMinor : null;
  const allowed = DJANGO_RELEASES.filter((release) => specAllowsMinor(django.spec || '*', release) !== false);
  const installable = allowed.filter((release) => byMinor(DJANGO_PYTHON_SUPPORT[release][0], python) <= 0);
  return installable[installable.length - 1] ?? allowed[0] ?? null;
}

/** How the project's Django fares on `python`: officially supported, merely unsupported, known to fail, or unknown. */
export function djangoVerdict(django: DjangoPin | null | undefined, python: string): DjangoVerdict {
  if (!django) return 'unknown';
  const release = djangoReleaseOn(django, python);
  if (!release) return 'unknown';
  const supported = DJANGO_PYTHON_SUPPORT[release];
  if (supported.includes(python)) return 'supported';
  const breaks = DJANGO_PYTHON_BREAKS[release];
  if (byMinor(python, supported[0]) < 0 || (breaks && byMinor(python, breaks.python) >= 0)) return 'broken';
  return 'unsupported';
}

/** "Django 3.2 (requirements.txt: ==3.2.25) supports Python 3.6-3.10". */
export function djangoSupportText(django: DjangoPin, python: string): string {
  const release = djangoReleaseOn(django, python);
  if (!release) return `Django (${django.source})`;
  const supported = DJANGO_PYTHON_SUPPORT[release];
  const breaks = DJANGO_PYTHON_BREAKS[release];
  return `Django ${release} (${django.source}${django.spec ? `: ${django.spec}` : ''}) supports Python ${supported[0]}-${supported[supported.length - 1]}` +
    (breaks && byMinor(python, breaks.python) >= 0 ? `; ${breaks.reason}` : '');
}

/** Minors with images, released at `at`, oldest first. */
function candidates(at: Date): string[] {
  return PYTHON_RELEASES.filter((r) => pythonStatusAt(r.version, at) !== 'prerelease').map((r) => r.version);
}

/** Newest at or below the default (the default is what every current Django runs on), else the oldest above it. */
function preferred(versions: string[]): string {
  const upToDefault = versions.filter((v) => byMinor(v, defaultPythonVersion) <= 0);
  return upToDefault[upToDefault.length - 1] ?? versions[0];
}

export function choosePython(pins: readonly PythonPin[], django: DjangoPin | null | undefined, at: Date = new Date()): PythonChoice {
  const conflicts: string[] = [];
  let pool = candidates(at);
  for (const pin of pins) if (!pin.version && pin.kind === 'exact') conflicts.push(`${pin.source} says "${pin.text}", which names no Python version; it is ignored.`);

  const specPins = pins.filter((p) => p.kind === 'spec');
  for (const [index, pin] of specPins.entries()) {
    if (specPins.slice(0, index).some((other) => other.text === pin.text)) continue;
    const allowed = pool.filter((v) => specAllowsMinor(pin.text, v) === true);
    if (specAllowsMinor(pin.text, '3.12') === null) conflicts.push(`${pin.source} "${pin.text}" is not a version specifier; it is ignored.`);
    else if (allowed.length === 0) conflicts.push(`${pin.source} "${pin.text}" allows no Python this tool knows an image for; it is ignored.`);
    else pool = allowed;
  }
  const workable = pool.filter((v) => djangoVerdict(django, v) !== 'broken');
  if (django && workable.length) pool = workable;

  const exactPins = pins.filter((p) => p.kind === 'exact' && p.version);
  const kept = exactPins.find((p) => pool.includes(p.version!));
  for (const pin of exactPins) {
    if (pin === kept || pin.version === kept?.version) continue;
    conflicts.push(exclusionOf(pin, pins, django, kept));
  }
  if (kept) {
    const version = kept.version!;
    if (django && djangoVerdict(django, version) === 'unsupported') conflicts.push(`${djangoSupportText(django, version)}, not ${version}; ${version} is kept because ${kept.source} pins it.`);
    return { version, reason: `${kept.source} pins Python ${version}.`, source: kept.source, conflicts };
  }
  const supported = django ? pool.filter((v) => djangoVerdict(django, v) === 'supported') : [];
  const choices = supported.length ? supported : pool;
  const dropped = exactPins[0]?.version;
  const release = django ? djangoReleaseOn(django, pool[0] ?? defaultPythonVersion) : null;
  const supportRange = release ? DJANGO_PYTHON_SUPPORT[release] : undefined;
  // The pins leave no Python the Django supports: the one closest to its range is the least likely to break.
  const outsideSupport = django && !supported.length && supportRange && !dropped;
  const version = dropped ? nearest(choices, dropped) : outsideSupport ? nearest(choices, supportRange[supportRange.length - 1]) : preferred(choices);
  if (outsideSupport) conflicts.push(`${djangoSupportText(django, version)}, and the project's pins allow none of those; ${version} is the closest they allow.`);
  const specs = pins.filter((p) => p.kind === 'spec' && p.version);
  const limits = [
    ...(django && supported.length ? [djangoSupportText(django, version).replace(') supports Python ', '; Python ') + ')'] : []),
    ...specs.slice(0, 1).map((spec) => `${spec.source} "${spec.text}"`),
  ];
  const source = limits.length ? (django && supported.length ? 'django' : specs[0].source) : 'default';
  if (!limits.length) return { version, reason: `Nothing in the project names a Python version; using ${version}.`, source, conflicts };
  return { version, reason: `Python ${version} is the ${dropped ? `nearest to ${dropped}` : 'newest'} allowed by ${limits.join(' and ')}.`, source, conflicts };
}

/** Whether a Python the project did not choose (a given base image's) still fits every pin it states. */
export function pinsAllow(pins: readonly PythonPin[], version: string): boolean {
  const exact = pins.filter((p) => p.kind === 'exact' && p.version).map((p) => p.version);
  if (exact.length && !exact.includes(version)) return false;
  return pins.every((p) => p.kind !== 'spec' || specAllowsMinor(p.text, version) !== false);
}

function nearest(versions: string[], target: string): string {
  return [...versions].sort((a, b) => Math.abs(byMinor(a, target)) - Math.abs(byMinor(b, target)) || byMinor(b, a))[0];
}

function exclusionOf(pin: PythonPin, pins: readonly PythonPin[], django: DjangoPin | null | undefined, kept: PythonPin | undefined): string {
  const version = pin.version!;
  const spec = pins.find((p) => p.kind === 'spec' && specAllowsMinor(p.text, version) === false);
  if (spec) return `${pin.source} says ${version} but ${spec.source} says "${spec.text}".`;
  if (django && djangoVerdict(django, version) === 'broken') return `${pin.source} pins Python ${version} but ${djangoSupportText(django, version)}.`;
  if (kept) return `${pin.source} says ${version} but ${kept.source} says ${kept.version}.`;
  return `${pin.source} pins Python ${version}, which has no image this tool knows.`;
}
