import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { unauthorized } from './errors';

export interface AuthOptions {
  apiKey: string;
  users: { username: string; password: string }[];
  tokenLifetimeSeconds: number;
  now: () => number;
  /** `?api-key=` is only in KDOC/KLIB (reference section 3, [S]); off unless asked for. */
  acceptApiKeyQuery: boolean;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Issues and checks JWT-shaped bearer tokens (reference section 3: claims exp, iat, iss/aud 'epicor',
 * username). Tokens are HMAC-signed with a per-simulator secret and also remembered, so
 * `expireAll()` can invalidate every token at once, like an admin flushing sessions.
 */
export class Tokens {
  private secret = randomBytes(32);
  private live = new Set<string>();

  constructor(private readonly opts: AuthOptions) {}

  issue(username: string, lifetimeSeconds = this.opts.tokenLifetimeSeconds): { token: string; expiresIn: number } {
    const iat = Math.floor(this.opts.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({ username, iss: 'epicor', aud: 'epicor', iat, nbf: iat, exp: iat + lifetimeSeconds, jti: randomUUID() }),
    );
    const token = `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
    this.live.add(token);
    return { token, expiresIn: lifetimeSeconds };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  /** The username the token belongs to; throws a 401 for a forged, unknown or expired token. */
  verify(token: string): string {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) throw unauthorized('Invalid token.');
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthorized('Invalid token.');
    if (!this.live.has(token)) throw unauthorized('Token has expired or was revoked.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number; username: string };
    if (claims.exp * 1000 <= this.opts.now()) throw unauthorized('Token has expired.');
    return claims.username;
  }

  expireAll(): void {
    this.live.clear();
  }
}

export function checkPassword(opts: AuthOptions, username: string | undefined, password: string | undefined): boolean {
  return opts.users.some((u) => u.username === username && u.password === password);
}

export function checkApiKey(c: Context, opts: AuthOptions): void {
  // Hono's header lookup is case-insensitive, like the real server's (X-API-Key, x-api-key, X-api-Key).
  let key = c.req.header('x-api-key');
  if (key === undefined && opts.acceptApiKeyQuery) key = new URL(c.req.url).searchParams.get('api-key') ?? undefined;
  if (key === undefined) throw unauthorized('An API key is required (x-api-key header).');
  if (key !== opts.apiKey) throw unauthorized('Invalid API key.');
}

/** Every v2 call: x-api-key plus Basic or Bearer (reference section 3). Returns the user. */
export function authenticate(c: Context, opts: AuthOptions, tokens: Tokens): string {
  checkApiKey(c, opts);
  const header = c.req.header('authorization');
  if (!header) throw unauthorized('Authorization has been denied for this request.');
  const [scheme, value = ''] = header.split(' ', 2);
  if (/^basic$/i.test(scheme)) {
    const [username, ...rest] = Buffer.from(value, 'base64').toString().split(':');
    if (!checkPassword(opts, username, rest.join(':'))) throw unauthorized('Invalid user name or password.');
    return username;
  }
  if (/^bearer$/i.test(scheme)) return tokens.verify(value.trim());
  throw unauthorized('Authorization has been denied for this request.');
}
