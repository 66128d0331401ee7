/**
 * The ECR catalog for the current settings: one per (profile, region, endpoint), made only in a
 * trusted workspace where AWS is configured. Otherwise null, and nothing ever calls AWS.
 */
import { connectEcr } from '../ecr/client';
import { EcrCatalog, ecrListingFromClient } from '../ecr/catalog';
import { listAwsProfiles } from '../ecr/profiles';
import type { ServerSettings } from './settings';

export class EcrCatalogs {
  private current: { key: string; catalog: EcrCatalog | null } | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void,
    private readonly onUpdate: () => void,
  ) {}

  forSettings(settings: ServerSettings): EcrCatalog | null {
    const key = JSON.stringify([settings.trusted, settings.aws, settings.ecrCacheTtlMs]);
    if (this.current?.key !== key) this.current = { key, catalog: this.create(settings) };
    return this.current.catalog;
  }

  private create(settings: ServerSettings): EcrCatalog | null {
    if (!settings.trusted || !hasCredentialSource(settings.aws.profile, this.env)) return null;
    const connected = connectEcr({ ...settings.aws, env: this.env, maxAttempts: 2 });
    if ('kind' in connected) {
      this.log(`ECR completions off: ${connected.message}`);
      return null;
    }
    return new EcrCatalog(ecrListingFromClient(connected.client), { region: connected.connection.region, ttlMs: settings.ecrCacheTtlMs, log: this.log, onUpdate: this.onUpdate });
  }
}

/** Some credential source exists (a profile, environment keys, a shared file, web identity, ECS). */
export function hasCredentialSource(profile: string | undefined, env: NodeJS.ProcessEnv): boolean {
  if (profile || env.AWS_PROFILE) return true;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  return listAwsProfiles(env).length > 0;
}
