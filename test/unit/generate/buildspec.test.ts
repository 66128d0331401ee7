/** generate --buildspec: a CodeBuild buildspec that runs our own push with arguments our CLI accepts, and no secrets. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parsePushArgs } from '../../../server/src/cli/push';
import { GenerateError } from '../../../server/src/generate/options';
import { renderProjectFiles } from '../../../server/src/generate/render';
import { packageVersion } from '../../../server/src/util/paths';
import { MYSITE } from './projects';

interface Buildspec {
  version: number;
  env: { variables: Record<string, string> };
  phases: Record<string, { commands: string[]; 'runtime-versions'?: Record<string, unknown> }>;
}

function buildspec(repository: string): Buildspec {
  const file = renderProjectFiles(MYSITE, { buildspecRepository: repository }).find((f) => f.path === 'buildspec.yml');
  assert.ok(file, 'buildspec.yml rendered');
  return parseYaml(file.content) as Buildspec;
}

/** The words of a simple shell command line, with $VAR / "$VAR" replaced from `vars`. */
function shellWords(line: string, vars: Record<string, string>): string[] {
  return line.split(/\s+/).filter(Boolean).map((word) => word.replace(/^"?\$([A-Z_]+)"?$/, (_, name: string) => vars[name] ?? `<unset ${name}>`));
}

test('only with --buildspec; the push step is a command line our own push parser accepts, for that repository', () => {
  assert.equal(renderProjectFiles(MYSITE, {}).some((f) => f.path === 'buildspec.yml'), false);
  const spec = buildspec('team/web');
  assert.equal(spec.version, 0.2);
  assert.equal(spec.env.variables.ECR_REPOSITORY, 'team/web');
  assert.equal(spec.env.variables.DCT_CLI_PACKAGE, `django-container-tools@${packageVersion()}`);
  assert.equal(spec.phases.install['runtime-versions']?.nodejs, 20);
  const push = spec.phases.build.commands.find((c) => c.includes('django-container push'));
  assert.ok(push, spec.phases.build.commands.join('\n'));
  const words = shellWords(push.replace(/\s*>.*$/, ''), { ECR_REPOSITORY: 'team/web', AWS_REGION: 'eu-west-1', IMAGE_TAG: 'abc123def456' });
  assert.equal(words[0], '/tmp/dct/node_modules/.bin/django-container');
  const parsed = parsePushArgs(words.slice(2), {});
  assert.ok(!('error' in parsed), JSON.stringify(parsed));
  assert.match(JSON.stringify(parsed), /"repository":"team\/web"/);
  assert.match(JSON.stringify(parsed), /"region":"eu-west-1"/);
  assert.match(JSON.stringify(parsed), /abc123def456/);
});

test('no credentials in the file: the role is read by the SDK; a bad repository name is refused', () => {
  const text = renderProjectFiles(MYSITE, { buildspecRepository: 'web' }).find((f) => f.path === 'buildspec.yml')!.content;
  assert.doesNotMatch(text, /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|password/i);
  assert.throws(() => renderProjectFiles(MYSITE, { buildspecRepository: 'Bad Name' }), GenerateError);
});
