import { serversOf, type ProcessServer } from '../dockerfile/app-server';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { exposedPorts } from './support/exposed';
import { isLoopback, listeningOf, type ListenAddress } from './support/listen';
import type { FileEdit, Finding, Fix, Rule } from './types';

export const serverBindUnreachable: Rule = {
  id: 'server-bind-unreachable',
  defaultSeverity: 'error',
  title: 'The app server listens on localhost only: unreachable from outside the container',
  doc: [
    'gunicorn binds `127.0.0.1:8000` unless told otherwise (`--bind`, `PORT`, `GUNICORN_CMD_ARGS` or a config file);',
    'uvicorn, daphne, hypercorn and granian default to `127.0.0.1` too. Inside a container that address is the',
    "container's own loopback: port publishing, a load balancer or ECS health checks never reach it.",
    '',
    'Fix: listen on all interfaces: `--bind 0.0.0.0:8000` (gunicorn, hypercorn), `--host 0.0.0.0` (uvicorn, granian),',
    '`-b 0.0.0.0` (daphne).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const findings: Finding[] = [];
    for (const server of serversOf(dockerfile, stage)) {
      if (server.kind === 'runserver') continue; // runserver-in-production speaks for it
      const listening = listeningOf(dockerfile, stage, server, workspace);
      if (listening.kind === 'default' && isLoopback(listening.address.host)) {
        findings.push({
          ruleId: this.id,
          message: `${server.kind} has no ${listening.option}: it listens on ${listening.address.host}:${listening.address.port}, unreachable from outside the container`,
          range: server.program.range,
          fixes: insertFix(dockerfile, stage, server, listening.address),
        });
      } else if (listening.kind === 'explicit' && listening.addresses.length > 0 && listening.addresses.every((a) => isLoopback(a.host))) {
        for (const address of listening.addresses) {
          findings.push({
            ruleId: this.id,
            message: `${server.kind} listens on ${address.host}${address.port ? `:${address.port}` : ''} only: unreachable from outside the container`,
            range: address.source?.word.range ?? server.program.range,
            fixes: replaceFix(server, address),
          });
        }
      }
    }
    return findings;
  },
};

function insertFix(model: DockerfileModel, stage: Stage, server: ProcessServer, address: ListenAddress): Fix[] {
  const first = server.args[0];
  if (server.nested || !first) return [];
  const ports = exposedPorts(model, stage).filter((p) => /^\d+$/.test(p.port));
  const port = ports.length === 1 ? ports[0].port : address.port ?? '8000';
  const words = server.kind === 'uvicorn' || server.kind === 'granian' ? ['--host', '0.0.0.0'] : server.kind === 'daphne' ? ['-b', '0.0.0.0'] : ['--bind', `0.0.0.0:${port}`];
  if ((server.kind === 'uvicorn' || server.kind === 'granian') && port !== address.port && port !== '8000') words.push('--port', port);
  const newText = server.line.form === 'exec' ? `${words.map((w) => JSON.stringify(w)).join(', ')}, ` : `${words.join(' ')} `;
  const edit: FileEdit = { range: { start: first.range.start, end: first.range.start }, newText };
  return [{ title: `Listen on 0.0.0.0 (${words.join(' ')})`, preferred: true, edits: [edit] }];
}

function replaceFix(server: ProcessServer, address: ListenAddress): Fix[] {
  const source = address.source;
  if (!source || server.nested || address.host === null) return [];
  const word = source.word;
  const value = word.value;
  const at = value.lastIndexOf(address.host);
  if (at < 0) return [];
  const replaced = `${value.slice(0, at)}0.0.0.0${value.slice(at + address.host.length)}`;
  const newText = server.line.form === 'exec' ? JSON.stringify(replaced) : replaced;
  return [{ title: `Listen on 0.0.0.0 instead of ${address.host}`, preferred: true, edits: [{ range: word.range, newText }] }];
}
