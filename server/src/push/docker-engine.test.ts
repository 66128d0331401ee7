import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  builderEngineMismatch, builderWithoutBuildx, chooseDockerContext, describeEngine, engineFromContextInspect, networkEntitlement, parseBuildxInspect,
  type DockerEngine,
} from './docker-engine';
import { dockerEngineEnv } from './docker-runner';

const INSPECT_REMOTE = JSON.stringify([{ Name: 'remote', Metadata: {}, Endpoints: { docker: { Host: 'ssh://deploy@build-1', SkipTLSVerify: false } } }]);
const engine = (extra: Partial<DockerEngine> = {}): DockerEngine => ({ context: 'remote', source: 'option', endpoint: 'ssh://deploy@build-1', ...extra });

describe('chooseDockerContext: the docker CLI\'s order', () => {
  it('an explicit context beats DOCKER_HOST, DOCKER_CONTEXT and the current context', () => {
    assert.deepEqual(chooseDockerContext({ option: 'remote', env: { DOCKER_HOST: 'tcp://a:2375', DOCKER_CONTEXT: 'x' }, currentContext: 'y' }), { name: 'remote', source: 'option' });
  });
  it('DOCKER_HOST means the default context, even with DOCKER_CONTEXT set', () => {
    assert.deepEqual(chooseDockerContext({ env: { DOCKER_HOST: 'tcp://a:2375', DOCKER_CONTEXT: 'x' }, currentContext: 'y' }), { name: 'default', source: 'DOCKER_HOST' });
  });
  it('then DOCKER_CONTEXT, then `docker context use`, then default', () => {
    assert.deepEqual(chooseDockerContext({ env: { DOCKER_CONTEXT: 'x' }, currentContext: 'y' }), { name: 'x', source: 'DOCKER_CONTEXT' });
    assert.deepEqual(chooseDockerContext({ env: {}, currentContext: 'y' }), { name: 'y', source: 'current-context' });
    assert.deepEqual(chooseDockerContext({ option: '  ', env: { DOCKER_CONTEXT: '' } }), { name: 'default', source: 'default' });
  });
});

describe('engineFromContextInspect', () => {
  it('takes the docker endpoint from the inspect JSON', () => {
    assert.deepEqual(engineFromContextInspect({ name: 'remote', source: 'option' }, { code: 0, stdout: INSPECT_REMOTE, stderr: '' }, '/cfg'),
      { context: 'remote', source: 'option', endpoint: 'ssh://deploy@build-1' });
  });
  it('a missing context is an error with the next step fitting where the name came from', () => {
    const missing = { code: 1, stdout: '[]', stderr: 'context "nope" does not exist' };
    const fromOption = engineFromContextInspect({ name: 'nope', source: 'option' }, missing, '/cfg');
    assert.ok('kind' in fromOption);
    assert.equal(fromOption.cause, 'docker-context-missing');
    assert.match(fromOption.message, /no docker context 'nope' \(as asked\) in \/cfg/);
    assert.match(fromOption.nextStep, /docker context ls.*docker context create nope --docker host=/);
    assert.equal(fromOption.detail, 'context "nope" does not exist');
    const fromEnv = engineFromContextInspect({ name: 'nope', source: 'DOCKER_CONTEXT' }, missing, '/cfg');
    assert.ok('kind' in fromEnv && /unset DOCKER_CONTEXT/.test(fromEnv.nextStep));
    const fromUse = engineFromContextInspect({ name: 'nope', source: 'current-context' }, { code: 0, stdout: 'garbage', stderr: '' }, '/cfg');
    assert.ok('kind' in fromUse && /docker context use default/.test(fromUse.nextStep));
  });
});

