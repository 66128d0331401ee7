/** The rule registry: one import per rule module, in catalogue order. */
import type { Rule } from './types';
import { finalStageRunsAsRoot } from './final-stage-runs-as-root';

export const allRules: readonly Rule[] = [finalStageRunsAsRoot];
