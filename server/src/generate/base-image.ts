/** Reading and composing Python base image references (official, public.ecr.aws mirror, pre-built ECR bases). */

import { PYTHON_ECR_PUBLIC_MIRROR } from '../data/python';

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
