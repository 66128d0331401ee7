/** The push target: remembered per workspace (workspaceState); explicit settings take precedence. */
import * as vscode from 'vscode';
import type { CreateRepositoryChoice } from '../../../server/src/push/types';
import { isExplicitlySet, readSettings } from '../settings';

export interface PushTarget {
  /** Absolute paths. */
  dockerfile?: string;
  context?: string;
  profile?: string;
  region?: string;
  repository?: string;
  /** The repository was chosen as new: the push creates it with these settings if it is missing. */
  create?: CreateRepositoryChoice;
  /** Explicit tags; empty means the git short SHA (plus `latest` when addLatest). */
  tags: string[];
  addLatest: boolean;
  platform: string;
}

const KEY = 'djangoContainer.pushTarget';

export function loadTarget(state: vscode.Memento): PushTarget {
  const stored = state.get<Partial<PushTarget>>(KEY) ?? {};
  const folder = vscode.workspace.workspaceFolders?.[0];
  const settings = readSettings(folder?.uri);
  const inFolder = (rel: string | undefined) => (rel && folder ? vscode.Uri.joinPath(folder.uri, rel).fsPath : undefined);
  return {
    dockerfile: inFolder(settings.dockerfile) ?? stored.dockerfile,
    context: inFolder(settings.context) ?? stored.context,
    profile: settings.awsProfile ?? stored.profile,
    region: settings.awsRegion ?? stored.region,
    repository: settings.repository ?? stored.repository,
    create: settings.repository && settings.repository !== stored.repository ? undefined : stored.create,
    tags: settings.tags.length ? settings.tags : stored.tags ?? [],
    addLatest: stored.addLatest ?? false,
    platform: isExplicitlySet('push.platform') ? settings.platform : stored.platform ?? settings.platform,
  };
}

export async function saveTarget(state: vscode.Memento, target: PushTarget): Promise<void> {
  await state.update(KEY, target);
}

export function isComplete(target: PushTarget): boolean {
  return Boolean(target.dockerfile && target.context && target.region && target.repository);
}
