import { baseName } from '../dockerfile/app-server';
import { chainInstructions, commandOf, copiesOf, segmentsOf, stageChain, toExecForm, type CommandLine } from '../dockerfile/commands';
import { systemPackagesInstalled } from '../dockerfile/image-contents';
import type { DockerfileModel, Stage } from '../dockerfile/model';
import { pythonImageInfo, splitImageReference } from '../data/python';
import type { Finding, Fix, Rule } from './types';

type Tool = 'curl' | 'wget';

export const healthcheckToolMissing: Rule = {
  id: 'healthcheck-tool-missing',
  defaultSeverity: 'error',
  title: 'HEALTHCHECK calls curl or wget, which the final image does not have',
  doc: [
    '`python:*-slim` images ship neither curl nor wget (Alpine has busybox `wget`, not curl; distroless has no',
    'shell tools at all). A `HEALTHCHECK CMD curl -f http://localhost:8000/` then fails every time and the',
    'container is marked unhealthy, and restarted by orchestrators that act on it.',
    '',
    'Fix: check with the Python that is already there:',
    '`HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen(\'http://127.0.0.1:8000/\', timeout=5)"]`,',
    'or install curl in the final stage.',
  ].join('\n'),
  check({ dockerfile }) {
    const stage = dockerfile.finalStage;
    if (!stage) return [];
    const healthcheck = chainInstructions(dockerfile, stage).filter((i) => i.getKeyword() === 'HEALTHCHECK').pop();
    const command = healthcheck ? commandOf(dockerfile, healthcheck) : null;
    if (!healthcheck || !command) return [];
    const tool = toolOf(command);
    if (!tool) return [];
    const available = toolsOfBase(dockerfile, stage);
    if (available === null || available.has(tool) || installs(dockerfile, stage, tool)) return [];
    const root = stageChain(dockerfile, stage)[0].baseImage;
    const finding: Finding = {
      ruleId: this.id,
      message: `HEALTHCHECK runs ${tool}, but ${root} does not include it and the final stage never installs it: the check always fails`,
      range: healthcheck.getRange(),
      fixes: pythonFix(dockerfile, stage, command),
    };
    return [finding];
  },
};

function toolOf(command: CommandLine): Tool | null {
  for (const segment of segmentsOf(command.words)) {
    const first = baseName(segment[0].value);
    if (first === 'curl' || first === 'wget') return first;
    if (/^(ba|da)?sh$/.test(first)) {
      const script = segment.find((w, i) => i > 0 && !w.value.startsWith('-'))?.value ?? '';
      const match = /(?:^|[\s;&|(])(curl|wget)\s/.exec(script);
      if (match) return match[1] as Tool;
    }
  }
  return null;
}

/** Tools the final stage's base image is known to include; null when we do not know the base. */
function toolsOfBase(model: DockerfileModel, stage: Stage): Set<Tool> | null {
  const root = stageChain(model, stage)[0].baseImage;
  const info = pythonImageInfo(root);
  if (info) {
    if (info.variant === 'slim') return new Set();
    if (info.variant === 'alpine') return new Set(['wget']);
    if (info.variant === 'full') return new Set(['curl', 'wget']);
    return null;
  }
  const repository = splitImageReference(root).repository.toLowerCase();
  const tag = splitImageReference(root).tag ?? '';
  // Distroless and Chainguard runtime images have no shell tools; Chainguard's `-dev` variants do.
  if (/^gcr\.io\/distroless\//.test(repository) || (/^cgr\.dev\/chainguard\//.test(repository) && !/-dev$/.test(tag))) return new Set();
  return null;
}

function installs(model: DockerfileModel, stage: Stage, tool: Tool): boolean {
  if (systemPackagesInstalled(model, stage).has(tool)) return true;
  return stageChain(model, stage).some((s) => copiesOf(model, s).some((copy) => copy.sources.some((source) => baseName(source) === tool)));
}

function pythonFix(model: DockerfileModel, stage: Stage, command: CommandLine): Fix[] {
  if (!pythonImageInfo(stageChain(model, stage)[0].baseImage)) return [];
  const url = command.words.map((w) => /https?:\/\/[^\s'"]+/.exec(w.value)?.[0]).find(Boolean) ?? 'http://127.0.0.1:8000/';
  const script = `import urllib.request; urllib.request.urlopen('${url.replace(/'/g, '%27')}', timeout=5)`;
  return [{ title: 'Check with Python (urllib) instead', preferred: true, edits: [{ range: command.range, newText: toExecForm(['python', '-c', script]) }] }];
}

