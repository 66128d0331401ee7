/** The questions of the push flow. Each returns undefined when the user cancels. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EcrError } from '../../../server/src/ecr/errors';
import { isEcrError } from '../../../server/src/ecr/errors';
import {
  awsProfiles, awsRegionNames, listRepositories, repositoryNameProblem, tagProblem, type RepositoryChoice,
} from './engine';
import type { PushTarget } from './target';

const DOCKERFILE_GLOB = '{**/Dockerfile,**/Dockerfile.*,**/*.dockerfile,**/Containerfile}';
export const IGNORED_GLOB = '**/{node_modules,.git,.venv,venv,env,__pycache__,site-packages}/**';

/** The Dockerfile (unless one was clicked: `fixed`) and its build context. */
export async function pickDockerfile(current?: string, fixed?: string): Promise<{ dockerfile: string; context: string } | undefined> {
  let dockerfile = fixed;
  if (!dockerfile) {
    const found = (await vscode.workspace.findFiles(DOCKERFILE_GLOB, IGNORED_GLOB, 200)).map((u) => u.fsPath).sort();
    if (found.length === 0) {
      const generate = await vscode.window.showWarningMessage('This workspace has no Dockerfile yet.', 'Generate Dockerfile');
      if (generate) await vscode.commands.executeCommand('djangoContainer.generateDockerfile');
      return undefined;
    }
    dockerfile = found[0];
    if (found.length > 1) {
      const picked = await vscode.window.showQuickPick(found.map((f) => ({
        label: vscode.workspace.asRelativePath(f), picked: f === current, path: f,
        description: f === current ? 'last used' : undefined,
      })), { title: 'Push to ECR: which Dockerfile?', ignoreFocusOut: true });
      if (!picked) return undefined;
      dockerfile = picked.path;
    }
  }
  // Build context: the Dockerfile's folder or one of its parents inside the workspace folder.
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile))?.uri.fsPath ?? path.dirname(dockerfile);
  const chosen = dockerfile;
  const contexts: string[] = [];
  for (let dir = path.dirname(dockerfile); ; dir = path.dirname(dir)) {
    contexts.push(dir);
    if (path.relative(folder, dir) === '' || path.dirname(dir) === dir) break;
  }
  if (contexts.length === 1) return { dockerfile: chosen, context: contexts[0] };
  const picked = await vscode.window.showQuickPick(contexts.map((c) => ({ label: vscode.workspace.asRelativePath(c, true) || '.', path: c })),
    { title: 'Push to ECR: build context (the folder docker build runs in)', ignoreFocusOut: true });
  return picked && { dockerfile: chosen, context: picked.path };
}

export async function pickProfile(current?: string): Promise<string | null | undefined> {
  const profiles = awsProfiles();
  const items: (vscode.QuickPickItem & { value: string | null })[] = [
    { label: '$(key) Default credential chain', description: process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : 'environment, then [default]', value: null },
    ...profiles.map((p) => ({
      label: p.name, value: p.name,
      description: [p.sso ? 'SSO' : '', p.region ?? '', p.name === current ? 'current' : ''].filter(Boolean).join(' · '),
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Push to ECR: AWS profile', ignoreFocusOut: true,
    placeHolder: profiles.length ? 'Profiles from your AWS config and credentials files' : 'No profiles found in ~/.aws/config or ~/.aws/credentials',
  });
  return picked ? picked.value : undefined;
}

export async function pickRegion(profileRegion: string | undefined, current?: string): Promise<string | undefined> {
  const preferred = [current, process.env.AWS_REGION, profileRegion].filter((r): r is string => Boolean(r));
  const names = [...new Set([...preferred, ...awsRegionNames()])];
  const picked = await vscode.window.showQuickPick(names.map((name) => ({
    label: name,
    description: name === current ? 'current' : name === profileRegion ? 'from the profile' : name === process.env.AWS_REGION ? 'AWS_REGION' : undefined,
  })), { title: 'Push to ECR: region', ignoreFocusOut: true });
  return picked?.label;
}

export async function pickRepository(target: PushTarget, endpoint?: string): Promise<RepositoryChoice | EcrError | undefined> {
  const listing = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing ECR repositories…' },
    () => listRepositories(target, endpoint));
  if (isEcrError(listing)) return listing;
  const create = { label: '$(add) Create a repository…', repository: undefined as RepositoryChoice | undefined };
  const picked = await vscode.window.showQuickPick([
    create,
    ...listing.map((r) => ({ label: r.name, description: r.uri, repository: r as RepositoryChoice | undefined,
      picked: r.name === target.repository })),
  ], { title: `Push to ECR: repository (${target.region})`, ignoreFocusOut: true,
    placeHolder: listing.length ? 'Pick a repository or create one' : 'No repositories yet: create one' });
  if (!picked) return undefined;
  return picked.repository ?? askAndCreateRepository(target);
}

/** Asks for the new repository's name and settings; the push creates it (CreateRepository) before building. */
export async function askAndCreateRepository(target: PushTarget, suggested?: string): Promise<RepositoryChoice | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Create ECR repository', prompt: 'Repository name (lowercase; may contain / . _ -)', ignoreFocusOut: true,
    value: suggested ?? target.repository ?? path.basename(target.context ?? 'app').toLowerCase(),
    validateInput: (v) => repositoryNameProblem(v.trim()),
  });
  if (!name?.trim()) return undefined;
  const scan = await vscode.window.showQuickPick([
    { label: 'Scan on push', description: 'basic vulnerability scan of every pushed image', value: true },
    { label: 'No scan on push', value: false },
  ], { title: `Create ${name}: image scanning`, ignoreFocusOut: true });
  if (!scan) return undefined;
  const mutability = await vscode.window.showQuickPick([
    { label: 'Mutable tags', description: 'a tag such as latest can be pushed again', value: false },
    { label: 'Immutable tags', description: 'a pushed tag can never point at another image', value: true },
  ], { title: `Create ${name}: tag mutability`, ignoreFocusOut: true });
  if (!mutability) return undefined;
  return { name: name.trim(), create: { scanOnPush: scan.value, imageTagMutability: mutability.value ? 'IMMUTABLE' : 'MUTABLE' } };
}

export async function askTags(current: PushTarget): Promise<{ tags: string[]; addLatest: boolean } | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Push to ECR: tags', ignoreFocusOut: true,
    prompt: 'Comma-separated. Empty: the git short SHA of the build context at push time.',
    value: current.tags.join(', '),
    validateInput: (v) => {
      const tags = splitTags(v);
      for (const tag of tags) { const problem = tagProblem(tag); if (problem) return problem; }
      return undefined;
    },
  });
  if (answer === undefined) return undefined;
  const latest = await vscode.window.showQuickPick([
    { label: 'Also tag latest', value: true, picked: current.addLatest },
    { label: 'Only these tags', value: false },
  ], { title: 'Push to ECR: also push latest?', ignoreFocusOut: true });
  if (!latest) return undefined;
  return { tags: splitTags(answer), addLatest: latest.value };
}

export async function pickPlatform(current: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: 'linux/amd64', description: 'Fargate default, most EC2 instance types' },
    { label: 'linux/arm64', description: 'Graviton' },
  ].map((p) => ({ ...p, picked: p.label === current })), { title: 'Push to ECR: platform', ignoreFocusOut: true });
  return picked?.label;
}

export function splitTags(text: string): string[] {
  return text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
}
