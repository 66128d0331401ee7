import { debianSuiteFor, pythonImageInfo, splitImageReference, withPythonVersion } from '../data/python';
import { djangoSupportText, djangoVerdict } from '../project/python-choice';
import { projectPythonChoice } from '../project/python-intent';
import { baseImages } from './support/base-images';
import { retag } from './support/retag';
import type { Finding, Rule } from './types';

/** A FROM python image whose Python the project's Django (from its lock or requirements) does not run on. */
export const pythonDjangoIncompatible: Rule = {
  id: 'python-django-incompatible',
  defaultSeverity: 'error',
  title: "The base image's Python is not one the project's Django supports",
  doc: [
    'Each Django release supports a range of Python versions (Django FAQ): Django 3.2 runs on 3.6-3.10, 4.2 on',
    "3.8-3.12, 5.2 on 3.10-3.14. Older Django imports the `cgi` module Python 3.13 removed (`No module named 'cgi'`),",
    'and pip refuses a Django whose minimum Python is newer than the image. The Django version comes from the lock',
    'file, else the requirements.',
    '',
    'An error when the image cannot run that Django, a warning when Django does not support that Python (none when',
    'the project pins that Python itself and Django still runs there: `generate` keeps the pin and warns). Fix: use',
    'the Python the project and its Django agree on, keeping variant and suite, or upgrade Django.',
  ].join('\n'),
  check({ dockerfile, workspace, now }) {
    const project = workspace?.project;
    if (!project?.django) return [];
    const findings: Finding[] = [];
    const choice = projectPythonChoice(project, now);
    for (const image of baseImages(dockerfile)) {
      if (image.unresolved || !image.range) continue;
      const info = pythonImageInfo(image.resolved, now);
      if (!info?.version || info.floating) continue;
      const verdict = djangoVerdict(project.django, info.version);
      if (verdict !== 'broken' && verdict !== 'unsupported') continue;
      // The project pins it and Django still runs there: generate keeps it too, and says so when it writes it.
      if (verdict === 'unsupported' && choice?.version === info.version) continue;
      const target = choice && choice.version !== info.version && djangoVerdict(project.django, choice.version) !== 'broken' ? choice.version : null;
      const { tag } = splitImageReference(image.resolved);
      const safe = target && tag && (!info.suite || info.variant === 'alpine' || debianSuiteFor(target, info.suite) === info.suite);
      findings.push({
        ruleId: this.id,
        severity: verdict === 'broken' ? 'error' : 'warning',
        message: `Python ${info.version} in '${image.resolved}': ${djangoSupportText(project.django, info.version)}.${target ? ` Use Python ${target} (${choice!.reason.replace(/\.$/, '')}).` : ''}`,
        range: image.range,
        fixes: safe ? retag(image, tag, (text) => withPythonVersion(text, target), `Use Python ${target}`) : undefined,
      });
    }
    return findings;
  },
};
