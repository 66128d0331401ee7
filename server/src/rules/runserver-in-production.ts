import { serversOf } from '../dockerfile/app-server';
import { toExecForm } from '../dockerfile/commands';
import { finalStageIsDevelopment } from './support/final-env';
import { applicationSpec } from './support/python-modules';
import type { Finding, Fix, Rule } from './types';

export const runserverInProduction: Rule = {
  id: 'runserver-in-production',
  defaultSeverity: 'warning',
  title: '`manage.py runserver` is the production command',
  doc: [
    'Django\'s development server "has not gone through security audits or performance tests" (Django docs), runs a',
    'single process, reloads on file changes and serves static files only with DEBUG on; the deployment checklist',
    'says to switch away from it.',
    '',
    'Fix: run a WSGI/ASGI server: `CMD ["gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application"]`.',
    'Stages named `dev`, `development`, `local`, `test`… are left alone.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    if (!stage || finalStageIsDevelopment(dockerfile)) return [];
    const findings: Finding[] = [];
    for (const server of serversOf(dockerfile, stage)) {
      if (server.kind !== 'runserver') continue;
      const fixes: Fix[] = [];
      const app = workspace ? applicationSpec(workspace, workspace.project?.wsgiApplication ?? null) : null;
      const line = server.line;
      // Only when the CMD is the runserver command itself (not a script, not a chain of commands).
      if (app && !server.nested && line.instruction.getKeyword() === 'CMD' && line.words[0] === server.program) {
        const port = /:(\d+)$/.exec(server.args.find((a) => !a.value.startsWith('-'))?.value ?? '')?.[1] ?? '8000';
        const argsRange = line.range;
        fixes.push({
          title: `Run gunicorn with ${app}`,
          edits: [{ range: argsRange, newText: toExecForm(['gunicorn', '--bind', `0.0.0.0:${port}`, app]) }],
        });
      }
      findings.push({
        ruleId: this.id,
        message: "The image's command is `manage.py runserver`, Django's development server: use gunicorn (or uvicorn) in production",
        range: server.nested ? server.program.range : { start: server.program.range.start, end: (server.args[0] ?? server.program).range.end },
        fixes,
      });
    }
    return findings;
  },
};
