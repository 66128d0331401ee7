/**
 * The push engine, shared by the VS Code client and the CLI:
 *   const planned = await planPush(options);            // local checks only
 *   if (!planned.ok) show(planned.error);
 *   const result = await runPush(planned.plan, { onEvent, signal });
 */
export { planPush, DEFAULT_PLATFORM, gitShortSha } from './plan';
export { runPush, push } from './run';
export { TokenCache, sharedTokenCache } from './token-cache';
export { findOrCreateRepository, createRepository, tagIsImmutable } from './repository';
export { imageTagProblem, repositoryNameProblem, platformProblem } from './validate';
export { probeDocker, platformWarning } from './docker-probe';
export type * from './types';
export type { EcrError, EcrErrorKind } from '../ecr/errors';
