/** `django-container detect [DIR] [--json]`: what detection finds, as a table or as the JSON contract. */
import { folderProblem } from './folder-argument';
import { parseArgs } from 'node:util';
import { detectProjects, NO_PROJECT_WARNING } from '../project/detect';
import type { DetectResult, DjangoProject } from '../project/types';

const USAGE = `Usage: django-container detect [DIR] [--json]

Finds every Django project (manage.py) under DIR (default: the current folder) and prints what an
image needs: settings, WSGI/ASGI entry point, Python version, dependency manager, app server,
static files, databases, system packages.

Options:
  --json      Print the project model as JSON
  -h, --help  Show this help
`;

/** Keys of the published JSON contract, in contract order; other keys follow. */
const CONTRACT_KEYS: Array<keyof DjangoProject> = [
  'root', 'managePy', 'settingsModule', 'wsgiApplication', 'asgiApplication', 'pythonVersion', 'dependencyManager',
  'dependencyFiles', 'appServer', 'staticRoot', 'whitenoise', 'databaseEngines', 'celery', 'systemPackages',
];

export async function runDetect(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`django-container detect: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(`django-container detect: expected one folder, got ${parsed.positionals.length}\n\n${USAGE}`);
    return 2;
  }
  const dir = parsed.positionals[0] ?? '.';
  const problem = folderProblem(dir);
  if (problem) {
    process.stderr.write(`django-container detect: ${problem}\n`);
    return 2;
  }

  const result = await detectProjects(dir);
  if (result.projects.length === 0) process.stderr.write(`django-container detect: no Django project (manage.py) found in ${dir}\n`);
  for (const warning of allWarnings(result)) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(parsed.values.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatTable(result));
  return 0;
}

function allWarnings(result: DetectResult): string[] {
  return [
    ...result.warnings.filter((w) => w !== NO_PROJECT_WARNING),
    ...result.projects.flatMap((p) => p.warnings.map((w) => (result.projects.length > 1 ? `${p.root}: ${w}` : w))),
  ];
}

/** The contract's key order first, then the extra keys. */
export function toJson(result: DetectResult): { projects: Record<string, unknown>[]; warnings: string[] } {
  return {
    projects: result.projects.map((project) => {
      const ordered: Record<string, unknown> = {};
      for (const key of CONTRACT_KEYS) ordered[key] = project[key];
      for (const [key, value] of Object.entries(project)) if (!(key in ordered)) ordered[key] = value;
      return ordered;
    }),
    warnings: result.warnings,
  };
}

function formatTable(result: DetectResult): string {
  if (result.projects.length === 0) return '';
  return result.projects.map(formatProject).join('\n');
}

function formatProject(p: DjangoProject): string {
  const none = '(none)';
  const list = (items: string[]): string => (items.length ? items.join(', ') : none);
  const rows: Array<[string, string]> = [
    ['Project root', p.root],
    ['manage.py', p.managePy],
    ['Settings', p.settingsModule ?? none],
    ...(p.settingsModules.length > 1 ? [['Other settings', list(p.settingsModules.slice(1))] as [string, string]] : []),
    ['WSGI application', p.wsgiApplication ?? none],
    ['ASGI application', `${p.asgiApplication ?? none}${p.asgiRequired ? ' (ASGI required)' : ''}`],
    ['Python', p.pythonChoice ? `${p.pythonChoice.version} (${p.pythonChoice.reason})` : p.pythonVersion ?? 'not stated'],
    ...(p.pythonChoice?.conflicts ?? []).map((conflict) => ['Python conflict', conflict] as [string, string]),
    ['Dependencies', p.dependencyManager ? `${p.dependencyManager}: ${list(p.dependencyFiles)}` : 'no manifest found'],
    ...(p.localInstalls?.length ? [['Local installs', list(p.localInstalls)] as [string, string]] : []),
    ...(p.uvWorkspace
      ? [['uv workspace', `member ${p.uvWorkspace.member} (package ${p.uvWorkspace.package}); members ${list(p.uvWorkspace.members)}`] as [string, string]]
      : []),
    ['App server', p.appServer ?? 'none declared'],
    ['STATIC_ROOT', p.staticRoot ? 'set' : 'not set'],
    ['WhiteNoise', p.whitenoise ? 'yes' : 'no'],
    ['Databases', list(p.databaseEngines)],
    ['Celery', p.celery ? 'yes' : 'no'],
    ['Build packages', list(p.systemPackages.build)],
    ['Runtime packages', list(p.systemPackages.runtime)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}
