/** The rule registry: one import per rule module, in catalogue order. */
import type { Rule } from './types';
import { finalStageRunsAsRoot } from './final-stage-runs-as-root';
// Django/Python workspace-aware rules (H4)
import { serverExecutableMissing } from './server-executable-missing';
import { pythonStageMismatch } from './python-stage-mismatch';
import { djangoAppModuleMissing } from './django-app-module-missing';
import { djangoSettingsModuleMissing } from './django-settings-module-missing';

export const allRules: readonly Rule[] = [
  finalStageRunsAsRoot,
  // Django/Python workspace-aware rules (H4)
  serverExecutableMissing,
  pythonStageMismatch,
  djangoAppModuleMissing,
  djangoSettingsModuleMissing,
];
