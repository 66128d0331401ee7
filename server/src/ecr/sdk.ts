/**
 * The AWS SDK parts the language server uses, bundled on their own as dist/aws-sdk.js (scripts/build.mjs).
 * The server bundle resolves `@aws-sdk/client-ecr` and `@aws-sdk/credential-providers` to that file, so the
 * SDK (half the server's source, ~7 MiB of its heap once loaded) is read only when an ECR feature first runs.
 */
export * from '@aws-sdk/client-ecr';
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
