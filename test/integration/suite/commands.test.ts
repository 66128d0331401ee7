/** Every contributed command is registered in a real VS Code, under the "Django" category, with its menus and trust guards. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-container-tools.django-container-tools';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; enablement?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string; default?: unknown }> };
    walkthroughs: { steps: { id: string }[] }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
}

describe('commands (real VS Code)', () => {
  let manifest: Manifest;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    manifest = extension.packageJSON as Manifest;
  });

  it('registers every contributed command, each in the Django category', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands;
    assert.ok(contributed.length >= 5, 'contributes the generate, push, select target, copy and output commands');
    for (const command of contributed) {
      assert.equal(command.category, 'Django', `${command.command} has category Django`);
      assert.ok(registered.has(command.command), `${command.command} is registered by the extension`);
    }
    const titles = Object.fromEntries(contributed.map((c) => [c.command, c.title]));
    assert.equal(titles['djangoContainer.generateDockerfile'], 'Generate Multi-Stage Dockerfile');
    assert.equal(titles['djangoContainer.pushToEcr'], 'Push Image to ECR');
  });

  it('guards AWS/docker commands behind workspace trust and offers generate on manage.py and folders', () => {
    const push = manifest.contributes.commands.find((c) => c.command === 'djangoContainer.pushToEcr');
    assert.match(push?.enablement ?? '', /isWorkspaceTrusted/);
    const palettePush = manifest.contributes.menus.commandPalette.find((m) => m.command === 'djangoContainer.pushToEcr');
    assert.match(palettePush?.when ?? '', /isWorkspaceTrusted/);
    const explorer = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'djangoContainer.generateDockerfile');
    assert.match(explorer?.when ?? '', /resourceFilename == manage\.py/);
    assert.match(explorer?.when ?? '', /explorerResourceIsFolder/);
    const title = manifest.contributes.menus['editor/title'].find((m) => m.command === 'djangoContainer.pushToEcr');
    assert.match(title?.when ?? '', /resourceLangId == dockerfile/);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes('djangoContainer.docker.path'));
  });

  it('describes every setting and walks through generate, lint and push', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['rules.severity', 'lint.genericRules', 'aws.profile', 'aws.region', 'aws.endpoint', 'push.platform', 'push.tags',
      'push.repository', 'push.dockerfile', 'push.context', 'push.smokeTest', 'build.args', 'build.network', 'templates.folder', 'docker.path']) {
      const property = properties[`djangoContainer.${key}`];
      assert.ok(property, `djangoContainer.${key} is contributed`);
      assert.ok((property.markdownDescription ?? property.description ?? '').length > 20, `djangoContainer.${key} is described`);
    }
    assert.equal(vscode.workspace.getConfiguration('djangoContainer').get('push.platform'), 'linux/amd64');
    assert.equal(properties['djangoContainer.push.smokeTest'].default, true, 'the smoke test is on unless turned off');
    assert.deepEqual(manifest.contributes.walkthroughs[0].steps.map((s) => s.id), ['generate', 'lint', 'push']);
  });

  it('maps Dockerfile.*, *.dockerfile and Containerfile to the dockerfile language', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    for (const name of ['Dockerfile.prod', 'web.dockerfile', 'Containerfile']) {
      const uri = vscode.Uri.joinPath(root, 'lang-check', name);
      await vscode.workspace.fs.writeFile(uri, Buffer.from('FROM python:3.12-slim\n'));
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(document.languageId, 'dockerfile', `${name} opens as dockerfile`);
    }
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, 'lang-check'), { recursive: true });
  });

  it('shows the output channel', async () => {
    await vscode.commands.executeCommand('djangoContainer.showOutput');
  });
});

describe('settings reach the language server (real VS Code)', () => {
  const section = () => vscode.workspace.getConfiguration('djangoContainer');
  let document: vscode.TextDocument;

  const sources = () => vscode.languages.getDiagnostics(document.uri).map((d) => `${d.source}:${String(typeof d.code === 'object' ? d.code.value : d.code)}`);
  async function until(predicate: (found: string[]) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!predicate(sources())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify(sources())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const root = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(root, 'settings-check', 'Dockerfile');
    // Runs as root (our rule) and uses the deprecated MAINTAINER (a generic dockerfile-utils finding).
    await vscode.workspace.fs.writeFile(uri, Buffer.from('FROM python:3.12-slim\nMAINTAINER someone@example.com\nCMD ["python", "-V"]\n'));
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await section().update('lint.genericRules', undefined, vscode.ConfigurationTarget.Global);
    await section().update('rules.severity', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'settings-check'), { recursive: true });
  });

  it('leaves generic problems to another installed Dockerfile extension unless the setting forces them on', async () => {
    // The test host loads test/fixtures/vscode-extensions/other-dockerfile-linter (id ms-azuretools.vscode-docker).
    assert.ok(vscode.extensions.getExtension('ms-azuretools.vscode-docker'), 'another Dockerfile extension is installed');
    await until((found) => found.some((s) => s.endsWith(':final-stage-runs-as-root')), 'our own finding');
    assert.ok(!sources().some((s) => s.startsWith('dockerfile-utils:')), `no generic finding by default: ${JSON.stringify(sources())}`);
    await section().update('lint.genericRules', true, vscode.ConfigurationTarget.Global);
    await until((found) => found.some((s) => s.startsWith('dockerfile-utils:')), 'the generic MAINTAINER finding once forced on');
    await section().update('lint.genericRules', false, vscode.ConfigurationTarget.Global);
    await until((found) => !found.some((s) => s.startsWith('dockerfile-utils:')) && found.some((s) => s.endsWith(':final-stage-runs-as-root')),
      'generic findings to disappear while ours stay');
  });

  it('applies rules.severity changes without a reload', async () => {
    await section().update('rules.severity', { 'final-stage-runs-as-root': 'off' }, vscode.ConfigurationTarget.Global);
    await until((found) => !found.some((s) => s.endsWith(':final-stage-runs-as-root')), 'the rule turned off');
    await section().update('rules.severity', { 'final-stage-runs-as-root': 'error' }, vscode.ConfigurationTarget.Global);
    await until((found) => found.some((s) => s.endsWith(':final-stage-runs-as-root')), 'the rule back');
    const finding = vscode.languages.getDiagnostics(document.uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'final-stage-runs-as-root');
    assert.equal(finding?.severity, vscode.DiagnosticSeverity.Error);
  });
});
