import type { Instruction } from 'dockerfile-ast';
import { serversOf } from '../dockerfile/app-server';
import { copiesOf } from '../dockerfile/commands';
import { pythonInstalls } from '../dockerfile/image-contents';
import type { DockerfileModel } from '../dockerfile/model';
import type { WorkspaceModel } from '../project/workspace';
import { appendStaticRootFix, collectstaticUses, scriptRunsCollectstatic, settingsFiles } from './support/collectstatic';
import type { Fix, Rule } from './types';

const MANIFEST_STORAGE = /ManifestStaticFilesStorage/;

export const collectstaticMissing: Rule = {
  id: 'collectstatic-missing',
  defaultSeverity: 'warning',
  title: 'WhiteNoise / manifest static storage is used but nothing runs collectstatic',
  doc: [
    'With WhiteNoise or a `Manifest*StaticFilesStorage`, static files are served from `STATIC_ROOT` as collected',
    'by `manage.py collectstatic`. If neither the Dockerfile nor the start script runs it, pages fail with',
    '`ValueError: Missing staticfiles manifest entry` (manifest storage) or serve no CSS/JS (WhiteNoise).',
    '',
    'Fix: collect at build time after the code is copied, e.g. `RUN python manage.py collectstatic --noinput`',
    '(give settings that need secrets dummy build-only values inline), or run it in the entrypoint script.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    const stage = dockerfile.finalStage;
    const project = workspace?.project;
    if (!stage || !workspace || !project) return [];
    const settings = settingsFiles(workspace).map((file) => workspace.readFile(file) ?? '');
    if (settings.some((text) => /WHITENOISE_USE_FINDERS\s*=\s*True/.test(text))) return [];
    const manifest = settings.some((text) => MANIFEST_STORAGE.test(text));
    if (!project.whitenoise && !manifest) return [];
    if (collectstaticUses(dockerfile).length > 0 || scriptRunsCollectstatic(workspace)) return [];
    const server = serversOf(dockerfile, stage).find((s) => s.kind !== 'celery' && s.kind !== 'runserver');
    if (!server) return [];
    const what = manifest ? 'manifest static files storage' : 'WhiteNoise';
    if (!project.staticRoot) {
      // collectstatic cannot run before STATIC_ROOT exists: the settings are the thing to fix, not the Dockerfile.
      const fix = appendStaticRootFix(workspace);
      return [
        {
          ruleId: this.id,
          message: `The project uses ${what} but its settings define no STATIC_ROOT, so static files cannot be collected: set STATIC_ROOT, then run collectstatic`,
          range: server.line.instruction.getRange(),
          severity: 'info',
          fixes: fix ? [fix] : [],
        },
      ];
    }
    return [
      {
        ruleId: this.id,
        message: `The project uses ${what} but nothing runs collectstatic: static files will be missing (or pages fail with "Missing staticfiles manifest entry")`,
        range: server.line.instruction.getRange(),
        fixes: insertCollectstaticFix(dockerfile, workspace),
      },
    ];
  },
};

/** Inserts a collectstatic RUN once code and dependencies are in the final stage, with dummy values for required env. */
function insertCollectstaticFix(model: DockerfileModel, workspace: WorkspaceModel): Fix[] {
  const stage = model.finalStage!;
  const lastContextCopy: Instruction | undefined = copiesOf(model, stage).filter((copy) => copy.from === null).pop()?.instruction;
  if (!lastContextCopy) return [];
  // After the code and the dependencies are in place: the later of the last code COPY, COPY --from and install RUN.
  const after = [lastContextCopy, ...copiesOf(model, stage).map((copy) => copy.instruction), ...pythonInstalls(model, stage, { chain: false }).map((i) => i.instruction)]
    .reduce((latest, instruction) => (instruction.getRange().end.line > latest.getRange().end.line ? instruction : latest));
  const settingsModule = workspace.project?.settingsModule;
  const required = new Set<string>();
  for (const file of settingsFiles(workspace)) {
    for (const match of (workspace.readFile(file) ?? '').matchAll(/os\.environ\[\s*["'](\w+)["']\s*\]/g)) required.add(match[1]);
  }
  const inline = [
    ...(settingsModule ? [`DJANGO_SETTINGS_MODULE=${settingsModule}`] : []),
    ...[...required].filter((name) => name !== 'DJANGO_SETTINGS_MODULE').map((name) => `${name}=collectstatic-build-only`),
  ];
  const line = after.getRange().end.line + 1;
  const text = `RUN ${[...inline, 'python manage.py collectstatic --noinput'].join(' ')}\n`;
  return [{ title: 'Run collectstatic after the code is copied', preferred: true, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }] }];
}
