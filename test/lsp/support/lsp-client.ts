/**
 * Drives the bundled server (dist/server.js --stdio) over real JSON-RPC, as an editor would.
 * Collects publishDiagnostics notifications and answers workspace/configuration from a settings object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const serverPath = path.join(repoRoot, 'dist', 'server.js');

export interface StartOptions {
  workspaceDir: string;
  initializationOptions?: Record<string, unknown>;
  /** Answer to workspace/configuration for section djangoContainer. */
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** The server command line; default: node dist/server.js --stdio (the repo's bundle). */
  command?: string[];
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  settings: Record<string, unknown>;
  stderr = '';
  private readonly waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly workspaceDir: string,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.connection.listen();
  }

  static async start(options: StartOptions): Promise<{ client: LspClient; init: InitializeResult }> {
    if (!options.command && !fs.existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
    // Always an isolated HOME and a loopback ECR endpoint: a trusted server with credentials lists ECR on open.
    const isolated = isolatedEnv();
    const env = { ...process.env, ...isolated, ...options.env };
    const [command, ...args] = options.command ?? [process.execPath, serverPath, '--stdio'];
    const child = spawn(command, args, {
      cwd: options.workspaceDir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new LspClient(child, options.workspaceDir, options.settings ?? {});
    // Only the dir isolatedEnv() just made: options.env may set HOME to anything, even the real one.
    child.once('exit', () => fs.rmSync(isolated.HOME as string, { recursive: true, force: true }));
    const rootUri = pathToFileURL(options.workspaceDir).href;
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(options.workspaceDir) }],
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          inlayHint: {},
          documentLink: {},
        },
      },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, init };
  }

  uriOf(relPath: string): string {
    return pathToFileURL(path.join(this.workspaceDir, relPath)).href;
  }

  async open(relPath: string, text: string): Promise<string> {
    const uri = this.uriOf(relPath);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    return uri;
  }

  /** Sends one didChange with the given content changes (full text when a string). Returns the new version. */
  async change(uri: string, changes: string | TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const contentChanges = typeof changes === 'string' ? [{ text: changes }] : changes;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /** Sends a request and returns its result (typed loosely: tests assert on shapes). */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Waits for a publishDiagnostics for uri (optionally at least `version`) that satisfies `accept`. */
  async diagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[], params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
    since = 0,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (let seen = since; ; ) {
      for (; seen < this.published.length; seen++) {
        const params = this.published[seen];
        if (params.uri === uri && accept(params.diagnostics, params)) return params;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published.filter((p) => p.uri === uri).map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}\nserver stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const timer = setTimeout(() => this.child.kill(), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/**
 * Environment for a server process: a temp HOME, no AWS files, the ECR endpoint on a closed loopback
 * port (never a real AWS host), plus what the test adds (e.g. the stand-in's env()).
 */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-lsp-home-'));
  return {
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'aws-config-missing'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'aws-credentials-missing'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:9',
    AWS_PROFILE: '',
    // No inherited keys either: "AWS not configured" must mean it (tests that need ECR pass their own).
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    ...extra,
  };
}

/** A fresh copy of examples/mysite in a temp dir (tests may write files into it). */
export function copyExampleProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-lsp-mysite-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'mysite'), dir, { recursive: true });
  return dir;
}
