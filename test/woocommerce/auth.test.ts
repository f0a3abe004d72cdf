import { createHmac } from 'node:crypto';
import type { WooConfig } from '../../src/config';
import { createSigner, encodeQuery } from '../../src/woocommerce/auth';

const config = (auth: WooConfig['auth']): WooConfig => ({
  baseUrl: 'http://shop.test',
  consumerKey: 'ck_test0000000000000000000000000000000000',
  consumerSecret: 'cs_test0000000000000000000000000000000000',
  webhookSecret: 'unused',
  auth,
  timeoutMs: 1000,
});
const NOW = Date.parse('2026-11-29T12:00:00Z');

/**
 * WooCommerce's server-side check, transcribed from WC_REST_Authentication::check_oauth_signature():
 * params from $_GET (PHP decoding), signature removed, keys sorted with strcmp, each key/value
 * rawurlencode(rawurldecode()) with % double-encoded, joined with %3D and %26, key = secret + '&'.
 */
function wooAcceptsOAuth(method: string, baseUri: string, wire: string, secret: string): boolean {
  const params = Object.fromEntries(new URLSearchParams(wire));
  const given = params.oauth_signature;
  delete params.oauth_signature;
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%/g, '%25');
  const query = Object.keys(params)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${enc(k)}%3D${enc(params[k])}`)
    .join('%26');
  const base = `${method}&${encodeURIComponent(baseUri)}&${query}`;
  const expected = createHmac(params.oauth_signature_method === 'HMAC-SHA256' ? 'sha256' : 'sha1', `${secret}&`).update(base).digest('base64');
  return expected === given;
}

describe('request signing', () => {
  const url = 'http://shop.test/wp-json/wc/v3/products';

  it('basic: Authorization header, query untouched', () => {
    const signed = createSigner(config('basic'), () => NOW)('GET', url, { per_page: '100' });
    expect(signed.query).toEqual({ per_page: '100' });
    const decoded = Buffer.from(signed.headers.authorization.replace(/^Basic /, ''), 'base64').toString();
    expect(decoded).toBe('ck_test0000000000000000000000000000000000:cs_test0000000000000000000000000000000000');
  });

  it('query: consumer_key and consumer_secret in the query, no Authorization', () => {
    const signed = createSigner(config('query'), () => NOW)('GET', url, { sku: 'A' });
    expect(signed.headers).toEqual({});
    expect(signed.query).toMatchObject({ sku: 'A', consumer_key: config('query').consumerKey, consumer_secret: config('query').consumerSecret });
  });

  it('oauth1: HMAC-SHA256 over all query params that WooCommerce verifies', () => {
    const query = { sku: 'MUG 1,CAF/É*', modified_after: '2026-11-29T11:00:00', dates_are_gmt: 'true', per_page: '100', page: '2' };
    const signed = createSigner(config('oauth1'), () => NOW)('GET', url, query);
    expect(signed.headers).toEqual({});
    expect(signed.query).toMatchObject({
      ...query,
      oauth_consumer_key: config('oauth1').consumerKey,
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: String(NOW / 1000),
    });
    expect(signed.query.oauth_nonce).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(signed.query).not.toHaveProperty('consumer_secret');
    const wire = encodeQuery(signed.query);
    expect(wooAcceptsOAuth('GET', url, wire, config('oauth1').consumerSecret)).toBe(true);
    expect(wooAcceptsOAuth('GET', url, wire, 'cs_wrong')).toBe(false);
    expect(wooAcceptsOAuth('POST', url, wire, config('oauth1').consumerSecret)).toBe(false);
  });

  it('oauth1: a fresh nonce per request', () => {
    const sign = createSigner(config('oauth1'), () => NOW);
    expect(sign('GET', url, {}).query.oauth_nonce).not.toBe(sign('GET', url, {}).query.oauth_nonce);
  });
});
