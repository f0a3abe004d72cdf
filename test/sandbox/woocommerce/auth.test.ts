import OAuth from 'oauth-1.0a';
import { createHmac } from 'node:crypto';
import { call, newSim, KEY, SECRET } from './helpers';

function oauthClient(method: 'HMAC-SHA1' | 'HMAC-SHA256') {
  return new OAuth({
    consumer: { key: KEY, secret: SECRET },
    signature_method: method,
    hash_function: (base, key) => createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(base).digest('base64'),
  });
}

/** Signed query string for a one-legged OAuth 1.0a request, base URL built from the site URL (http). */
function signedPath(path: string, method = 'GET', opts: { method?: 'HMAC-SHA1' | 'HMAC-SHA256'; site?: string; nonce?: string; timestamp?: number } = {}) {
  const client = oauthClient(opts.method ?? 'HMAC-SHA256');
  const url = `${opts.site ?? 'http://localhost'}${path}`;
  const data = client.authorize({ url, method });
  if (opts.nonce) data.oauth_nonce = opts.nonce;
  if (opts.timestamp) data.oauth_timestamp = opts.timestamp;
  if (opts.nonce || opts.timestamp) {
    const { oauth_signature: _drop, ...unsigned } = data;
    data.oauth_signature = client.getSignature({ url, method }, undefined, unsigned as OAuth.Authorization);
  }
  const q = new URLSearchParams(Object.entries(data).map(([k, v]): [string, string] => [k, String(v)]));
  return `${path}${path.includes('?') ? '&' : '?'}${q.toString()}`;
}

describe('authentication as WC_REST_Authentication does it', () => {
  it('accepts Basic auth and query-string keys when the store is HTTPS (default)', async () => {
    const sim = newSim();
    expect((await call(sim, 'GET', 'orders')).status).toBe(200);
    const q = await call(sim, 'GET', `orders?consumer_key=${KEY}&consumer_secret=${SECRET}`, undefined, { Authorization: '' });
    expect(q.status).toBe(200);
  });

  it('ignores Basic auth on a plain-HTTP store: 401 woocommerce_rest_cannot_view', async () => {
    const sim = newSim({ https: false });
    const res = await call(sim, 'GET', 'orders');
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('woocommerce_rest_cannot_view');
    const q = await call(sim, 'GET', `orders?consumer_key=${KEY}&consumer_secret=${SECRET}`, undefined, { Authorization: '' });
    expect(q.status).toBe(401);
  });

  it('answers an unauthenticated create with woocommerce_rest_cannot_create', async () => {
    const res = await call(newSim(), 'POST', 'products', { name: 'x' }, { Authorization: '' });
    expect([res.status, res.json.code]).toEqual([401, 'woocommerce_rest_cannot_create']);
  });

  it('rejects a wrong secret with woocommerce_rest_authentication_error and a Basic challenge', async () => {
    const bad = 'Basic ' + Buffer.from(`${KEY}:nope`).toString('base64');
    const res = await call(newSim(), 'GET', 'orders', undefined, { Authorization: bad });
    expect([res.status, res.json.code, res.json.message]).toEqual([401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.']);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="WooCommerce API/);
  });

  it('treats an unknown consumer key over Basic as unauthenticated (no error is set for it)', async () => {
    const bad = 'Basic ' + Buffer.from(`ck_unknown:${SECRET}`).toString('base64');
    const res = await call(newSim(), 'GET', 'orders', undefined, { Authorization: bad });
    expect([res.status, res.json.code]).toEqual([401, 'woocommerce_rest_cannot_view']);
  });

  it('refuses writes with a read-only key but lets it read', async () => {
    const sim = newSim({ keys: [{ consumerKey: 'ck_ro', consumerSecret: 'cs_ro', permissions: 'read' }] });
    const ro = 'Basic ' + Buffer.from('ck_ro:cs_ro').toString('base64');
    expect((await call(sim, 'GET', 'products', undefined, { Authorization: ro })).status).toBe(200);
    const res = await call(sim, 'POST', 'products', { name: 'x' }, { Authorization: ro });
    expect([res.status, res.json.code, res.json.message]).toEqual([
      401,
      'woocommerce_rest_authentication_error',
      'The API key provided does not have write permissions.',
    ]);
  });

  it.each(['HMAC-SHA1', 'HMAC-SHA256'] as const)('accepts OAuth 1.0a %s in the query on a plain-HTTP store', async (method) => {
    const sim = newSim({ https: false });
    const res = await call(sim, 'GET', signedPath('/wp-json/wc/v3/orders?per_page=5', 'GET', { method }), undefined, { Authorization: '' });
    expect(res.status).toBe(200);
  });

  it('accepts OAuth 1.0a in the Authorization header, body not signed', async () => {
    const sim = newSim({ https: false });
    const client = oauthClient('HMAC-SHA256');
    const url = 'http://localhost/wp-json/wc/v3/products';
    const header = client.toHeader(client.authorize({ url, method: 'POST' })).Authorization;
    const res = await call(sim, 'POST', '/wp-json/wc/v3/products', { name: 'Signed', sku: 'SIG-1' }, { Authorization: header });
    expect(res.status).toBe(201);
  });

  it('builds the OAuth base URL from the site URL with the http scheme, not from the request host', async () => {
    const sim = newSim({ https: false, siteUrl: 'http://shop.example.test/' });
    const good = signedPath('/wp-json/wc/v3/orders', 'GET', { site: 'http://shop.example.test' });
    expect((await call(sim, 'GET', good, undefined, { Authorization: '' })).status).toBe(200);
    const wrong = signedPath('/wp-json/wc/v3/orders', 'GET', { site: 'https://shop.example.test' });
    const res = await call(sim, 'GET', wrong, undefined, { Authorization: '' });
    expect([res.status, res.json.message]).toEqual([401, 'Invalid signature - provided signature does not match.']);
  });

  it('rejects a reused nonce and a timestamp outside +-15 minutes', async () => {
    const sim = newSim({ https: false });
    const once = signedPath('/wp-json/wc/v3/orders', 'GET', { nonce: 'n-1' });
    expect((await call(sim, 'GET', once, undefined, { Authorization: '' })).status).toBe(200);
    const again = await call(sim, 'GET', once, undefined, { Authorization: '' });
    expect([again.status, again.json.message]).toEqual([401, 'Invalid nonce - nonce has already been used.']);
    const old = signedPath('/wp-json/wc/v3/orders', 'GET', { timestamp: Math.floor(Date.now() / 1000) - 16 * 60 });
    const stale = await call(sim, 'GET', old, undefined, { Authorization: '' });
    expect([stale.status, stale.json.message]).toEqual([401, 'Invalid timestamp.']);
  });

  it('reports a partial OAuth parameter set as woocommerce_rest_authentication_missing_parameter', async () => {
    const res = await call(newSim({ https: false }), 'GET', '/wp-json/wc/v3/orders?oauth_consumer_key=ck_sandbox_key', undefined, {
      Authorization: '',
    });
    expect([res.status, res.json.code]).toEqual([401, 'woocommerce_rest_authentication_missing_parameter']);
  });

  it('serves ?rest_route= like /wp-json/ and answers unknown routes with rest_no_route', async () => {
    const sim = newSim();
    expect((await call(sim, 'GET', '/?rest_route=/wc/v3/orders')).status).toBe(200);
    const res = await call(sim, 'GET', 'nothing-here');
    expect([res.status, res.json.code]).toEqual([404, 'rest_no_route']);
  });
});
