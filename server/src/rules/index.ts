/** The rule registry: one import per rule module, in catalogue order. */
import type { Rule } from './types';
import { finalStageRunsAsRoot } from './final-stage-runs-as-root';
// Generic Dockerfile, hygiene and ECR rules (H5)
import { fromAsCasing } from './from-as-casing';
import { envLegacyFormat } from './env-legacy-format';
import { baseImageUntagged } from './base-image-untagged';
import { baseImageLatest } from './base-image-latest';
import { pythonBaseEol } from './python-base-eol';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { ecrImageReferenceInvalid } from './ecr-image-reference-invalid';
import { ecrImageReferencePlaceholder } from './ecr-image-reference-placeholder';
import { aptGetUpdateAlone } from './apt-get-update-alone';
import { aptListsNotRemoved } from './apt-lists-not-removed';
import { pipCacheInLayer } from './pip-cache-in-layer';
import { userNotCreated } from './user-not-created';
import { dockerignoreMissing } from './dockerignore-missing';
// Django/Python workspace-aware rules (H4)
import { serverExecutableMissing } from './server-executable-missing';
import { pythonStageMismatch } from './python-stage-mismatch';
import { pythonDjangoIncompatible } from './python-django-incompatible';
import { djangoAppModuleMissing } from './django-app-module-missing';
import { djangoSettingsModuleMissing } from './django-settings-module-missing';
import { serverBindUnreachable } from './server-bind-unreachable';
import { exposePortMismatch } from './expose-port-mismatch';
import { runserverInProduction } from './runserver-in-production';
import { djangoDebugBakedIn } from './django-debug-baked-in';
import { djangoSecretBakedIn } from './django-secret-baked-in';
import { djangoAllowedHostsWildcard } from './django-allowed-hosts-wildcard';
import { collectstaticWithoutStaticRoot } from './collectstatic-without-static-root';
import { collectstaticMissing } from './collectstatic-missing';
import { collectstaticEnvMissing } from './collectstatic-env-missing';
import { runtimeLibraryMissing } from './runtime-library-missing';
import { compilerWithoutLibcHeaders } from './compiler-without-libc-headers';
import { healthcheckToolMissing } from './healthcheck-tool-missing';
import { serverShellForm } from './server-shell-form';
import { localInstallWithoutSources } from './local-install-without-sources';

export const allRules: readonly Rule[] = [
  finalStageRunsAsRoot,
  // Generic Dockerfile, hygiene and ECR rules (H5)
  fromAsCasing,
  envLegacyFormat,
  baseImageUntagged,
  baseImageLatest,
  pythonBaseEol,
  copyFromUnknownStage,
  ecrImageReferenceInvalid,
  ecrImageReferencePlaceholder,
  aptGetUpdateAlone,
  aptListsNotRemoved,
  pipCacheInLayer,
  userNotCreated,
  dockerignoreMissing,
  // Django/Python workspace-aware rules (H4)
  serverExecutableMissing,
  pythonStageMismatch,
  pythonDjangoIncompatible,
  djangoAppModuleMissing,
  djangoSettingsModuleMissing,
  serverBindUnreachable,
  exposePortMismatch,
  runserverInProduction,
  djangoDebugBakedIn,
  djangoSecretBakedIn,
  djangoAllowedHostsWildcard,
  collectstaticWithoutStaticRoot,
  collectstaticMissing,
  collectstaticEnvMissing,
  runtimeLibraryMissing,
  compilerWithoutLibcHeaders,
  healthcheckToolMissing,
  serverShellForm,
  localInstallWithoutSources,
];
