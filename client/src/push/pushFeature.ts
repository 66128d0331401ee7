/**
 * "Django: Push Image to ECR", "Select ECR Push Target…" and the status-bar button. The flow: target
 * (Dockerfile + context, profile, region, repository, tags, platform; remembered per workspace), then the
 * engine's push with a cancellable progress notification; its events drive the status bar and output.
 * Nothing here runs docker or calls AWS in an untrusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isEcrError, type EcrError } from '../../../server/src/ecr/errors';
import type { PushPhase } from '../../../server/src/push/types';
import { readSettings } from '../settings';
import { configuredEngine, profileRegionOf, runPush, type PushEvent, type PushRequest, type PushSuccess } from './engine';
import { showPushError } from './errorActions';
import { showScanFindings, type ScanReportSink } from './scanFindings';
import { askAndCreateRepository, askTags, IGNORED_GLOB, pickDockerfile, pickPlatform, pickProfile, pickRegion, pickRepository } from './prompts';
import { PushStatusBar, type LastPush, type PushStatusSnapshot } from './statusBar';
import { isComplete, loadTarget, saveTarget, type PushTarget } from './target';

/** Answers for automation: every field given means no question is asked. */
export interface PushArgs {
  dockerfile?: string;
  context?: string;
  profile?: string;
  region?: string;
  repository?: string;
  /** Create the repository if it does not exist. */
  create?: boolean | { scanOnPush?: boolean; immutableTags?: boolean };
  tags?: string[];
  addLatest?: boolean;
  platform?: string;
  /** Remember these answers as the workspace's target (default true). */
  remember?: boolean;
  /** Use a fresh temporary docker config for this push (when the user's credsStore is broken). */
  isolatedDockerConfig?: boolean;
}

export type PushCommandResult = ({ ok: true } & PushSuccess) | { ok: false; error: EcrError } | undefined;

export interface PushApi {
  /** The status-bar item as last rendered. */
  readonly status: PushStatusSnapshot;
  readonly onDidChangeStatus: vscode.Event<PushStatusSnapshot>;
}

const RELEVANT_GLOB = '{**/manage.py,**/Dockerfile,**/Dockerfile.*,**/*.dockerfile,**/Containerfile}';
const LAST_PUSH_KEY = 'djangoContainer.lastPush';
/** How often one click may go round "error → fix (create, sign in, pick profile) → push again". */
const MAX_FOLLOW_UPS = 3;

