/**
 * SigV4 verification for the stand-in, done by hand with node:crypto so that it is independent of the
 * SDK's signer it is testing. Checks run in the order of ecr.md §9 and produce AWS's error codes and texts.
 */
import * as crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface StandInKey {
  secret: string;
  /** Session credentials: the X-Amz-Security-Token that must accompany the key. */
  sessionToken?: string;
  /** When the session credentials expire (ms since epoch, on the stand-in clock). */
  expiresAt?: number;
  /** Operations (e.g. 'GetAuthorizationToken') this identity may not call. */
  denyActions?: string[];
}

export interface AuthFailure {
  code: string;
  message: string;
}

export interface AuthSuccess {
  accessKeyId: string;
  key: StandInKey;
}

const MAX_SKEW_MS = 5 * 60 * 1000;
export const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const sha256Hex = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto.createHmac('sha256', key).update(data, 'utf8').digest();

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `20261128T221330Z` -> ms since epoch, or NaN. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function canonicalRequest(method: string, path: string, headers: IncomingHttpHeaders, signedHeaders: string[], body: Buffer): string {
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(headerValue(headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  return [method, path, '', canonicalHeaders, signedHeaders.join(';'), sha256Hex(body)].join('\n');
}

export interface VerifyOptions {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  keys: Map<string, StandInKey>;
  region: string;
  service: string;
  /** Stand-in clock (ms) for session expiry. Request dates are checked against the real clock. */
  now: number;
  operation: string;
  accountId: string;
  resourceArn: string;
}

export function verifySigV4(o: VerifyOptions): AuthSuccess | AuthFailure {
  const authorization = headerValue(o.headers, 'authorization');
  if (!authorization) return { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(authorization);
  if (!m) {
    return { code: 'IncompleteSignatureException', message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${authorization.split(' ')[0]}` };
  }
  const [, credential, signedHeaderList, signature] = m;
  const [accessKeyId, date, scopeRegion, scopeService, terminator] = credential.split('/');
  const key = o.keys.get(accessKeyId);
  if (!key) return { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  if (scopeService !== o.service || terminator !== 'aws4_request') {
    return { code: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${o.service}'. ` };
  }
  if (scopeRegion !== o.region) {
    return { code: 'InvalidSignatureException', message: `Credential should be scoped to a valid region, not '${scopeRegion}'. ` };
  }
  const amzDate = headerValue(o.headers, 'x-amz-date') ?? '';
  const requestTime = parseAmzDate(amzDate);
  const realNow = Date.now();
  if (Number.isNaN(requestTime) || Math.abs(realNow - requestTime) > MAX_SKEW_MS) {
    return {
      code: 'InvalidSignatureException',
      message: `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(realNow - MAX_SKEW_MS)} (${formatAmzDate(realNow)} - 5 min.)`,
    };
  }
  const signedHeaders = signedHeaderList.split(';');
  const canonical = canonicalRequest(o.method, o.path, o.headers, signedHeaders, o.body);
  const scope = `${date}/${scopeRegion}/${scopeService}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const expected = crypto.createHmac('sha256', signingKey(key.secret, date, scopeRegion, scopeService)).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (!signedHeaders.includes('host') || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { code: 'InvalidSignatureException', message: SIGNATURE_MISMATCH };
  }
  if (key.sessionToken !== undefined) {
    const token = headerValue(o.headers, 'x-amz-security-token');
    if (token !== key.sessionToken) return { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    if (key.expiresAt !== undefined && o.now >= key.expiresAt) {
      return { code: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
    }
  }
  if (key.denyActions?.includes(o.operation)) {
    return {
      code: 'AccessDeniedException',
      message: `User: arn:aws:iam::${o.accountId}:user/test is not authorized to perform: ecr:${o.operation} on resource: ${o.resourceArn} because no identity-based policy allows the ecr:${o.operation} action`,
    };
  }
  return { accessKeyId, key };
}

export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
