/**
 * ECR registry tokens (GetAuthorizationToken), cached until half their lifetime has passed (as the ECR
 * credential helper does), and the docker configs we already logged in with them.
 */
import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';

export interface RegistryToken {
  /** Host without scheme, from proxyEndpoint: what `docker login` takes. */
  host: string;
  username: string;
  password: string;
  expiresAt: Date;
  issuedAt: Date;
}

export class TokenCache {
  private readonly tokens = new Map<string, RegistryToken>();
  private readonly logins = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A token still in the first half of its life, else a fresh one from the API. */
  async get(key: string, client: ECRClient, signal?: AbortSignal): Promise<{ token: RegistryToken; fresh: boolean }> {
    const cached = this.tokens.get(key);
    if (cached && this.isFresh(cached)) return { token: cached, fresh: false };
    const token = await fetchRegistryToken(client, signal, this.now());
    this.tokens.set(key, token);
    return { token, fresh: true };
  }

  isFresh(token: RegistryToken): boolean {
    const issued = token.issuedAt.getTime();
    const half = issued + (token.expiresAt.getTime() - issued) / 2;
    return this.now() < half;
  }

  invalidate(key: string): void {
    const token = this.tokens.get(key);
    this.tokens.delete(key);
    if (token) for (const [login, password] of this.logins) if (password === token.password) this.logins.delete(login);
  }

  /** Remembers that `dockerConfigDir` holds a login for `token`. */
  markLoggedIn(dockerConfigDir: string, token: RegistryToken): void {
    this.logins.set(`${dockerConfigDir}|${token.host}`, token.password);
  }

  isLoggedIn(dockerConfigDir: string, token: RegistryToken): boolean {
    return this.logins.get(`${dockerConfigDir}|${token.host}`) === token.password;
  }
}

export async function fetchRegistryToken(client: ECRClient, signal: AbortSignal | undefined, now: number): Promise<RegistryToken> {
  // No registryIds: deprecated, and it does not change the permission scope.
  const response = await client.send(new GetAuthorizationTokenCommand({}), { abortSignal: signal });
  const data = response.authorizationData?.[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) throw new Error('GetAuthorizationToken returned no authorization data');
  const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('GetAuthorizationToken returned a malformed token');
  return {
    host: data.proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''),
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    expiresAt: data.expiresAt ?? new Date(now + 12 * 3600_000),
    issuedAt: new Date(now),
  };
}

/** One cache per process unless the caller brings its own (the VS Code client keeps one per session). */
export const sharedTokenCache = new TokenCache();