export function registerPush(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, sendScanReport?: ScanReportSink): PushApi {
  const bar = new PushStatusBar();
  const state = context.workspaceState;
  let running: Promise<PushCommandResult> | undefined;
  /** The Docker engine line for the tooltip: what the last push resolved, else what the settings would use. */
  let engineLine: string | undefined;
  const showTarget = () => {
    const target = loadTarget(state);
    bar.setTarget({ repository: target.repository, tag: target.tags[0], profile: target.profile, region: target.region, engine: engineLine },
      state.get<LastPush>(LAST_PUSH_KEY));
  };
  // Asking docker which context is in use runs docker: only in a trusted workspace, and again when the settings change.
  const refreshEngine = async () => {
    if (!vscode.workspace.isTrusted) return;
    engineLine = await configuredEngine(readSettings()).catch((error: Error) => `unknown (${error.message})`);
    showTarget();
  };
  const updateRelevance = async () => {
    const found = await vscode.workspace.findFiles(RELEVANT_GLOB, IGNORED_GLOB, 1);
    bar.setRelevant(found.length > 0);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(RELEVANT_GLOB);
  context.subscriptions.push(
    bar, watcher,
    watcher.onDidCreate(() => void updateRelevance()),
    watcher.onDidDelete(() => void updateRelevance()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void updateRelevance()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { bar.setTrusted(); void refreshEngine(); }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('djangoContainer')) showTarget();
      if (e.affectsConfiguration('djangoContainer.docker')) void refreshEngine();
    }),
    vscode.commands.registerCommand('djangoContainer.pushToEcr', (arg?: PushArgs | vscode.Uri) => {
      // One push at a time: a second click shows the running one instead of starting another.
      if (running) { log.show(true); return running; }
      running = push(arg instanceof vscode.Uri ? { dockerfile: arg.fsPath } : arg, arg === undefined || arg instanceof vscode.Uri)
        .finally(() => { running = undefined; });
      return running;
    }),
    vscode.commands.registerCommand('djangoContainer.selectPushTarget', async () => {
      if (!requireTrust()) return undefined;
      const target = await askTarget(loadTarget(state), true);
      if (target) { await saveTarget(state, target); showTarget(); }
      return target;
    }),
    vscode.commands.registerCommand('djangoContainer.copyLastImageUri', async () => {
      const last = state.get<LastPush>(LAST_PUSH_KEY);
      if (last) await vscode.env.clipboard.writeText(last.imageUri);
      return last?.imageUri;
    }),
  );
  void vscode.commands.executeCommand('setContext', 'djangoContainer.hasLastPush', state.get(LAST_PUSH_KEY) !== undefined);
  showTarget();
  void updateRelevance();
  void refreshEngine();

  async function push(args: PushArgs | undefined, interactive: boolean): Promise<PushCommandResult> {
    if (!requireTrust()) return undefined;
    let target = loadTarget(state);
    const clicked = interactive ? args?.dockerfile : undefined;
    if (!interactive && args) target = withArgs(target, args);
    else if ((clicked && clicked !== target.dockerfile) || !isComplete(target)) {
      // A clicked Dockerfile replaces the remembered one; only its context (and anything missing) is asked.
      const asked = await askTarget(target, false, undefined, clicked);
      if (!asked) return undefined;
      target = asked;
    }
    if (!isComplete(target)) {
      const error: EcrError = { kind: 'invalid-input', message: 'The push target is incomplete (Dockerfile, context, region and repository are needed).', nextStep: 'Pass them as arguments or run "Django: Select ECR Push Target…".' };
      return { ok: false, error };
    }
    if (args?.remember !== false) await saveTarget(state, target);
    showTarget();
    let isolatedDockerConfig = args?.isolatedDockerConfig === true;
    for (let attempt = 0; ; attempt++) {
      const create = !interactive && args?.create !== undefined ? args.create : target.create;
      const outcome = await pushWithProgress(target, create, isolatedDockerConfig);
      if (!isEcrError(outcome)) {
        // Created now: a later push must not silently re-create a repository someone deleted.
        if (target.create && args?.remember !== false) await saveTarget(state, { ...target, create: undefined });
        return { ok: true, ...outcome };
      }
      if (outcome.kind === 'cancelled') { bar.idle(); log.info('push: cancelled'); return { ok: false, error: outcome }; }
      bar.failed(outcome.message);
      log.error(`push: ${outcome.kind}: ${outcome.message}${outcome.detail ? `\n${outcome.detail}` : ''}`);
      if (!interactive) {
        void vscode.window.showErrorMessage(`${outcome.message} ${outcome.nextStep}`);
        return { ok: false, error: outcome };
      }
      const followUp = await showPushError(outcome, log);
      if (attempt >= MAX_FOLLOW_UPS) return { ok: false, error: outcome };
      if (followUp === 'create-repository') {
        const created = await askAndCreateRepository(target, target.repository);
        if (!created) return { ok: false, error: outcome };
        target = { ...target, repository: created.name, create: created.create };
      } else if (followUp === 'choose-profile' || followUp === 'choose-region') {
        const asked = await askTarget(target, false, followUp);
        if (!asked) return { ok: false, error: outcome };
        target = asked;
      } else if (followUp === 'isolated-docker-config') {
        isolatedDockerConfig = true;
      } else if (followUp !== 'retry') {
        return { ok: false, error: outcome };
      }
      await saveTarget(state, target);
      showTarget();
    }
  }

  async function pushWithProgress(target: PushTarget, create: PushRequest['create'], isolatedDockerConfig: boolean)
    : Promise<PushSuccess | EcrError> {
    const settings = readSettings(vscode.Uri.file(target.context!));
    const request: PushRequest = {
      dockerfile: target.dockerfile!, context: target.context!, profile: target.profile, region: target.region!,
      endpoint: settings.awsEndpoint, repository: target.repository!, tags: target.tags, includeLatest: target.addLatest,
      platform: target.platform, buildArgs: settings.buildArgs, network: settings.buildNetwork, dockerPath: settings.dockerPath, create,
      isolatedDockerConfig, smokeTest: settings.smokeTest,
      dockerContext: settings.dockerContext, dockerBuilder: settings.dockerBuilder,
    };
    const statusTarget = { repository: target.repository, tag: target.tags[0], profile: target.profile, region: target.region, engine: engineLine };
    bar.running('starting', statusTarget);
    log.info(`push: ${target.repository}:${target.tags.join(',') || '<git sha>'} from ${target.dockerfile} (context ${target.context}, ${target.platform}, profile ${target.profile ?? 'default chain'}, ${target.region})`);
    const outcome = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: `Push to ECR: ${target.repository}`, cancellable: true,
    }, async (progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      const layers = new LayerProgress();
      let reported = 0;
      const onEvent = (event: PushEvent) => {
        switch (event.type) {
          case 'phase':
            bar.running(PHASE_LABELS[event.phase], statusTarget);
            log.info(`push: ${event.message}`);
            progress.report({ message: event.message });
            break;
          case 'engine':
            engineLine = event.description;
            statusTarget.engine = event.description;
            log.info(`push: Docker engine: ${event.description}`);
            break;
          case 'output':
            log.info(`[${event.phase}] ${event.line}`);
            break;
          case 'layer': {
            const percent = layers.update(event.layer, event.status);
            const increment = Math.max(0, percent - reported);
            reported = Math.max(reported, percent);
            bar.running(`pushing ${percent}%`, statusTarget);
            progress.report({ message: `pushing layers ${layers.done}/${layers.total}`, increment });
            break;
          }
          case 'warning':
            log.warn(`push: ${event.message}`);
            void vscode.window.showWarningMessage(event.message);
            break;
          case 'digest':
            statusTarget.tag = event.tag;
            log.info(`push: ${event.tag} -> ${event.digest}`);
            break;
          default:
            break;
        }
      };
      try {
        return await runPush(request, onEvent, abort.signal);
      } finally {
        subscription.dispose();
      }
    });
    if (isEcrError(outcome)) return outcome;
    const last: LastPush = { imageUri: outcome.imageUri, digest: outcome.digest, at: Date.now(), sizeBytes: outcome.sizeInBytes };
    await state.update(LAST_PUSH_KEY, last);
    void vscode.commands.executeCommand('setContext', 'djangoContainer.hasLastPush', true);
    bar.setTarget({ ...statusTarget, tag: outcome.tags[0] }, last);
    bar.succeeded(last);
    // In the background: a scan on push can take minutes, and the push itself is done.
    if (sendScanReport) void showScanFindings(request, outcome, log, sendScanReport).catch((error: unknown) => log.warn(`scan: ${String(error)}`));
    log.info(`push: done ${outcome.imageUri} ${outcome.digestUri}${outcome.sizeInBytes ? ` (${outcome.sizeInBytes} bytes)` : ''} in ${(outcome.durationMs / 1000).toFixed(1)} s`);
    void vscode.window.showInformationMessage(`Pushed ${outcome.imageUri} (${outcome.digest.slice(0, 19)}…)`, 'Copy Image URI', 'Copy Digest').then(async (choice) => {
      if (choice === 'Copy Image URI') await vscode.env.clipboard.writeText(outcome.imageUri);
      if (choice === 'Copy Digest') await vscode.env.clipboard.writeText(outcome.digest);
    });
    return outcome;
  }

  /** Asks every question (or only the ones missing); `only` re-asks a single one after an error. */
  async function askTarget(start: PushTarget, askAll: boolean, only?: 'choose-profile' | 'choose-region', clicked?: string)
    : Promise<PushTarget | undefined> {
    const target = { ...start };
    if (!only && (askAll || clicked || !target.dockerfile || !target.context)) {
      const picked = await pickDockerfile(target.dockerfile, clicked);
      if (!picked) return undefined;
      Object.assign(target, picked);
    }
    if (only === 'choose-profile' || (!only && (askAll || !target.region))) {
      const profile = await pickProfile(target.profile);
      if (profile === undefined) return undefined;
      target.profile = profile ?? undefined;
    }
    if (only || askAll || !target.region) {
      const region = await pickRegion(target.profile ? profileRegionOf(target.profile) : undefined, target.region);
      if (!region) return undefined;
      target.region = region;
    }
    if (only) return target;
    if (askAll || !target.repository) {
      const repository = await pickRepository(target, readSettings().awsEndpoint);
      if (!repository) return undefined;
      if (isEcrError(repository)) { await showPushError(repository, log); return undefined; }
      target.repository = repository.name;
      target.create = repository.create;
    }
    if (askAll || !isComplete(start)) {
      const tags = await askTags(target);
      if (!tags) return undefined;
      Object.assign(target, tags);
      const platform = askAll ? await pickPlatform(target.platform) : target.platform;
      if (!platform) return undefined;
      target.platform = platform;
    }
    return target;
  }

  return {
    get status() { return bar.snapshot; },
    onDidChangeStatus: bar.onDidChange,
  };
}

