/**
 * Which step of a failed `docker build` failed and why, from its output (BuildKit plain progress or the
 * classic builder), so the user sees "load metadata for <base image>: 401" instead of the last step that
 * happened to print, and a denied base-image pull names its registry.
 */
import type { EcrError } from '../ecr/errors';
import { registryHostOf } from './pulled-images';

export interface BuildFailure {
  /** The failed step as docker names it, e.g. `[builder 3/5] RUN pip install …` or `FROM python:3.12`. */
  step?: string;
  /** docker's reason for it (the ERROR line), when it printed one. */
  reason?: string;
  /** Set when the step that failed was pulling an image. */
  pull?: { image: string; host: string; denied: boolean };
}

const DENIED = /\b401\b|\b403\b|unauthorized|no basic auth credentials|authentication required|denied|forbidden/i;
const CANCELLED = /^(?:CANCELED|context canceled)/i;

export function readBuildFailure(output: string, pulledImages: string[] = []): BuildFailure {
  const lines = output.split(/\r?\n/);
  const stepNames = new Map<string, string>();
  let failed: { step?: string; reason: string } | undefined;
  let legacyStep: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    const vertex = /^#(\d+) (.+)$/.exec(line);
    if (vertex) {
      const [, id, text] = vertex;
      const error = /^ERROR:?\s*(.*)$/.exec(text);
      if (error) {
        // The first real error wins: steps cancelled because another failed print ERROR too.
        if (!failed && !CANCELLED.test(error[1])) failed = { step: stepNames.get(id), reason: error[1] };
      } else if (!stepNames.has(id)) stepNames.set(id, text);
      continue;
    }
    const legacy = /^Step \d+\/\d+ : (.+)$/.exec(line);
    if (legacy) legacyStep = legacy[1];
  }
  const errorBlock = /^\s*>\s*\[([^\]]+)\]\s+(.+?):?\s*$/m.exec(output);
  const step = failed?.step ?? (errorBlock ? `[${errorBlock[1]}] ${errorBlock[2]}` : legacyStep);
  const reason = failed?.reason ?? lastMeaningfulLine(output);
  const result: BuildFailure = { step, reason: reason || undefined };
  const image = pulledImageOf(step, reason, pulledImages);
  if (image) result.pull = { image, host: registryHostOf(image), denied: DENIED.test(reason) };
  return result;
}

/** The image a failed step was pulling: BuildKit's `load metadata for X`, the classic builder's `FROM X`. */
function pulledImageOf(step: string | undefined, reason: string, pulledImages: string[]): string | undefined {
  if (!step) return undefined;
  const metadata = /^\[internal\] load metadata for (\S+)$/.exec(step);
  if (metadata) return metadata[1];
  const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(step);
  if (!from) return undefined;
  if (!from[1].includes('$')) return from[1];
  // The classic builder prints FROM ${ARG} unexpanded: the image is the one whose registry the error names.
  return pulledImages.find((image) => reason.includes(registryHostOf(image))) ?? pulledImages[0];
}

function lastMeaningfulLine(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/^-+$/.test(l));
  return lines[lines.length - 1] ?? '';
}

/** The error a push reports for a failed build; `loggedIn` lists the registries it logged in to first. */
export function buildFailedError(failure: BuildFailure, exitCode: number, tail: string, loggedIn: { hosts: string[]; profile?: string }): EcrError {
  const base = { kind: 'build-failed' as const, failingStep: failure.step, detail: tail, cause: `exit ${exitCode}` };
  const pull = failure.pull;
  if (pull?.denied) {
    const identity = loggedIn.profile ? `profile '${loggedIn.profile}'` : 'your AWS identity';
    return {
      ...base, cause: 'base-image-denied',
      message: `The build could not pull ${pull.image}: the registry ${pull.host} refused access (${failure.reason}).`,
      nextStep: loggedIn.hosts.includes(pull.host)
        ? `The push logged in to ${pull.host} with ${identity}. Allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on that repository for it (a repository in another account needs a repository policy that allows your account), then push again.`
        : `Log docker in to ${pull.host} (docker login ${pull.host}, or its credential helper), then push again.`,
    };
  }
  if (pull) {
    return {
      ...base, cause: 'base-image-unavailable',
      message: `The build could not pull ${pull.image}${failure.reason ? `: ${failure.reason}` : ''}.`,
      nextStep: `Check the image name and tag, and that ${pull.host} is reachable from the Docker engine (proxy, VPN, mirror), then push again.`,
    };
  }
  return {
    ...base,
    message: failure.step ? `The image build failed at: ${failure.step}` : `The image build failed (docker exit code ${exitCode}).`,
    nextStep: 'Open the build output to see why the step failed, fix the Dockerfile or the project, and push again.',
  };
}
