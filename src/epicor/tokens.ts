import type { EpicorConfig } from '../config';
import { authRejected, secondsToMs, type TokenFetcher } from './auth';
import { EpicorError, errorFromResponse, scrub } from './errors';
import { Http, header, type HttpResponse } from './http';
import { parseJson } from './json';

/**
 * TokenResource.svc (reference §3): POST at the instance root (not under /api, trailing slash),
 * credentials in `username`/`password` headers, empty body, Accept json ->
 * `{AccessToken, ExpiresIn, TokenType}`. The API key is sent too: some tenants want it, none reject it.
 */
export function tokenResourceFetcher(config: EpicorConfig, http: Http, secrets: () => string[], now: () => number): TokenFetcher {
  const operation = 'POST TokenResource.svc';
  return async () => {
    const res = await http.send({
      method: 'POST',
      url: `${config.baseUrl}/TokenResource.svc/`,
      headers: {
        accept: 'application/json',
        username: config.username ?? '',
        password: config.password ?? '',
        'x-api-key': config.apiKey,
        'content-length': '0',
      },
      body: '',
      operation,
      write: false,
    });
    const body = check(res, operation, 'user name and password', secrets(), now) as Record<string, unknown>;
    return { token: requireToken(body.AccessToken, operation), lifetimeMs: secondsToMs(body.ExpiresIn) };
  };
}

/** OAuth2 client credentials (reference §3 [S/U]): form POST, `client_secret_post`. */
export function oauth2Fetcher(config: EpicorConfig, http: Http, secrets: () => string[], now: () => number): TokenFetcher {
  const oauth = config.oauth;
  if (!oauth) throw new TypeError('EPICOR_AUTH=oauth2 needs the oauth settings');
  const operation = 'POST OAuth2 token endpoint';
  const form = [
    ['grant_type', 'client_credentials'],
    ['client_id', oauth.clientId],
    ['client_secret', oauth.clientSecret],
    ...(oauth.scope ? [['scope', oauth.scope]] : []),
  ]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return async () => {
    const res = await http.send({
      method: 'POST',
      url: oauth.tokenUrl,
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      operation,
      write: false,
    });
    const body = check(res, operation, 'OAuth2 client id or secret', secrets(), now) as Record<string, unknown>;
    return { token: requireToken(body.access_token, operation), lifetimeMs: secondsToMs(body.expires_in) };
  };
}

function check(res: HttpResponse, operation: string, what: string, secrets: string[], now: () => number): unknown {
  // RFC 6749 §5.2 answers bad client credentials with 400 invalid_client; TokenResource uses 401.
  const body = safeParse(res.text);
  const oauthError = (body as { error?: unknown } | undefined)?.error;
  if (res.status === 401 || res.status === 403 || oauthError === 'invalid_client' || oauthError === 'invalid_grant') {
    const b = (body ?? {}) as Record<string, unknown>;
    const says = [b.ErrorMessage, b.error_description, b.error].find((v): v is string => typeof v === 'string' && v.length > 0);
    throw authRejected(what, res.status, operation, says && scrub(says, secrets));
  }
  if (res.status < 200 || res.status >= 300) {
    throw errorFromResponse({ write: false, operation, status: res.status, body, retryAfter: header(res, 'retry-after'), now: now(), secrets });
  }
  return body ?? {};
}

function requireToken(token: unknown, operation: string): string {
  if (typeof token === 'string' && token.length > 0) return token;
  throw new EpicorError(`Epicor ${operation} answered without a token`, { category: 'auth', retryable: false, operation });
}

function safeParse(text: string): unknown {
  try {
    return text ? parseJson(text) : undefined;
  } catch {
    return undefined;
  }
}
