/**
 * The push button in the status bar. It shows the target (`repo:tag`) or "Push to ECR", a spinner with
 * the phase while a push runs, and the outcome afterwards; the tooltip says profile, region, the Docker
 * engine (context, endpoint, builder), last digest and when. Every change is also published as a snapshot so automation can follow the states.
 */
import * as vscode from 'vscode';

export type PushStatusState = 'hidden' | 'untrusted' | 'unconfigured' | 'ready' | 'running' | 'succeeded' | 'failed';

export interface PushStatusSnapshot {
  state: PushStatusState;
  text: string;
  tooltip: string;
  /** The phase while running (building, logging in, pushing, verifying …). */
  phase?: string;
  visible: boolean;
  /** What a click runs. */
  command?: string;
}

export interface LastPush {
  imageUri: string;
  digest: string;
  at: number;
  sizeBytes?: number;
}

export interface StatusTarget {
  repository?: string;
  tag?: string;
  profile?: string;
  region?: string;
  /** The Docker engine line: resolved by the running/last push, or what the settings would use. */
  engine?: string;
}

export class PushStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('djangoContainer.push', vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<PushStatusSnapshot>();
  readonly onDidChange = this.changed.event;
  private state: PushStatusState = 'hidden';
  private relevant = false;
  private phase: string | undefined;
  private failure: string | undefined;
  private target: StatusTarget = {};
  private last: LastPush | undefined;
  private snapshotValue: PushStatusSnapshot = { state: 'hidden', text: '', tooltip: '', visible: false };

  constructor() {
    this.item.name = 'Django: Push to ECR';
  }

  get snapshot(): PushStatusSnapshot {
    return this.snapshotValue;
  }

  /** Whether the workspace holds a Dockerfile or a Django project. */
  setRelevant(relevant: boolean): void {
    this.relevant = relevant;
    if (this.state === 'hidden' || !relevant) this.state = this.idleState();
    this.render();
  }

  setTarget(target: StatusTarget, last?: LastPush): void {
    this.target = target;
    if (last) this.last = last;
    if (this.state !== 'running') this.state = this.idleState();
    this.render();
  }

  setTrusted(): void {
    if (this.state === 'untrusted' || this.state === 'hidden') this.state = this.idleState();
    this.render();
  }

  running(phase: string, target: StatusTarget): void {
    this.target = target;
    this.state = 'running';
    this.phase = phase;
    this.render();
  }

  succeeded(last: LastPush): void {
    this.last = last;
    this.state = 'succeeded';
    this.phase = undefined;
    this.render();
  }

  failed(message: string): void {
    this.state = 'failed';
    this.failure = message;
    this.phase = undefined;
    this.render();
  }

  /** Back to showing the target, e.g. after a cancelled push. */
  idle(): void {
    this.state = this.idleState();
    this.phase = undefined;
    this.render();
  }

  private idleState(): PushStatusState {
    if (!this.relevant) return 'hidden';
    if (!vscode.workspace.isTrusted) return 'untrusted';
    return this.target.repository ? 'ready' : 'unconfigured';
  }

  private render(): void {
    const ref = this.target.repository ? `${this.target.repository}:${this.target.tag ?? '<git sha>'}` : undefined;
    let text: string;
    let command: string | undefined = 'djangoContainer.pushToEcr';
    let background: vscode.ThemeColor | undefined;
    switch (this.state) {
      case 'untrusted': text = '$(workspace-untrusted) Push to ECR'; command = 'workbench.trust.manage'; break;
      case 'unconfigured': text = '$(cloud-upload) Push to ECR'; break;
      case 'ready': text = `$(cloud-upload) ${ref}`; break;
      case 'running': text = `$(sync~spin) ECR: ${this.phase ?? 'working'}…`; command = 'djangoContainer.showOutput'; break;
      case 'succeeded': text = `$(check) ${ref ?? 'Pushed'}`; break;
      case 'failed': text = '$(error) ECR push failed'; background = new vscode.ThemeColor('statusBarItem.errorBackground'); break;
      default: text = '';
    }
    const tooltip = this.tooltip();
    this.item.text = text;
    this.item.command = command;
    this.item.backgroundColor = background;
    this.item.tooltip = new vscode.MarkdownString(tooltip);
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '') };
    const visible = this.state !== 'hidden';
    if (visible) this.item.show(); else this.item.hide();
    this.snapshotValue = { state: this.state, text, tooltip, phase: this.phase, visible, command };
    this.changed.fire(this.snapshotValue);
  }

  private tooltip(): string {
    const lines: string[] = [];
    if (this.state === 'untrusted') lines.push('Pushing runs docker and calls AWS: trust this workspace first.');
    else if (this.state === 'running') lines.push(`**Pushing** — ${this.phase ?? ''} (click for the output)`);
    else if (this.state === 'failed') lines.push(`**Last push failed:** ${this.failure ?? ''}`);
    else if (this.state === 'unconfigured') lines.push('Click to build and push this workspace\'s image to Amazon ECR.');
    else lines.push('Click to build and push to Amazon ECR.');
    if (this.target.repository) lines.push(`Target: \`${this.target.repository}:${this.target.tag ?? '<git sha>'}\``);
    lines.push(`Profile: ${this.target.profile ?? 'default'}`, `Region: ${this.target.region ?? 'not chosen yet'}`);
    if (this.target.engine) lines.push(`Docker engine: ${this.target.engine}`);
    if (this.last) {
      lines.push(`Last digest: \`${this.last.digest}\``, `Pushed: ${new Date(this.last.at).toLocaleString()}`);
    }
    return lines.join('  \n');
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}
