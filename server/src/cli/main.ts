/** `django-container`: the engine for CI and terminals. Subcommands: detect, generate, lint, push, lsp. */
import { version } from '../../../package.json';
import { runDetect } from './detect';
import { runGenerate } from './generate';
import { runLint } from './lint';
import { runLsp } from './lsp';
import { runPush } from './push';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  detect: runDetect,
  generate: runGenerate,
  lint: runLint,
  push: runPush,
  lsp: runLsp,
};

const USAGE = `Usage: django-container <command> [options]

Commands:
  detect [DIR] [--json]         Find Django projects and print what an image needs
  generate [DIR] [options]      Write a multi-stage Dockerfile, .dockerignore and compose.yaml
  lint FILE... [options]        Check Dockerfiles with Django-, Python- and ECR-aware rules
  push [DIR] --repository NAME  Build, tag and push the image to Amazon ECR
  lsp --stdio                   Run the language server for other editors (Neovim, Helix, JetBrains)

Options:
  -h, --help      Show help (also: django-container <command> --help)
  -v, --version   Show the version
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  if (handler) return handler(rest);
  process.stderr.write(`django-container: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`django-container: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
