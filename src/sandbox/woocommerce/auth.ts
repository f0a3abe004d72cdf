import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { Ctx } from './context';
import { err, WooError } from './errors';
import { sendError } from './http';
import { collectOAuthParams, NonceStore, parseOAuthHeader, verifyOAuthSignature } from './oauth1';

/**
 * WC_REST_Authentication (reference 5). With the store on "HTTPS" (is_ssl() true) query-string
 * consumer_key/consumer_secret, then Basic, are tried; OAuth 1.0a one-legged always remains possible. On plain
 * HTTP Basic and query keys are ignored, so the request is simply unauthenticated and the route's permission
 * check answers 401 woocommerce_rest_cannot_view (fixture rest_error_401_basic_auth_over_http).
 * The simulator always listens on plain HTTP; `https` says what WordPress believes.
 */
export interface AuthState {
  /** user id of the key owner (the admin, 1) or null when unauthenticated */
  userId: number | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: AuthState;
  }
}

const BASIC_REALM =
  'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field."';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authMiddleware(ctx: Ctx, nonces: NonceStore): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const keys = ctx.settings.keys;
    let key: (typeof keys)[number] | undefined;
    let failure: WooError | undefined;

    if (ctx.settings.https) {
      let ck = url.searchParams.get('consumer_key') ?? '';
      let cs = url.searchParams.get('consumer_secret') ?? '';
      if (!(ck && cs)) {
        ck = cs = '';
        const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
        if (basic) {
          const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon > 0) {
            ck = decoded.slice(0, colon);
            cs = decoded.slice(colon + 1);
          }
        }
      }
      if (ck && cs) {
        // Unknown key: no error is set, the request just stays unauthenticated.
        const found = keys.find((k) => k.consumerKey === ck);
        if (found && sameSecret(found.consumerSecret, cs)) key = found;
        else if (found) {
          failure = err('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401);
          failure.headers['WWW-Authenticate'] = BASIC_REALM;
        }
      }
    }

    if (!key && !failure) {
      try {
        key = await oauth(ctx, nonces, c.req.raw, url);
      } catch (e) {
        if (!(e instanceof WooError)) throw e;
        failure = e;
      }
    }
    if (failure) return sendError(c, failure);

    if (key) {
      // check_permissions(): read-only keys on writes (and write-only keys on reads) are refused.
      const m = c.req.method.toUpperCase();
      if ((m === 'GET' || m === 'HEAD') && key.permissions === 'write') {
        return sendError(c, err('woocommerce_rest_authentication_error', 'The API key provided does not have read permissions.', 401));
      }
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(m) && key.permissions === 'read') {
        return sendError(c, err('woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.', 401));
      }
    }
    c.set('auth', { userId: key ? 1 : null });
    await next();
  };
}

async function oauth(ctx: Ctx, nonces: NonceStore, req: Request, url: URL) {
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const type = req.headers.get('content-type') ?? '';
  if (req.method !== 'GET' && type.includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(await req.clone().text())) params[k] = v;
  }
  Object.assign(params, parseOAuthHeader(req.headers.get('authorization') ?? undefined));
  const oauthParams = collectOAuthParams(params);
  if (!oauthParams.oauth_consumer_key) return undefined;
  const key = ctx.settings.keys.find((k) => k.consumerKey === oauthParams.oauth_consumer_key);
  if (!key) throw err('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401);
  verifyOAuthSignature(req.method, oauthBaseUrl(ctx, url.pathname), oauthParams, key.consumerSecret);
  nonces.check(key.consumerKey, Number(oauthParams.oauth_timestamp), oauthParams.oauth_nonce, ctx.now());
  return key;
}

/** get_home_url( null, $request_path, is_ssl() ? 'https' : 'http' ), path taken relative to the home path. */
export function oauthBaseUrl(ctx: Ctx, requestPath: string): string {
  const home = new URL(ctx.siteUrl());
  const homePath = home.pathname.replace(/\/$/, '');
  let path = requestPath;
  if (homePath && path.startsWith(homePath + '/')) path = path.slice(homePath.length);
  const scheme = ctx.settings.https ? 'https:' : 'http:';
  return `${scheme}//${home.host}${homePath}${path}`;
}
