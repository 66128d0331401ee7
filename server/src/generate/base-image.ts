/** Reading and composing Python base image references (official, public.ecr.aws mirror, pre-built ECR bases). */

import { PYTHON_ECR_PUBLIC_MIRROR, splitImageReference } from '../data/python';

export const OFFICIAL_PYTHON_REPOSITORY = 'python';
export const ECR_PUBLIC_PYTHON_REPOSITORY = PYTHON_ECR_PUBLIC_MIRROR;

/** `python:3.12-slim-bookworm`, or the same tag on the public.ecr.aws mirror. */
export function officialPythonImage(pythonVersion: string, debianSuite: string, mirror: 'docker-hub' | 'ecr-public' = 'docker-hub'): string {
  const repository = mirror === 'ecr-public' ? ECR_PUBLIC_PYTHON_REPOSITORY : OFFICIAL_PYTHON_REPOSITORY;
  return `${repository}:${pythonVersion}-slim-${debianSuite}`;
}

export interface ImageFacts {
  /** "major.minor" read from the tag, or null. */
  pythonVersion: string | null;
  /** Debian suite named in the tag, or null. */
  debianSuite: string | null;
  /** The tag names Alpine (musl, apk): apt-get and manylinux wheels do not apply. */
  alpine: boolean;
}

const DEBIAN_SUITES = ['buster', 'bullseye', 'bookworm', 'trixie', 'forky'];

/** What a tag such as `3.11-slim-bookworm`, `3.12.4-slim`, `python3.12-bookworm-slim` or `py3.12-base` says. */
export function imageFacts(image: string): ImageFacts {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : '';
  const version = /(?:^|\D)(3\.\d{1,2})(?:\.\d+)?(?:$|[^\d.])/.exec(tag);
  const suite = DEBIAN_SUITES.find((name) => tag.split(/[-_.]/).includes(name)) ?? null;
  return { pythonVersion: version ? version[1] : null, debianSuite: suite, alpine: /alpine/.test(tag) };
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d+)?$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/**
 * Why `ref` breaks Docker's image reference grammar ([host[:port]/]path[:tag][@digest], lowercase
 * path), or null. Checked before generating so a typo fails here, not at the first `docker build`.
 */
export function imageReferenceProblem(ref: string): string | null {
  if (!ref) return 'the image reference is empty';
  if (/\s/.test(ref)) return 'an image reference cannot contain spaces';
  const { repository, tag, digest } = splitImageReference(ref);
  const parts = repository.split('/');
  const host = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost') ? parts.shift() : undefined;
  if (host !== undefined && !HOST.test(host)) return `"${host}" is not a registry host`;
  const name = parts.join('/');
  if (name !== name.toLowerCase()) return `repository names must be lowercase (did you mean "${host ? `${host}/` : ''}${name.toLowerCase()}${tag !== null ? `:${tag}` : ''}"?)`;
  if (!parts.every((part) => PATH_COMPONENT.test(part))) return `"${name}" is not a repository name: lowercase letters and digits separated by . _ __ - or /`;
  if (repository.length > 255) return 'the repository name is longer than 255 characters';
  if (tag !== null && !TAG.test(tag)) return tag ? `"${tag}" is not a tag: 1-128 letters, digits, _ . or -, not starting with . or -` : 'the tag after ":" is empty';
  if (digest !== null && !DIGEST.test(digest)) return `"${digest}" is not a digest (sha256: and 64 hex digits)`;
  return null;
}
