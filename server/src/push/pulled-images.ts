/**
 * The registries a build pulls from, so a push can log in to the private ECR ones before it builds
 * (a `FROM <account>.dkr.ecr.<region>.amazonaws.com/base/python:3.12` fails with 401 otherwise).
 */
import type { Copy } from 'dockerfile-ast';
import { parseDockerfile } from '../dockerfile/model';
import { parseEcrImageReference } from '../ecr/reference';

/**
 * External images the Dockerfile pulls: every FROM and `COPY --from=` that is not an earlier stage, with
 * global ARG defaults and the build's own `--build-arg` values substituted (docker lets a build arg
 * override only an ARG the Dockerfile declares).
 */
export function pulledImages(dockerfileText: string, buildArgs: Record<string, string> = {}): string[] {
  const model = parseDockerfile(dockerfileText);
  const args = new Map<string, string>();
  for (const arg of model.ast.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      const name = property.getName();
      args.set(name, buildArgs[name] ?? property.getValue() ?? '');
    }
  }
  const images: string[] = [];
  const stages = new Set<string>();
  const add = (reference: string) => {
    const resolved = substitute(reference, args);
    if (resolved && !resolved.includes('$') && !stages.has(resolved.toLowerCase()) && resolved.toLowerCase() !== 'scratch' && !images.includes(resolved)) {
      images.push(resolved);
    }
  };
  for (const stage of model.stages) {
    add(stage.from.getImage() ?? '');
    for (const instruction of stage.instructions) {
      const from = (instruction as Copy).getFromFlag?.()?.getValue();
      if (from && !/^\d+$/.test(from)) add(from);
    }
    if (stage.name) stages.add(stage.name);
  }
  return images;
}

function substitute(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}?/g, (match, name: string) => args.get(name) ?? match);
}

/** The registry host of an image reference, as docker reads it (`docker.io` when the first part is no host). */
export function registryHostOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? first : 'docker.io';
}

export interface RegistryToLogIn {
  host: string;
  /** The region whose GetAuthorizationToken works for this host. */
  region: string;
  images: string[];
}

/**
 * The pulled images' registries that an ECR token opens: private ECR hosts (any account; the region is
 * in the host name) and the push's own registry host (which a local stand-in or a VPC endpoint may
 * not spell as *.amazonaws.com). Docker Hub, public.ecr.aws and other registries are left to docker.
 */
export function ecrRegistriesToLogIn(images: string[], pushRegistry: { host: string; region: string }): RegistryToLogIn[] {
  const byHost = new Map<string, RegistryToLogIn>();
  for (const image of images) {
    const host = registryHostOf(image);
    const ecr = parseEcrImageReference(image);
    const region = host === pushRegistry.host ? pushRegistry.region
      : ecr?.kind === 'private' && ecr.region && !ecr.isPlaceholder && ecr.errors.length === 0 ? ecr.region : null;
    if (!region) continue;
    const entry = byHost.get(host) ?? { host, region, images: [] };
    entry.images.push(image);
    byHost.set(host, entry);
  }
  return [...byHost.values()];
}