describe('dockerEngineEnv: one environment for every docker command', () => {
  it('a named context goes in DOCKER_CONTEXT and DOCKER_HOST is dropped (it would win)', () => {
    const env = dockerEngineEnv({ DOCKER_HOST: 'unix:///var/run/docker.sock', PATH: '/bin', BUILDX_BUILDER: 'old' }, engine());
    assert.equal(env.DOCKER_CONTEXT, 'remote');
    assert.equal(env.DOCKER_HOST, undefined);
    assert.equal(env.BUILDX_BUILDER, undefined, 'no builder resolved: none pinned');
    assert.equal(env.PATH, '/bin');
  });
  it('the default context keeps DOCKER_HOST (docker builds it from there) and the builder is pinned', () => {
    const builder = { name: 'fleet', driver: 'remote', platforms: [], source: 'option' as const };
    const env = dockerEngineEnv({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, { context: 'default', builder });
    assert.deepEqual({ ...env }, { DOCKER_HOST: 'tcp://127.0.0.1:2375', DOCKER_CONTEXT: 'default', BUILDX_BUILDER: 'fleet' });
  });
});

describe('buildx builders', () => {
  const text = `Name:          fleet
Driver:        docker-container
Last Activity: 2026-11-30 12:42:47 +0100 CET

Nodes:
Name:           fleet0
Endpoint:       remote
Status:         running
BuildKit:       v0.12.5
Platforms:      linux/arm64*, linux/amd64

Name:           fleet1
Endpoint:       ssh://ubuntu@1.2.3.4
Status:         running
Platforms:      linux/riscv64
`;
  it('parses name, driver and the first node (platforms without the manual-set marks)', () => {
    assert.deepEqual(parseBuildxInspect(text, 'option'),
      { name: 'fleet', driver: 'docker-container', nodeEndpoint: 'remote', status: 'running', platforms: ['linux/arm64', 'linux/amd64'], source: 'option' });
    assert.equal(parseBuildxInspect('ERROR: no builder "x" found', 'option'), undefined);
  });
  it('a docker(-container) builder must sit on the push\'s engine; remote drivers may be anywhere', () => {
    const builder = parseBuildxInspect(text, 'option')!;
    assert.equal(builderEngineMismatch(engine({ builder })), undefined, 'node on context remote');
    const elsewhere = builderEngineMismatch(engine({ context: 'default', endpoint: 'unix:///var/run/docker.sock', builder }));
    assert.equal(elsewhere?.cause, 'docker-builder-elsewhere');
    assert.match(elsewhere!.nextStep, /builder of context 'default'/);
    assert.equal(builderEngineMismatch(engine({ context: 'default', builder: { ...builder, driver: 'remote', nodeEndpoint: 'tcp://bk:1234' } })), undefined);
  });
  it('without buildx only the engine\'s own builder (named after the context) is accepted', () => {
    assert.equal(builderWithoutBuildx('remote', engine(), 'docker', '28.2.2'), undefined);
    const refused = builderWithoutBuildx('fleet', engine(), 'docker', '28.2.2');
    assert.equal(refused?.cause, 'docker-builder-missing');
    assert.match(refused!.message, /needs the docker buildx plugin.*only builder is the engine's own \('remote'\)/);
    assert.match(refused!.nextStep, /--builder remote/);
  });
  it('--network host on a non-docker driver asks for the entitlement', () => {
    const builder = { name: 'fleet', driver: 'docker-container', platforms: [], source: 'option' as const };
    assert.deepEqual(networkEntitlement({ network: 'host', docker: { engine: engine({ builder }) } }), ['--allow', 'network.host']);
    assert.deepEqual(networkEntitlement({ network: 'host', docker: { engine: engine({ builder: { ...builder, driver: 'docker' } }) } }), []);
    assert.deepEqual(networkEntitlement({ network: 'host', docker: { engine: engine() } }), []);
  });
  it('describes the engine in one line', () => {
    assert.equal(describeEngine(engine()), "docker context 'remote' (ssh://deploy@build-1, as asked), the engine's own builder");
    assert.equal(describeEngine(engine({ source: 'DOCKER_CONTEXT', builder: { name: 'fleet', driver: 'remote', nodeEndpoint: 'tcp://bk:1234', platforms: [], source: 'current' } })),
      "docker context 'remote' (ssh://deploy@build-1, from DOCKER_CONTEXT), buildx builder 'fleet' (remote driver at tcp://bk:1234)");
  });
});
