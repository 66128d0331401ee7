import { hasVariable, propertiesOf } from '../dockerfile/commands';
import { fileListIsComplete, isPlaceholderModule, moduleFile } from './support/python-modules';
import type { Finding, Fix, Rule } from './types';

export const djangoSettingsModuleMissing: Rule = {
  id: 'django-settings-module-missing',
  defaultSeverity: 'error',
  title: 'DJANGO_SETTINGS_MODULE names a module that is not in the project',
  doc: [
    '`DJANGO_SETTINGS_MODULE` set in the Dockerfile (ENV or ARG default) names a module the build context does not',
    'contain, so `manage.py` and the WSGI application fail with `ModuleNotFoundError` at start (or during',
    '`collectstatic` at build time).',
    '',
    'Fix: name one of the project\'s settings modules, e.g. `config.settings.production`; the quick fix offers the',
    'modules found in the workspace.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    if (!workspace || !fileListIsComplete(workspace)) return [];
    const findings: Finding[] = [];
    for (const instruction of dockerfile.ast.getInstructions()) {
      for (const entry of propertiesOf(instruction)) {
        if (entry.name !== 'DJANGO_SETTINGS_MODULE' || !entry.raw || hasVariable(entry.raw) || !entry.valueRange) continue;
        const module = entry.raw.trim();
        if (moduleFile(workspace, module)) continue;
        const candidates = workspace.project?.settingsModules.length ? workspace.project.settingsModules : [];
        const preferred = workspace.project?.settingsModule ?? candidates[0];
        const placeholder = isPlaceholderModule(module) ? ' (a placeholder)' : '';
        const fixes: Fix[] = candidates.map((candidate) => ({
          title: `Use ${candidate}`,
          preferred: candidate === preferred,
          edits: [{ range: entry.valueRange!, newText: candidate }],
        }));
        fixes.sort((a, b) => Number(Boolean(b.preferred)) - Number(Boolean(a.preferred)));
        findings.push({
          ruleId: this.id,
          message:
            `DJANGO_SETTINGS_MODULE=${module}${placeholder} is not in the build context (no ${module.split('.').join('/')}.py)` +
            (preferred ? `; the project's settings are ${preferred}` : ''),
          range: entry.valueRange,
          fixes,
        });
      }
    }
    return findings;
  },
};
