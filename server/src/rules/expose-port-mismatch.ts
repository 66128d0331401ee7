import { serversOf } from '../dockerfile/app-server';
import { exposedPorts } from './support/exposed';
import { listeningOf } from './support/listen';
import type { Finding, Rule } from './types';

export const exposePortMismatch: Rule = {
  id: 'expose-port-mismatch',
  defaultSeverity: 'warning',
  title: 'EXPOSE disagrees with the port the app server listens on',
  doc: [
    '`EXPOSE` documents the port the image serves and tools use it (`docker run -P`, ECS/compose generators,',
    'this extension\'s run command). When the server binds another port, the published port leads nowhere.',
    '',
    'Fix: expose the port the server binds (or bind the exposed one).',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const exposed = exposedPorts(dockerfile, stage).filter((p) => p.protocol === 'tcp');
    if (exposed.length === 0 || exposed.some((p) => !/^\d+(-\d+)?$/.test(p.port))) return [];
    const findings: Finding[] = [];
    for (const server of serversOf(dockerfile, stage)) {
      const listening = listeningOf(dockerfile, stage, server, workspace);
      if (listening.kind === 'unknown') continue;
      const ports = (listening.kind === 'default' ? [listening.address] : listening.addresses)
        .map((address) => address.port)
        .filter((port): port is string => port !== null);
      if (ports.length === 0 || ports.some((port) => !/^\d+$/.test(port))) continue;
      const covered = (port: string) =>
        exposed.some((p) => {
          const [low, high = low] = p.port.split('-').map(Number);
          return Number(port) >= low && Number(port) <= high;
        });
      if (ports.some(covered)) continue;
      const only = exposed.length === 1 ? exposed[0] : undefined;
      findings.push({
        ruleId: this.id,
        message: `EXPOSE ${exposed.map((p) => p.port).join(' ')} but ${server.kind} listens on port ${ports.join(', ')}`,
        range: exposed[0].range,
        fixes: only
          ? [{ title: `Expose ${ports[0]}`, preferred: true, edits: [{ range: only.range, newText: only.protocol === 'tcp' && !only.instruction.getArgumentsContent()?.includes('/') ? ports[0] : `${ports[0]}/tcp` }] }]
          : [],
      });
    }
    return findings;
  },
};