function withArgs(target: PushTarget, args: PushArgs): PushTarget {
  return {
    ...target,
    dockerfile: args.dockerfile ?? target.dockerfile,
    context: args.context ?? (args.dockerfile ? path.dirname(args.dockerfile) : target.context),
    profile: args.profile ?? target.profile,
    region: args.region ?? target.region,
    repository: args.repository ?? target.repository,
    tags: args.tags ?? target.tags,
    addLatest: args.addLatest ?? target.addLatest,
    platform: args.platform ?? target.platform,
  };
}

const PHASE_LABELS: Record<PushPhase, string> = {
  repository: 'checking repository', 'check-tags': 'checking tags', build: 'building', 'smoke-test': 'smoke testing', login: 'logging in',
  tag: 'tagging', push: 'pushing', verify: 'verifying',
};

/** Share of layers docker reports as pushed (or already there), from its per-layer status lines. */
class LayerProgress {
  private readonly states = new Map<string, boolean>();
  get total(): number { return this.states.size; }
  get done(): number { return [...this.states.values()].filter(Boolean).length; }
  update(layer: string, status: string): number {
    this.states.set(layer, /^(Pushed|Layer already exists|Mounted from)/.test(status));
    return this.total ? Math.round((this.done / this.total) * 100) : 0;
  }
}

function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Pushing runs docker and calls AWS, which is disabled in an untrusted workspace.', 'Manage Workspace Trust')
    .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return false;
}
