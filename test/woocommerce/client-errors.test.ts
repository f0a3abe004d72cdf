import { inspect } from 'node:util';
import pino from 'pino';
import type { WooConfig } from '../../src/config';
import { createWooClient, type WooClient } from '../../src/woocommerce';
import { startWooSimulator, type RunningWooSimulator } from '../../src/sandbox/woocommerce';
import { wooConfig, failure } from './sim';

describe('error classes from simulated failures', () => {
  let running: RunningWooSimulator;
  let client: WooClient;
  beforeAll(async () => {
    running = await startWooSimulator();
    // 300 ms timed out ordinary answers on a loaded 2-core CI machine; the hang below still proves the bound.
    client = createWooClient(wooConfig(running.baseUrl, { timeoutMs: 1500 }));
  });
  afterAll(async () => {
    await client.close();
    await running.close();
  });
  beforeEach(() => running.sim.reset());

  const fault = (status: number, method = 'GET', extra: { headers?: Record<string, string>; body?: unknown } = {}) =>
    running.sim.faults.add({ kind: 'status', status, method, path: '/wc/v3/orders', times: 1, ...extra });
  const read = () => failure(client.request('GET', '/orders'));
  const write = () => failure(client.request('POST', '/orders/batch', { body: { update: [] } }));

  it.each([
    [400, 'validation'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not-found'],
    [413, 'validation'],
  ])('HTTP %i is a permanent %s error', async (status, category) => {
    fault(status);
    expect(await read()).toMatchObject({ status, category, retryable: false });
  });

  it('a real 404 from WooCommerce keeps its code', async () => {
    expect(await failure(client.getOrder(4242))).toMatchObject({ status: 404, category: 'not-found', code: 'woocommerce_rest_shop_order_invalid_id' });
  });

  it('a real 413 from a batch over the store limit is a permanent validation error', async () => {
    const raw = await failure(client.request('POST', '/products/batch', { body: { create: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}` })) } }));
    expect(raw).toMatchObject({ status: 413, category: 'validation', retryable: false, code: 'woocommerce_rest_request_entity_too_large' });
  });

  it('HTTP 429 is rate-limited, retryable, with Retry-After exposed and no sleeping in the client', async () => {
    fault(429, 'GET', { headers: { 'Retry-After': '120' } });
    const started = Date.now();
    expect(await read()).toMatchObject({ status: 429, category: 'rate-limited', retryable: true, retryAfterMs: 120_000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(running.sim.calls.count('/orders')).toBe(1);
  });

  it('HTTP 503 is unavailable and retryable, with Retry-After when given', async () => {
    fault(503, 'GET', { headers: { 'Retry-After': '5' } });
    expect(await read()).toMatchObject({ status: 503, category: 'unavailable', retryable: true, retryAfterMs: 5000 });
  });

  it.each([502, 504])('HTTP %i is unavailable and retryable', async (status) => {
    fault(status);
    expect(await read()).toMatchObject({ status, category: 'unavailable', retryable: true });
  });

  it('HTTP 500 on a read is a transient server error', async () => {
    fault(500);
    expect(await read()).toMatchObject({ status: 500, category: 'server', retryable: true });
  });

  it('HTTP 500 on a write is an unknown outcome, not retried blindly', async () => {
    fault(500, 'POST');
    expect(await write()).toMatchObject({ status: 500, category: 'unknown-outcome', retryable: false });
  });

  it('an error whose data is a bare number takes its status from the HTTP response', async () => {
    fault(500, 'POST', { body: { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Cannot create order refund, please try again.', data: 500 } });
    expect(await write()).toMatchObject({ status: 500, data: 500, code: 'woocommerce_rest_cannot_create_order_refund', category: 'unknown-outcome' });
  });

  it('a reset connection is a retryable network error', async () => {
    running.sim.faults.add({ kind: 'reset', path: '/wc/v3/orders', times: 1 });
    expect(await read()).toMatchObject({ category: 'network', retryable: true });
  });

  it('a server that never answers is a retryable timeout after timeoutMs', async () => {
    running.sim.faults.add({ kind: 'hang', path: '/wc/v3/orders', hangMs: 5000, times: 1 });
    const started = Date.now();
    expect(await read()).toMatchObject({ category: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(4000); // the 5 s hang, cut short by the 1.5 s timeout
  });

  it('a store that is down is a retryable network error', async () => {
    const down = createWooClient(wooConfig('http://127.0.0.1:9', { timeoutMs: 2000 }));
    try {
      expect(await failure(down.getOrder(1))).toMatchObject({ category: 'network', retryable: true, code: 'ECONNREFUSED' });
    } finally {
      await down.close();
    }
  });
});

describe('no secret in errors or logs', () => {
  const KEY = 'ck_LEAKCANARYKEY0000000000000000000000001';
  const SECRET = 'cs_LEAKCANARYSECRET000000000000000000002';
  const keys = [{ consumerKey: KEY, consumerSecret: SECRET, permissions: 'read_write' as const }];

  it.each([
    ['basic', true],
    ['query', true],
    ['oauth1', false],
  ] as const)('%s auth: thrown errors and log lines never show the key, secret or OAuth parameters', async (auth, https) => {
    const running = await startWooSimulator({ https, keys });
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (s: string) => lines.push(s) });
    const config: WooConfig = { ...wooConfig(running.baseUrl, { auth, timeoutMs: 300 }), consumerKey: KEY, consumerSecret: SECRET };
    const client = createWooClient(config, { logger });
    const wrongSecret = createWooClient({ ...config, consumerSecret: `${SECRET}x` }, { logger });
    try {
      running.sim.faults.add({ kind: 'status', status: 500, path: '/orders', times: 1 });
      running.sim.faults.add({ kind: 'status', status: 429, path: '/products', times: 1, headers: { 'retry-after': '1' } });
      running.sim.faults.add({ kind: 'reset', path: '/customers', times: 1 });
      running.sim.faults.add({ kind: 'hang', path: '/webhooks', hangMs: 3000, times: 1 });
      const errors = [
        await failure(client.request('POST', '/orders', { body: {} })),
        await failure(client.findProductsBySku(['A B', 'C'])),
        await failure(client.findCustomerByEmail('a@example.test')),
        await failure(client.webhooks.list()),
        await failure(wrongSecret.getOrder(1)),
      ];
      expect(errors.map((e) => e.category)).toEqual(['unknown-outcome', 'rate-limited', 'network', 'timeout', 'auth']);
      await client.getOrder(1).catch(() => undefined); // a plain 404 for the log
      const texts = [
        ...errors.flatMap((e) => [JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e), e.stack ?? '']),
        ...lines,
      ];
      expect(lines.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(SECRET);
        expect(text).not.toMatch(/consumer_(key|secret)|oauth_|Basic [A-Za-z0-9+/=]{20,}/);
      }
    } finally {
      await client.close();
      await wrongSecret.close();
      await running.close();
    }
  });
});
