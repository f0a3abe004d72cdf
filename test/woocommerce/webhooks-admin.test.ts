import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWooClient, verifyWebhookSignature, wooChecks } from '../../src/woocommerce';
import { startHarness, wooConfig, type Harness } from './sim';

/** A receiver that keeps each delivery's raw bytes. */
async function receiver(): Promise<{ url: string; got: { headers: Record<string, unknown>; body: Buffer }[]; close(): Promise<void> }> {
  const got: { headers: Record<string, unknown>; body: Buffer }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/woo`, got, close: () => new Promise((r) => server.close(() => r())) };
}

describe('webhooks admin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 10 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.running.sim.reset());

  it('creates a webhook with a generated 40+ character alphanumeric secret that WooCommerce stores', async () => {
    const { webhook, secret } = await h.client.webhooks.create({ name: 'Orders', topic: 'order.created', deliveryUrl: 'http://127.0.0.1:9/hooks/woo' });
    expect(secret).toMatch(/^[A-Za-z0-9]{40,}$/);
    expect(webhook).toMatchObject({ topic: 'order.created', status: 'active', delivery_url: 'http://127.0.0.1:9/hooks/woo' });
    expect(h.running.sim.webhooks().find((w) => w.id === webhook.id)?.secret).toBe(secret);
    const second = await h.client.webhooks.create({ name: 'Orders 2', topic: 'order.updated', deliveryUrl: 'http://127.0.0.1:9/hooks/woo' });
    expect(second.secret).not.toBe(secret);
  });

  it('uses a given secret (e.g. WOO_WEBHOOK_SECRET) but refuses one WooCommerce would entity-decode', async () => {
    const { secret } = await h.client.webhooks.create({ name: 'Orders', topic: 'order.created', deliveryUrl: 'http://127.0.0.1:9/x', secret: 'configured-secret' });
    expect(secret).toBe('configured-secret');
    expect(h.running.sim.webhooks()[0].secret).toBe('configured-secret');
    await expect(h.client.webhooks.create({ name: 'x', topic: 'order.created', deliveryUrl: 'http://127.0.0.1:9/x', secret: 'a&amp;b' })).rejects.toMatchObject({ category: 'validation' });
    expect(h.running.sim.webhooks()).toHaveLength(1);
  });

  it('deliveries made with that secret verify over the raw bytes', async () => {
    const rx = await receiver();
    try {
      const { secret } = await h.client.webhooks.create({ name: 'Orders', topic: 'order.created', deliveryUrl: rx.url });
      h.running.sim.seedProducts([{ sku: 'MUG', name: 'Café Mug', regular_price: '12.50' }]);
      h.running.sim.placeOrder({ line_items: [{ sku: 'MUG', quantity: 1 }], billing: { email: 'jörg@example.test', first_name: 'Jörg' } });
      await h.running.sim.flushDeliveries();
      const delivery = rx.got.find((d) => d.headers['x-wc-webhook-topic'] === 'order.created');
      expect(delivery).toBeDefined();
      const signature = delivery!.headers['x-wc-webhook-signature'] as string;
      expect(verifyWebhookSignature(delivery!.body, signature, secret)).toBe(true);
      expect(verifyWebhookSignature(Buffer.from(JSON.stringify(JSON.parse(delivery!.body.toString()))), signature, secret)).toBe(false);
    } finally {
      await rx.close();
    }
  });

  it('lists webhooks by status across pages', async () => {
    for (let i = 0; i < 105; i++) {
      await h.client.webhooks.create({ name: `W${i}`, topic: 'order.updated', deliveryUrl: `http://127.0.0.1:9/h${i}` });
    }
    const paused = await h.client.webhooks.list('active');
    expect(paused).toHaveLength(105);
    expect(h.running.sim.calls.count('/wc/v3/webhooks', 'GET')).toBe(2);
    const [first] = paused;
    await h.client.webhooks.update(first.id, { status: 'paused' });
    expect((await h.client.webhooks.list('paused')).map((w) => w.id)).toEqual([first.id]);
    expect(await h.client.webhooks.list()).toHaveLength(105);
  });

  it('updates the status and deletes with force', async () => {
    const { webhook } = await h.client.webhooks.create({ name: 'Orders', topic: 'order.created', deliveryUrl: 'http://127.0.0.1:9/x' });
    expect(await h.client.webhooks.update(webhook.id, { status: 'disabled' })).toMatchObject({ id: webhook.id, status: 'disabled' });
    await h.client.webhooks.delete(webhook.id);
    expect(h.running.sim.webhooks()).toHaveLength(0);
    await expect(h.client.webhooks.delete(webhook.id)).rejects.toMatchObject({ category: 'not-found' });
  });

  it('reads the WordPress error of an invalid topic', async () => {
    await expect(h.client.webhooks.create({ name: 'Bad', topic: 'order.exploded', deliveryUrl: 'http://127.0.0.1:9/x' })).rejects.toMatchObject({
      status: 400,
      category: 'validation',
      code: 'woocommerce_rest_shop_webhook_invalid_topic',
    });
  });
});

