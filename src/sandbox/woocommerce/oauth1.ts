import { createHmac, timingSafeEqual } from 'node:crypto';
import { err } from './errors';

/**
 * One-legged OAuth 1.0a as WC_REST_Authentication::perform_oauth_authentication() checks it (reference 5):
 * params from the query string, a form body and an `Authorization: OAuth` header; base URL from the home URL
 * with the scheme WordPress believes in (http when not is_ssl()); key = consumer_secret + '&'; the request
 * body is not signed; timestamp within +-15 minutes; each nonce accepted once per key.
 */
const REQUIRED = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'];
const WINDOW_S = 15 * 60;

/** PHP rawurlencode(): RFC 3986, also encoding !'()*. */
export function rawurlencode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

/** parse_header(): only oauth_* pairs, quoted or not, urldecoded. */
export function parseOAuthHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header || !header.trim().startsWith('OAuth ')) return out;
  for (const m of header.matchAll(/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/g)) {
    const value = m[3] !== undefined && m[3] !== '' ? m[3] : (m[4] ?? '');
    out[m[1]] = decodeURIComponent(value.replace(/\+/g, ' '));
  }
  return out;
}

/** Returns the OAuth params, {} if none were sent at all, or throws on a partial set. */
export function collectOAuthParams(all: Record<string, string>): Record<string, string> {
  const missing = REQUIRED.filter((k) => !all[k]);
  if (missing.length === REQUIRED.length) return {};
  if (missing.length) {
    throw err(
      'woocommerce_rest_authentication_missing_parameter',
      `Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      401,
    );
  }
  return all;
}

export function signatureBaseString(method: string, baseUrl: string, params: Record<string, string>): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'oauth_signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // join_with_equals_sign(): each already-encoded "k=v" is encoded again, pairs joined with %26.
  const pairs = keys.map((k) => rawurlencode(`${rawurlencode(k)}=${rawurlencode(params[k])}`));
  return `${method.toUpperCase()}&${rawurlencode(baseUrl)}&${pairs.join('%26')}`;
}

export class NonceStore {
  private used = new Map<string, Map<string, number>>();

  /** check_oauth_timestamp_and_nonce() */
  check(consumerKey: string, timestamp: number, nonce: string, nowS: number): void {
    if (!Number.isFinite(timestamp) || timestamp < nowS - WINDOW_S || timestamp > nowS + WINDOW_S) {
      throw err('woocommerce_rest_authentication_error', 'Invalid timestamp.', 401);
    }
    const nonces = this.used.get(consumerKey) ?? new Map<string, number>();
    if (nonces.has(nonce)) {
      throw err('woocommerce_rest_authentication_error', 'Invalid nonce - nonce has already been used.', 401);
    }
    nonces.set(nonce, timestamp);
    for (const [n, ts] of nonces) if (ts < nowS - WINDOW_S) nonces.delete(n);
    this.used.set(consumerKey, nonces);
  }

  clear(): void {
    this.used.clear();
  }
}

export function verifyOAuthSignature(
  method: string,
  baseUrl: string,
  params: Record<string, string>,
  consumerSecret: string,
): void {
  const sigMethod = params.oauth_signature_method;
  if (sigMethod !== 'HMAC-SHA1' && sigMethod !== 'HMAC-SHA256') {
    throw err('woocommerce_rest_authentication_error', 'Invalid signature - signature method is invalid.', 401);
  }
  const algo = sigMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const expected = createHmac(algo, `${consumerSecret}&`)
    .update(signatureBaseString(method, baseUrl, params))
    .digest('base64');
  // The consumer's signature: rawurldecode( str_replace( ' ', '+', ... ) ).
  let given = params.oauth_signature.replace(/ /g, '+');
  try {
    given = decodeURIComponent(given);
  } catch {
    /* keep as sent */
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw err('woocommerce_rest_authentication_error', 'Invalid signature - provided signature does not match.', 401);
  }
}
