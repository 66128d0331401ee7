/**
 * Runs the integration suite in a real VS Code (code-server 4.100.3 + headless Chromium, see
 * scripts/vscode-test-host/) through @vscode/test-electron's runTests. Needs `npm run build` (the extension
 * is loaded from dist/), `npx tsc -p .` (tests from out/) and `scripts/testbed/up.sh integration`.
 * Mocha's "N passing"/"N failing" lines reach stdout (scripts/test.mjs counts them).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { exampleDir, repoRoot, tempCopy } from '../support/testbed';

async function main(): Promise<number> {
  const root = repoRoot();
  const shim = path.join(root, 'scripts', 'vscode-test-host', 'vscode-shim.sh');
  const codeServer = path.join(root, '.vscode-test-host', 'node_modules', '.bin', 'code-server');
  for (const [file, fix] of [
    [path.join(root, 'dist', 'client.js'), 'npm run build'],
    [path.join(root, 'dist', 'server.js'), 'npm run build'],
    [codeServer, 'sudo bash scripts/testbed/up.sh integration'],
  ]) {
    if (!fs.existsSync(file)) {
      console.error(`integration tests cannot run: ${file} is missing (run: ${fix})`);
      return 1;
    }
  }
  const workspace = tempCopy(exampleDir(), 'dct-integration-ws-');
  // Installed extensions of the test host: one carrying the id of another Dockerfile linter
  // (test/fixtures/vscode-extensions/README.md), so the client's "other linter present" branch runs for real.
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-integration-ext-'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'vscode-extensions', 'other-dockerfile-linter'),
    path.join(extensionsDir, 'ms-azuretools.vscode-docker-0.0.0-test'), { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [workspace, `--extensions-dir=${extensionsDir}`],
      // The extension host inherits code-server's environment; make the AWS SDK loopback-only even when
      // this runner is started by hand (scripts/test.mjs already sets these, with a temp HOME).
      extensionTestsEnv: {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
        AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'AKIDTESTDEFAULT',
        AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test-secret-default',
        // Any ECR call without an explicit endpoint (e.g. the language server's background listing) goes to a closed
        // loopback port instead of resolving api.ecr.<region>.amazonaws.com; tests that push set their stand-in's endpoint.
        AWS_ENDPOINT_URL_ECR: process.env.AWS_ENDPOINT_URL_ECR ?? 'http://127.0.0.1:9',
        DCT_REPO_ROOT: root,
        DCT_TEST_WORKSPACE: workspace,
      },
    });
    return 0;
  } catch (error) {
    console.error(`integration tests failed: ${(error as Error).message}`);
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
