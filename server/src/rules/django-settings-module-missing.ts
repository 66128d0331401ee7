import type { Range } from 'vscode-languageserver-types';
import { commandOf, hasVariable, propertiesOf } from '../dockerfile/commands';
import type { DockerfileModel } from '../dockerfile/model';
import { fileListIsComplete, isPlaceholderModule, moduleFile } from './support/python-modules';
import type { Finding, Fix, Rule } from './types';

export const djangoSettingsModuleMissing: Rule = {
  id: 'django-settings-module-missing',
  defaultSeverity: 'error',
  title: 'DJANGO_SETTINGS_MODULE names a module that is not in the project',
  doc: [
    '`DJANGO_SETTINGS_MODULE` set in the Dockerfile (ENV, ARG default, inline before a command, gunicorn `--env`) or',
    'a `manage.py … --settings` names a module the build context does not',
    'contain, so `manage.py` and the WSGI application fail with `ModuleNotFoundError` at start (or during',
    '`collectstatic` at build time).',
    '',
    'Fix: name one of the project\'s settings modules, e.g. `config.settings.production`; the quick fix offers the',
    'modules found in the workspace.',
  ].join('\n'),
  check({ dockerfile, workspace }) {
    if (!workspace || !fileListIsComplete(workspace)) return [];
    const findings: Finding[] = [];
    for (const reference of settingsReferences(dockerfile)) {
      const module = reference.module;
      if (moduleFile(workspace, module)) continue;
      const candidates = workspace.project?.settingsModules.length ? workspace.project.settingsModules : [];
      const preferred = workspace.project?.settingsModule ?? candidates[0];
      const placeholder = isPlaceholderModule(module) ? ' (a placeholder)' : '';
      const fixes: Fix[] = candidates.map((candidate) => ({
        title: `Use ${candidate}`,
        preferred: candidate === preferred,
        edits: [{ range: reference.range, newText: reference.replace(candidate) }],
      }));
      fixes.sort((a, b) => Number(Boolean(b.preferred)) - Number(Boolean(a.preferred)));
      findings.push({
        ruleId: this.id,
        message:
          `Settings module ${module}${placeholder} is not in the build context (no ${module.split('.').join('/')}.py)` +
          (preferred ? `; the project's settings are ${preferred}` : ''),
        range: reference.range,
        fixes,
      });
    }
    return findings;
  },
};

interface SettingsReference {
  module: string;
  range: Range;
  /** The text that replaces `range` to name another module. */
  replace(module: string): string;
}

const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Every place the Dockerfile names a settings module: ENV/ARG `DJANGO_SETTINGS_MODULE`, an inline
 * `DJANGO_SETTINGS_MODULE=…` before a RUN/CMD command (or via gunicorn `--env`), and `manage.py … --settings`.
 */
function settingsReferences(model: DockerfileModel): SettingsReference[] {
  const references: SettingsReference[] = [];
  for (const instruction of model.ast.getInstructions()) {
    for (const entry of propertiesOf(instruction)) {
      if (entry.name !== 'DJANGO_SETTINGS_MODULE' || !entry.valueRange || hasVariable(entry.raw) || !MODULE.test(entry.raw.trim())) continue;
      references.push({ module: entry.raw.trim(), range: entry.valueRange, replace: (module) => module });
    }
    const keyword = instruction.getKeyword();
    if (keyword !== 'RUN' && keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
    const command = commandOf(model, instruction);
    if (!command) continue;
    const render = (text: string) => (command.form === 'exec' ? JSON.stringify(text) : text);
    command.words.forEach((word, index) => {
      const inline = /^(DJANGO_SETTINGS_MODULE=|--settings=)(.+)$/.exec(word.value);
      if (inline && MODULE.test(inline[2])) {
        references.push({ module: inline[2], range: word.range, replace: (module) => render(`${inline[1]}${module}`) });
      } else if (word.value === '--settings' && command.words[index + 1] && MODULE.test(command.words[index + 1].value)) {
        references.push({ module: command.words[index + 1].value, range: command.words[index + 1].range, replace: render });
      }
    });
  }
  return references;
}
