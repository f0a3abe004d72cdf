import { startHarness, type Harness, failure } from './sim';

describe('authentication against the simulator', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('Basic auth works on an HTTPS store', async () => {
    h = await startHarness({ https: true }, { auth: 'basic' });
    const res = await h.client.request<unknown[]>('GET', '/orders', { query: { per_page: 1 } });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });

  it('query-string keys work on an HTTPS store (hosts that strip Authorization)', async () => {
    h = await startHarness({ https: true }, { auth: 'query' });
    await expect(h.client.request('GET', '/products')).resolves.toMatchObject({ status: 200 });
    const [created] = (await h.client.upsertProducts([{ sku: 'Q-1', name: 'Query auth', regular_price: '1.00' }]));
    expect(created).toMatchObject({ ok: true, action: 'created' });
  });

  it('OAuth 1.0a HMAC-SHA256 works on a plain-HTTP store, for reads with filters and for writes', async () => {
    h = await startHarness({ https: false }, { auth: 'oauth1' });
    h.running.sim.seedProducts([{ sku: 'MUG 1/É', name: 'Mug', regular_price: '5.00' }]);
    const found = await h.client.findProductsBySku(['MUG 1/É', 'NOPE']);
    expect(found.map((p) => p.sku)).toEqual(['MUG 1/É']);
    const results = await h.client.upsertProducts([{ sku: 'OA-1', name: 'Signed write', regular_price: '2.00' }]);
    expect(results[0]).toMatchObject({ ok: true, action: 'created' });
    const orders: unknown[] = [];
    for await (const page of h.client.ordersModified({ after: new Date(Date.now() - 3600_000) })) orders.push(...page);
    expect(orders).toEqual([]);
  });

  it('Basic auth is ignored on a plain-HTTP store: 401 woocommerce_rest_cannot_view, category auth', async () => {
    h = await startHarness({ https: false }, { auth: 'basic' });
    const err = await failure(h.client.request('GET', '/orders'));
    expect(err).toMatchObject({ status: 401, category: 'auth', retryable: false, code: 'woocommerce_rest_cannot_view' });
  });

  it('a wrong consumer secret is an auth error', async () => {
    h = await startHarness({ https: true }, { auth: 'basic', consumerSecret: 'cs_wrong' });
    const err = await failure(h.client.getOrder(1));
    expect(err).toMatchObject({ status: 401, category: 'auth', code: 'woocommerce_rest_authentication_error' });
  });

  it('a wrong secret breaks the OAuth signature', async () => {
    h = await startHarness({ https: false }, { auth: 'oauth1', consumerSecret: 'cs_wrong' });
    const err = await failure(h.client.request('GET', '/orders'));
    expect(err).toMatchObject({ status: 401, category: 'auth', code: 'woocommerce_rest_authentication_error' });
  });

  it('a read-only key cannot write', async () => {
    h = await startHarness({ keys: [{ consumerKey: 'ck_sandbox_key', consumerSecret: 'cs_sandbox_secret', permissions: 'read' }] });
    await expect(h.client.request('GET', '/products')).resolves.toMatchObject({ status: 200 });
    const err = await failure(h.client.batch('products', { create: [{ sku: 'X', name: 'X' }] }));
    expect(err).toMatchObject({ status: 401, category: 'auth' });
  });
});
