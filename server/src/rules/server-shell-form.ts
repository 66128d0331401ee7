import { findServers } from '../dockerfile/app-server';
import { isPlainShellWord, processOf, segmentsOf, toExecForm, type CommandLine } from '../dockerfile/commands';
import type { Finding, Fix, Rule } from './types';

export const serverShellForm: Rule = {
  id: 'server-shell-form',
  defaultSeverity: 'warning',
  title: 'The server is started by a shell-form CMD/ENTRYPOINT: it never receives SIGTERM',
  hadolint: 'DL3025',
  buildkit: 'JSONArgsRecommended',
  doc: [
    'A shell-form `CMD gunicorn …` runs as `/bin/sh -c "gunicorn …"`: the shell is PID 1 and does not forward',
    '`SIGTERM` from `docker stop` or ECS. gunicorn never shuts down gracefully; after the stop timeout (10 s in',
    'Docker, 30 s in ECS) it is killed mid-request.',
    '',
    'Fix: exec form, `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]`; when the command',
    'needs the shell (variables such as `$PORT`, `&&`), start the server with `exec`: `CMD exec gunicorn …`.',
  ].join('\n'),
  check({ dockerfile }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const { entrypoint, cmd } = processOf(dockerfile, stage);
    const findings: Finding[] = [];
    for (const line of [entrypoint, cmd]) {
      if (!line || line.form !== 'shell') continue;
      const segments = segmentsOf(line.words);
      const servers = findServers(line.words).filter((server) => !server.nested);
      const server = servers[servers.length - 1];
      if (!server) continue;
      // `exec gunicorn …` replaces the shell: signals reach the server.
      const last = segments[segments.length - 1];
      if (last.includes(server.program) && last.slice(0, last.indexOf(server.program)).some((w) => w.value === 'exec')) continue;
      findings.push({
        ruleId: this.id,
        message: `${line.instruction.getKeyword()} starts ${server.kind} through /bin/sh -c: the shell is PID 1 and ${server.kind} never gets SIGTERM`,
        range: line.range,
        fixes: fixesFor(line, server.program, last.includes(server.program)),
      });
    }
    return findings;
  },
};

function fixesFor(line: CommandLine, program: CommandLine['words'][number], inLastSegment: boolean): Fix[] {
  const simple = line.words.every(isPlainShellWord);
  if (simple) {
    return [{ title: 'Use exec form', preferred: true, edits: [{ range: line.range, newText: toExecForm(line.words.map((w) => w.value)) }] }];
  }
  if (!inLastSegment) return [];
  // Variables, quotes or `&&` need the shell: let it exec the server (it is the last command).
  const firstOfSegment = line.words[line.words.indexOf(program)];
  const at = line.words.every((w) => !w.operator) ? line.words[0].range.start : firstOfSegment.range.start;
  return [{ title: 'Start the server with exec', preferred: true, edits: [{ range: { start: at, end: at }, newText: 'exec ' }] }];
}
