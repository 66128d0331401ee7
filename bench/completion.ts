/**
 * Completion latency while the AWS endpoint answers slowly (the local ECR stand-in with added latency):
 * ours answers FROM completion from its ECR cache and refreshes in the background; an inline implementation
 * pays DescribeRepositories + DescribeImages on every request; rcjsuen's server has no ECR items at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { startEcrStandIn } from '../test/support/ecr-standin';
import { copyExampleProject, isolatedEnv, LspClient } from '../test/lsp/support/lsp-client';
import { StdioLanguageServer } from './lsp-driver';
import { fmtMs, medianMsAsync } from './measure';
import type { BenchRow } from './report';

const AWS_LATENCY_MS = 1500;
const KEY_ID = 'AKIDBENCHCOMPLETION';
const SECRET = 'bench-completion-secret';

export async function benchCompletion(repoRoot: string): Promise<BenchRow[]> {
  const ecr = await startEcrStandIn({ keys: { [KEY_ID]: { secret: SECRET } } });
  const workspaceDir = copyExampleProject();
  const { client } = await LspClient.start({
    workspaceDir,
    initializationOptions: { trusted: true },
    env: isolatedEnv({ ...ecr.env(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET }),
  });
  const rcjsuen = new StdioLanguageServer(process.execPath, [path.join(repoRoot, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio']);
  try {
    for (let i = 0; i < 5; i++) ecr.createRepository(`team/service-${i}`), ecr.seedImage(`team/service-${i}`, ['v1', 'v2']);
    const uri = await client.open('Dockerfile', 'FROM \n');
    const completeOurs = () => client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 } });
    // Warm the cache with a fast endpoint, then make AWS slow.
    for (let i = 0; i < 20 && !JSON.stringify(await completeOurs()).includes('team/service-4'); i++) await new Promise((r) => setTimeout(r, 200));
    ecr.setLatency(AWS_LATENCY_MS);
    const ours = await medianMsAsync(async () => void (await completeOurs()), 15);

    const sdk = new ECRClient({ region: ecr.region, endpoint: ecr.endpoint, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET }, maxAttempts: 1 });
    const inline = await medianMsAsync(async () => {
      const { repositories = [] } = await sdk.send(new DescribeRepositoriesCommand({}));
      await Promise.all(repositories.map((r) => sdk.send(new DescribeImagesCommand({ repositoryName: r.repositoryName }))));
    }, 3, 1);

    await rcjsuen.initialize(null);
    await rcjsuen.open('file:///bench/completion/Dockerfile', 'FROM \n');
    const theirs = await medianMsAsync(async () => void (await rcjsuen.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: 'file:///bench/completion/Dockerfile' }, position: { line: 0, character: 5 },
    })), 15);
    return [{
      section: `Language server: FROM completion while AWS answers in ${AWS_LATENCY_MS} ms`,
      metric: 'median completion latency',
      values: {
        'Django Container Tools (ECR cache)': fmtMs(ours),
        'inline DescribeRepositories + DescribeImages': fmtMs(inline),
        'dockerfile-language-server-nodejs (no ECR items)': fmtMs(theirs),
      },
      comparison: `an inline AWS call per completion takes ${(inline / ours).toFixed(0)}x our time`,
    }];
  } finally {
    await client.stop();
    await rcjsuen.stop();
    await ecr.stop();
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  }
}
