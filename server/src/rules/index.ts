/** The rule registry: one import per rule module, in catalogue order. */
import type { Rule } from './types';
import { finalStageRunsAsRoot } from './final-stage-runs-as-root';
// Django/Python workspace-aware rules (H4)
import { serverExecutableMissing } from './server-executable-missing';

export const allRules: readonly Rule[] = [
  finalStageRunsAsRoot,
  // Django/Python workspace-aware rules (H4)
  serverExecutableMissing,
];
