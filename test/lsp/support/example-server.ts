/**
 * The usual LSP test setup: the bundled server started on a fresh copy of examples/mysite before the tests of
 * the current suite (or file), stopped and the copy removed after them; plus the request helpers several
 * test files use.
 */
import * as fs from 'node:fs';
import { after, before } from 'node:test';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyExampleProject, LspClient, type StartOptions } from './lsp-client';

export interface ExampleServer {
  /** The running client; only inside tests and hooks registered after useExampleServer. */
  readonly client: LspClient;
  /** The temp copy of examples/mysite the server works in. */
  readonly workspaceDir: string;
}

/**
 * Registers before/after hooks in the current suite. `options` may be a function, read when the server
 * starts (after the suite's earlier before hooks, e.g. one that starts an ECR stand-in). `started` runs in the
 * same before hook (at file level Node 20 starts each before hook as it is registered, so a second hook
 * would not wait for the server).
 */
export function useExampleServer(
  options: Omit<StartOptions, 'workspaceDir'> | (() => Omit<StartOptions, 'workspaceDir'>) = {},
  started?: (server: ExampleServer) => Promise<void>,
): ExampleServer {
  let client: LspClient | undefined;
  let workspaceDir: string | undefined;
  before(async () => {
    workspaceDir = copyExampleProject();
    ({ client } = await LspClient.start({ ...(typeof options === 'function' ? options() : options), workspaceDir }));
    await started?.(server);
  });
  after(async () => {
    await client?.stop();
    if (workspaceDir) fs.rmSync(workspaceDir, { recursive: true, force: true });
  });
  const server: ExampleServer = {
    get client() {
      if (!client) throw new Error('the example server is not started: use it inside a test or a later hook');
      return client;
    },
    get workspaceDir() {
      if (!workspaceDir) throw new Error('the example server is not started: use it inside a test or a later hook');
      return workspaceDir;
    },
  };
  return server;
}

/** textDocument/completion at a position, with how long the answer took. */
export async function complete(client: LspClient, uri: string, line: number, character: number): Promise<{ list: CompletionList; ms: number }> {
  const started = performance.now();
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  return { list, ms: performance.now() - started };
}

export const labels = (list: CompletionList) => list.items.map((item) => String(item.label));

/** The markdown of textDocument/hover at a position, or null when the server has no hover there. */
export async function hoverText(client: LspClient, uri: string, line: number, character: number): Promise<string | null> {
  const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  return result ? (result.contents as MarkupContent).value : null;
}

/** Polls `probe` every 100 ms until it returns a value; throws naming `what` after timeoutMs. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
