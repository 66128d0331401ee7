/**
 * `django-container lsp --stdio`: the language server for editors other than VS Code (Neovim, Helix,
 * JetBrains through LSP4IJ, ...). It loads the very bundle the extension starts (dist/server.js) into this
 * process instead of spawning a second node: the editor talks to one process, which works exactly as under
 * VS Code (dist/aws-sdk.js, which the server loads on first ECR use, resolves beside dist/server.js).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { packageRoot } from '../util/paths';

const USAGE = `Usage: django-container lsp --stdio [--clientProcessId=PID]

Runs the Dockerfile language server (Django-, Python- and ECR-aware diagnostics, hover, completion,
quick fixes, inlay hints, document links) for editors other than VS Code.

Transport (exactly one):
  --stdio              JSON-RPC over standard input and output (Neovim, Helix, LSP4IJ)
  --node-ipc           Node's IPC channel (the parent spawned this process with an 'ipc' stdio entry)
  --socket=PORT        Connect to a client listening on 127.0.0.1:PORT
  --pipe=NAME          Connect to a client listening on the named pipe or unix socket NAME

Options:
  --clientProcessId=PID  Exit when that process is gone
  -h, --help             Show this help

Settings come from initializationOptions and the workspace/configuration section "djangoContainer"
(see "Use the language server in other editors" in the README).
Exit status: 0 after the client's shutdown and exit, 1 when the client goes away without shutdown,
2 usage error.
`;

export type LspArguments = { help: true } | { help: false; serverArgv: string[] } | { error: string };

/**
 * Checks the arguments and returns the argv the server must see. vscode-languageserver reads its transport
 * from process.argv (the first of --stdio, --node-ipc, --socket, --pipe wins), so anything it would ignore
 * or misread is refused here with a message instead of a stack trace from createConnection.
 */
export function parseLspArguments(args: string[]): LspArguments {
  const transports: string[] = [];
  const serverArgv: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    const [name, inline] = splitOption(arg);
    const value = () => inline ?? (args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : undefined);
    if (name === '--stdio' || name === '--node-ipc') {
      if (inline !== undefined) return { error: `${name} takes no value` };
      transports.push(name);
      serverArgv.push(name);
    } else if (name === '--socket') {
      const port = value();
      if (!port || !/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { error: `--socket needs a port number (1-65535), got '${port ?? ''}'` };
      transports.push(name);
      serverArgv.push(`--socket=${port}`);
    } else if (name === '--pipe') {
      const pipe = value();
      if (!pipe) return { error: '--pipe needs the name of a pipe or unix socket' };
      transports.push(name);
      serverArgv.push(`--pipe=${pipe}`);
    } else if (name === '--clientProcessId') {
      const pid = value();
      if (!pid || !/^\d+$/.test(pid)) return { error: `--clientProcessId needs a process id, got '${pid ?? ''}'` };
      serverArgv.push(`--clientProcessId=${pid}`);
    } else {
      return { error: `unknown option '${arg}'` };
    }
  }
  if (transports.length === 0) return { error: 'choose a transport: --stdio (what most editors use), --node-ipc, --socket=PORT or --pipe=NAME' };
  if (transports.length > 1) return { error: `choose one transport, not ${transports.join(' and ')}` };
  return { help: false, serverArgv };
}

export async function runLsp(args: string[]): Promise<number> {
  const parsed = parseLspArguments(args);
  if ('error' in parsed) {
    process.stderr.write(`django-container lsp: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const bundle = path.join(packageRoot(), 'dist', 'server.js');
  if (!fs.existsSync(bundle)) {
    process.stderr.write(`django-container lsp: ${bundle} is missing; run \`npm run build\` in the checkout (an installed package always has it)\n`);
    return 2;
  }
  // The server reads its transport from process.argv; give it exactly the checked arguments.
  process.argv = [process.execPath, bundle, ...parsed.serverArgv];
  createRequire(__filename)(bundle);
  // From here the server owns the process: it exits on the client's `exit` notification or when its input ends.
  return new Promise<number>(() => undefined);
}

function splitOption(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}
