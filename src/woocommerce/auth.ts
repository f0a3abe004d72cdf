import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { WooConfig } from '../config';

export type QueryParams = Record<string, string>;

export interface SignedRequest {
  /** Full query, auth parameters included: only ever put on the wire, never into a message or log. */
  query: QueryParams;
  headers: Record<string, string>;
}

/**
 * How WooCommerce authenticates (reference §5, `WC_REST_Authentication`):
 * - `basic`: HTTP Basic, which WooCommerce only honours when it sees HTTPS (`is_ssl()`).
 * - `query`: `consumer_key`/`consumer_secret` in the query string, for HTTPS hosts that strip `Authorization`.
 * - `oauth1`: one-legged OAuth 1.0a, the only scheme WooCommerce accepts over plain HTTP. Signed with
 *   HMAC-SHA256 over the method, the URL without its query, and every query parameter; the JSON body is not
 *   signed (WooCommerce only reads `$_GET`/`$_POST`), and the key is `consumer_secret&`.
 */
export function createSigner(config: WooConfig, now: () => number) {
  const oauth = new OAuth({
    consumer: { key: config.consumerKey, secret: config.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  // WooCommerce rejects timestamps more than 15 minutes off (ref §5); take time from the injectable clock.
  oauth.getTimeStamp = () => Math.floor(now() / 1000);
  // WooCommerce remembers nonces for 15 minutes and refuses a repeat; the package's default uses Math.random.
  oauth.getNonce = () => randomBytes(16).toString('hex');

  return function sign(method: string, urlWithoutQuery: string, query: QueryParams): SignedRequest {
    switch (config.auth) {
      case 'basic': {
        const token = Buffer.from(`${config.consumerKey}:${config.consumerSecret}`).toString('base64');
        return { query, headers: { authorization: `Basic ${token}` } };
      }
      case 'query':
        return { query: { ...query, consumer_key: config.consumerKey, consumer_secret: config.consumerSecret }, headers: {} };
      case 'oauth1': {
        // The query goes in as `data`, not inside the URL: the package's URL parser does not decode `+`, and
        // passing the parameters separately means we control their encoding on the wire (`encodeQuery`).
        const signed = oauth.authorize({ url: urlWithoutQuery, method, data: query });
        const oauthParams: QueryParams = {};
        for (const [key, value] of Object.entries(signed)) oauthParams[key] = String(value);
        return { query: { ...query, ...oauthParams }, headers: {} };
      }
    }
  };
}

/** RFC 3986 encoding, the same the OAuth base string uses, so what is signed is what is sent. */
export function encodeQuery(query: QueryParams): string {
  return Object.entries(query)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
