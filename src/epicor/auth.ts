import type { EpicorConfig } from '../config';
import { EpicorError } from './errors';

/** What the HTTP layer needs from an auth mode. */
export interface Auth {
  /** The `Authorization` header value for the next call (may fetch a token first). */
  authorization(): Promise<string>;
  /**
   * Called after a 401 made with `used`. Bearer modes drop that token so the next `authorization()`
   * fetches a new one; returns false when re-authenticating cannot help (Basic).
   */
  invalidate(used: string): boolean;
  /** Values that must never appear in an error or log (current token included). */
  secrets(): string[];
}

export interface TokenResponse {
  token: string;
  /** Lifetime in ms, from ExpiresIn, else the JWT `exp`, else undefined. */
  lifetimeMs?: number;
}

/** Fetches a fresh token; throws EpicorError (category 'auth' when the credentials are wrong). */
export type TokenFetcher = () => Promise<TokenResponse>;

export function basicAuth(config: EpicorConfig): Auth {
  const header = `Basic ${Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64')}`;
  return {
    authorization: async () => header,
    invalidate: () => false,
    secrets: () => [header.slice('Basic '.length)],
  };
}

/** Without ExpiresIn or exp, assume a short life and let the 401 path catch the rest. */
const FALLBACK_LIFETIME_MS = 5 * 60_000;

/**
 * Bearer token cache for TokenResource.svc and OAuth2. There is no refresh token (reference §3), so
 * it re-authenticates: early by min(60 s, 10% of the lifetime) so a slow call never carries a token
 * that expires in flight, and single-flight so concurrent callers share one token request.
 */
export function bearerAuth(fetchToken: TokenFetcher, now: () => number): Auth {
  let current: { header: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const secrets = new Set<string>();

  const renew = () =>
    (inFlight ??= fetchToken()
      .then(({ token, lifetimeMs }) => {
        const life = lifetimeMs ?? jwtLifetimeMs(token, now()) ?? FALLBACK_LIFETIME_MS;
        const header = `Bearer ${token}`;
        secrets.add(token);
        current = { header, renewAt: now() + life - Math.min(60_000, life * 0.1) };
        return header;
      })
      .finally(() => {
        inFlight = undefined;
      }));

  return {
    authorization: async () => (current && now() < current.renewAt ? current.header : renew()),
    invalidate(used) {
      // Only the first 401 for a token drops it; later ones find a newer token already cached.
      if (current?.header === used) current = undefined;
      return true;
    },
    secrets: () => [...secrets],
  };
}

/** Remaining lifetime from the JWT `exp` claim (reference §3: claims exp, iat). */
export function jwtLifetimeMs(token: string, nowMs: number): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? Math.max(0, claims.exp * 1000 - nowMs) : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds as a number or numeric string, as token endpoints send either. */
export function secondsToMs(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}

/** `serverSays` must already be scrubbed of secrets. */
export function authRejected(what: string, status: number, operation: string, serverSays?: string): EpicorError {
  return new EpicorError(`Epicor ${operation} refused the request (HTTP ${status}): ${serverSays ?? `check the ${what}`}`, {
    category: 'auth',
    retryable: false,
    status,
    operation,
  });
}
