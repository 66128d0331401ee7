/** Typed access to the `djangoContainer.*` settings the client itself uses. */
import * as vscode from 'vscode';

export const SECTION = 'djangoContainer';

export interface ClientSettings {
  awsProfile?: string;
  awsRegion?: string;
  awsEndpoint?: string;
  platform: string;
  tags: string[];
  repository?: string;
  dockerfile?: string;
  context?: string;
  buildArgs: Record<string, string>;
  buildNetwork?: string;
  templatesFolder?: string;
  /** Start generated Dockerfiles with `# syntax=docker/dockerfile:1` (off: it pulls from Docker Hub). */
  syntaxDirective: boolean;
  /** djangoContainer.generate.builder: auto (ask docker), buildkit or classic. */
  generateBuilder: string;
  /** generate: also the debugpy dev stage, compose.debug.yaml and the launch.json attach configuration. */
  devLoop: boolean;
  dockerPath: string;
  /** Run the image on loopback and `manage.py check --deploy` before pushing (default on). */
  smokeTest: boolean;
  /** Docker context for pushes (unset: DOCKER_HOST, DOCKER_CONTEXT, then `docker context use`). */
  dockerContext?: string;
  /** buildx builder for push builds (unset: BUILDX_BUILDER, then buildx's current builder). */
  dockerBuilder?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * In an untrusted workspace VS Code already drops workspace values of the settings listed under
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`; nothing more to filter here.
 */
export function readSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const args = c.get<Record<string, unknown>>('build.args') ?? {};
  return {
    awsProfile: text(c.get('aws.profile')),
    awsRegion: text(c.get('aws.region')),
    awsEndpoint: text(c.get('aws.endpoint')),
    platform: text(c.get('push.platform')) ?? 'linux/amd64',
    tags: (c.get<unknown[]>('push.tags') ?? []).filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
    repository: text(c.get('push.repository')),
    dockerfile: text(c.get('push.dockerfile')),
    context: text(c.get('push.context')),
    buildArgs: Object.fromEntries(Object.entries(args).filter((e): e is [string, string] => typeof e[1] === 'string')),
    buildNetwork: text(c.get('build.network')),
    templatesFolder: text(c.get('templates.folder')),
    syntaxDirective: c.get<boolean>('generate.syntaxDirective') === true,
    generateBuilder: text(c.get('generate.builder')) ?? 'auto',
    devLoop: c.get<boolean>('generate.devLoop') === true,
    dockerPath: text(c.get('docker.path')) ?? 'docker',
    smokeTest: c.get<boolean>('push.smokeTest') !== false,
    dockerContext: text(c.get('docker.context')),
    dockerBuilder: text(c.get('docker.builder')),
  };
}

/** Whether the user set this key anywhere (as opposed to inheriting the default). */
export function isExplicitlySet(key: string): boolean {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return inspected !== undefined && [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue]
    .some((v) => v !== undefined);
}
