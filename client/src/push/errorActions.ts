/**
 * Renders the engine's errors (values with a kind and a next step, see server/src/ecr/errors.ts) as a
 * notification with the button that helps. The words come from the engine; this file only picks buttons.
 */
import * as vscode from 'vscode';
import type { EcrError } from '../../../server/src/ecr/errors';
import { shellLine } from './shellLine';

export type ErrorFollowUp = 'create-repository' | 'choose-profile' | 'choose-region' | 'retry' | 'isolated-docker-config' | undefined;

interface Action { title: string; run: () => Promise<ErrorFollowUp> | ErrorFollowUp }

export async function showPushError(error: EcrError, log: vscode.LogOutputChannel): Promise<ErrorFollowUp> {
  const actions = actionsFor(error, log);
  const message = `${error.message} ${error.nextStep}`;
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  return actions.find((a) => a.title === picked)?.run();
}

function actionsFor(error: EcrError, log: vscode.LogOutputChannel): Action[] {
  const showOutput: Action = { title: 'Open Output', run: () => { log.show(); return undefined; } };
  switch (error.kind) {
    case 'sso-expired':
    case 'credentials-expired':
      return error.command ? [{ title: 'Sign In (Terminal)', run: () => { runInTerminal('AWS sign-in', error.command!); return undefined; } }, showOutput] : [showOutput];
    case 'repository-missing':
      return [{ title: 'Create Repository', run: () => 'create-repository' }, showOutput];
    case 'credentials-missing':
    case 'credentials-invalid':
    case 'access-denied':
      return [{ title: 'Choose Profile', run: () => 'choose-profile' }, showOutput];
    case 'region-missing':
      return [{ title: 'Choose Region', run: () => 'choose-region' }];
    case 'docker-missing':
      return [{ title: 'Set Docker Path', run: () => { void vscode.commands.executeCommand('workbench.action.openSettings', 'djangoContainer.docker.path'); return undefined; } }, showOutput];
    case 'creds-store-broken':
      return [{ title: 'Push with Isolated Docker Config', run: () => 'isolated-docker-config' }, showOutput];
    case 'build-failed':
    case 'smoke-test-failed': // the container's last log lines are in the output
      log.show(true);
      return [showOutput];
    case 'network':
    case 'throttled':
    case 'service-error':
    case 'token-expired':
      return [{ title: 'Retry', run: () => 'retry' }, showOutput];
    default:
      return [showOutput];
  }
}

function runInTerminal(name: string, argv: string[]): void {
  const terminal = vscode.window.createTerminal({ name });
  terminal.show();
  terminal.sendText(shellLine(argv));
}