describe('wooChecks', () => {
  const hookUrl = 'http://127.0.0.1:9/hooks/woo';
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const summary = (results: { check: string; ok: boolean }[]) => results.map((r) => `${r.ok ? 'ok' : 'FAIL'} ${r.check}`);

  it('passes everything on a healthy store with both webhooks active', async () => {
    h = await startHarness({ allowUnsafeDeliveryUrls: true });
    await h.client.webhooks.create({ name: 'c', topic: 'order.created', deliveryUrl: hookUrl });
    await h.client.webhooks.create({ name: 'u', topic: 'order.updated', deliveryUrl: hookUrl });
    const results = await wooChecks(wooConfig(h.running.baseUrl), { webhookUrl: hookUrl });
    expect(summary(results)).toEqual([
      'ok reachable',
      'ok keys accepted',
      'ok read permission',
      'ok write permission',
      'ok webhook order.created',
      'ok webhook order.updated',
    ]);
    expect(results.every((r) => r.system === 'WooCommerce' && r.reason.length > 0)).toBe(true);
    expect(h.running.sim.products()).toHaveLength(0); // the write probe created nothing
  });

  it('says which webhook is missing and which is disabled', async () => {
    h = await startHarness({ allowUnsafeDeliveryUrls: true });
    const { webhook } = await h.client.webhooks.create({ name: 'u', topic: 'order.updated', deliveryUrl: hookUrl });
    await h.client.webhooks.update(webhook.id, { status: 'disabled' });
    await h.client.webhooks.create({ name: 'elsewhere', topic: 'order.created', deliveryUrl: 'http://127.0.0.1:9/other' });
    const results = await wooChecks(wooConfig(h.running.baseUrl), { webhookUrl: hookUrl }, h.client);
    const created = results.find((r) => r.check === 'webhook order.created')!;
    const updated = results.find((r) => r.check === 'webhook order.updated')!;
    expect(created).toMatchObject({ ok: false, reason: expect.stringContaining('No webhook for order.created') });
    expect(updated).toMatchObject({ ok: false, reason: expect.stringContaining('disabled') });
  });

  it('reports a paused webhook', async () => {
    h = await startHarness({ allowUnsafeDeliveryUrls: true });
    const { webhook } = await h.client.webhooks.create({ name: 'c', topic: 'order.created', deliveryUrl: hookUrl });
    await h.client.webhooks.update(webhook.id, { status: 'paused' });
    const results = await wooChecks(wooConfig(h.running.baseUrl), { webhookUrl: hookUrl }, h.client);
    expect(results.find((r) => r.check === 'webhook order.created')).toMatchObject({ ok: false, reason: expect.stringContaining('paused') });
  });

  it('stops after a rejected secret and never prints it', async () => {
    h = await startHarness();
    const config = wooConfig(h.running.baseUrl, { consumerSecret: 'cs_wrong_and_secret' });
    const results = await wooChecks(config, { webhookUrl: hookUrl });
    expect(summary(results)).toEqual(['ok reachable', 'FAIL keys accepted']);
    expect(results[1].reason).toContain('Consumer secret is invalid');
    expect(JSON.stringify(results)).not.toContain('cs_wrong_and_secret');
  });

  it('explains Basic auth ignored on a plain-HTTP store', async () => {
    h = await startHarness({ https: false });
    const results = await wooChecks(wooConfig(h.running.baseUrl, { auth: 'basic' }), {});
    expect(summary(results)).toEqual(['ok reachable', 'FAIL keys accepted']);
    expect(results[1].reason).toMatch(/HTTPS.*oauth1/);
  });

  it('tells a read-only key from a rejected one', async () => {
    h = await startHarness({ keys: [{ consumerKey: 'ck_sandbox_key', consumerSecret: 'cs_sandbox_secret', permissions: 'read' }] });
    const results = await wooChecks(wooConfig(h.running.baseUrl), { webhookUrl: hookUrl });
    expect(summary(results)).toEqual(['ok reachable', 'ok keys accepted', 'ok read permission', 'FAIL write permission']);
    expect(results[3].reason).toContain('write permissions');
  });

  it('tells a write-only key it cannot read', async () => {
    h = await startHarness({ keys: [{ consumerKey: 'ck_sandbox_key', consumerSecret: 'cs_sandbox_secret', permissions: 'write' }] });
    const results = await wooChecks(wooConfig(h.running.baseUrl), {});
    expect(summary(results)).toEqual(['ok reachable', 'ok keys accepted', 'FAIL read permission']);
  });

  it('reports an unreachable store and stops', async () => {
    const results = await wooChecks(wooConfig('http://127.0.0.1:9', { timeoutMs: 2000 }), { webhookUrl: hookUrl });
    expect(summary(results)).toEqual(['FAIL reachable']);
  });

  it('reports a URL that is not a WooCommerce store', async () => {
    h = await startHarness();
    h.running.sim.faults.add({ kind: 'status', status: 404, path: '/orders', body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } } });
    const client = createWooClient(wooConfig(h.running.baseUrl));
    try {
      const results = await wooChecks(wooConfig(h.running.baseUrl), {}, client);
      expect(summary(results)).toEqual(['FAIL reachable']);
      expect(results[0].reason).toContain('rest_no_route');
    } finally {
      await client.close();
    }
  });
});
