import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookSignature } from '../../../src/sandbox/woocommerce';
import { call, capturedScenario, newSim, startReceiver, MUG, JORG } from './helpers';
import type { WooSimulator } from '../../../src/sandbox/woocommerce';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function hook(sim: WooSimulator, topic: string, url: string, secret = 'test-webhook-secret'): Promise<number> {
  return (await call(sim, 'POST', 'webhooks', { topic, delivery_url: url, secret })).json.id;
}

const deliveriesOf = (r: Receiver) => r.received.filter((x) => x.headers['x-wc-webhook-topic']);

describe('webhook delivery', () => {
  let receiver: Receiver;
  let sim: WooSimulator;
  beforeEach(async () => {
    receiver = await startReceiver();
    sim = newSim();
  });
  afterEach(async () => {
    sim.stop();
    await receiver.close();
  });

  it('is asynchronous: nothing is sent until the queue runs', async () => {
    await hook(sim, 'order.created', receiver.url);
    await capturedScenario(sim);
    expect(deliveriesOf(receiver)).toHaveLength(0);
    await sim.flushDeliveries();
    expect(deliveriesOf(receiver)).toHaveLength(1);
  });

  it('runs the queue by itself after deliveryDelayMs', async () => {
    const quick = newSim({ deliveryDelayMs: 20 });
    try {
      await hook(quick, 'order.created', receiver.url);
      await capturedScenario(quick);
      await new Promise((r) => setTimeout(r, 300));
      expect(deliveriesOf(receiver)).toHaveLength(1);
    } finally {
      quick.stop();
    }
  });

  it('fires order.created AND order.updated for one REST order create', async () => {
    await hook(sim, 'order.created', receiver.url);
    await hook(sim, 'order.updated', receiver.url);
    await capturedScenario(sim);
    await sim.flushDeliveries();
    expect(deliveriesOf(receiver).map((r) => r.headers['x-wc-webhook-topic']).sort()).toEqual(['order.created', 'order.updated']);
  });

  it('renders the body at delivery time and coalesces pending deliveries for the same resource', async () => {
    await hook(sim, 'order.created', receiver.url);
    await hook(sim, 'order.updated', receiver.url);
    await capturedScenario(sim);
    await call(sim, 'PUT', 'orders/13', { status: 'completed' });
    await call(sim, 'PUT', 'orders/13', { customer_note: 'again' });
    await sim.flushDeliveries();
    const got = deliveriesOf(receiver);
    expect(got).toHaveLength(2);
    const created = got.find((r) => r.headers['x-wc-webhook-topic'] === 'order.created')!;
    expect(JSON.parse(created.body).status).toBe('completed'); // a "created" delivery already shows the later state
  });

  it('signs the exact body: base64 HMAC-SHA256 with the HTML-entity-decoded secret', async () => {
    await hook(sim, 'order.created', receiver.url, 'a&amp;b&#039;c');
    await capturedScenario(sim);
    await sim.flushDeliveries();
    const [d] = deliveriesOf(receiver);
    expect(d.headers['x-wc-webhook-signature']).toBe(webhookSignature(d.body, "a&b'c"));
    expect(d.headers['x-wc-webhook-signature']).toBe(
      require('node:crypto').createHmac('sha256', "a&b'c").update(d.body).digest('base64'),
    );
    expect(d.headers['x-wc-webhook-source']).toBe('http://localhost/');
    expect(d.headers['x-wc-webhook-id']).toBe('1');
    expect([d.headers['x-wc-webhook-resource'], d.headers['x-wc-webhook-event']]).toEqual(['order', 'created']);
  });

  it('gives one webhook the same Delivery-ID within one second (not unique per event)', async () => {
    const fixed = newSim({ now: () => 1_800_000_000_000 });
    try {
      await hook(fixed, 'product.created', receiver.url);
      fixed.seedProducts([{ name: 'A' }, { name: 'B' }]);
      await fixed.flushDeliveries();
      const ids = deliveriesOf(receiver).map((r) => r.headers['x-wc-webhook-delivery-id']);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBe(ids[1]);
    } finally {
      fixed.stop();
    }
  });

  it('delivers a refund as order.updated on the parent, with refunds[]', async () => {
    await capturedScenario(sim);
    await hook(sim, 'order.updated', receiver.url);
    await call(sim, 'POST', 'orders/13/refunds', { amount: '12.50', reason: 'r', api_refund: false, line_items: [{ id: 1, quantity: 1, refund_total: 12.5 }] });
    await sim.flushDeliveries();
    const [d] = deliveriesOf(receiver);
    expect(JSON.parse(d.body).refunds).toEqual([{ id: 14, reason: 'r', total: '-12.50' }]);
  });

  it('delivers a checkout-draft order as order.updated only', async () => {
    sim.seedProducts([MUG]);
    await hook(sim, 'order.created', receiver.url);
    await hook(sim, 'order.updated', receiver.url);
    sim.placeOrder({ billing: { email: 'g@example.test' }, line_items: [{ sku: MUG.sku }], status: 'checkout-draft' });
    await sim.flushDeliveries();
    const got = deliveriesOf(receiver);
    expect(got.map((r) => r.headers['x-wc-webhook-topic'])).toEqual(['order.updated']);
    expect(JSON.parse(got[0].body).status).toBe('checkout-draft');
  });

  it('sends only {"id":N} for order.deleted (trash)', async () => {
    await capturedScenario(sim);
    await hook(sim, 'order.deleted', receiver.url);
    await call(sim, 'DELETE', 'orders/13');
    await sim.flushDeliveries();
    expect(deliveriesOf(receiver).map((r) => r.body)).toEqual(['{"id":13}']);
  });

  it('fires product.updated when an order reduces stock and customer.created for a new customer', async () => {
    await hook(sim, 'product.updated', receiver.url);
    await hook(sim, 'customer.created', receiver.url);
    await capturedScenario(sim);
    await sim.flushDeliveries();
    const topics = deliveriesOf(receiver).map((r) => [r.headers['x-wc-webhook-topic'], JSON.parse(r.body).id]);
    expect(topics).toEqual(expect.arrayContaining([['product.updated', 11], ['customer.created', 2]]));
  });

  it('can make the next body a WordPress error object (owner-deleted quirk)', async () => {
    await hook(sim, 'order.created', receiver.url);
    sim.failNextDeliveryRender();
    await capturedScenario(sim);
    await sim.flushDeliveries();
    const [d] = deliveriesOf(receiver);
    expect(JSON.parse(d.body)).toEqual({ code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
    expect(d.headers['x-wc-webhook-signature']).toBe(webhookSignature(d.body, 'test-webhook-secret'));
  });

  it('disables the webhook on the 7th consecutive failure (failure_count 1..6), re-enabling keeps the count', async () => {
    const id = await hook(sim, 'order.updated', receiver.url);
    receiver.setStatuses([500]);
    sim.seedProducts([MUG]);
    const counts: [number, string][] = [];
    for (let i = 0; i < 7; i++) {
      await call(sim, 'POST', 'orders', { line_items: [{ product_id: 11 }] });
      await sim.flushDeliveries();
      const w = sim.webhooks()[0];
      counts.push([w.failure_count, w.status]);
    }
    expect(counts).toEqual([
      [1, 'active'], [2, 'active'], [3, 'active'], [4, 'active'], [5, 'active'], [6, 'active'], [6, 'disabled'],
    ]);
    expect((await call(sim, 'GET', 'webhooks?status=disabled')).json.map((w: any) => w.id)).toEqual([id]);

    const pingsBefore = receiver.received.filter((r) => !r.headers['x-wc-webhook-topic']).length;
    await call(sim, 'PUT', `webhooks/${id}`, { status: 'active' });
    expect(sim.webhooks()[0].failure_count).toBe(6);
    expect(receiver.received.filter((r) => !r.headers['x-wc-webhook-topic']).length).toBe(pingsBefore); // no ping

    await call(sim, 'POST', 'orders', { line_items: [{ product_id: 11 }] });
    await sim.flushDeliveries();
    expect(sim.webhooks()[0].status).toBe('disabled'); // one more failure is enough

    await call(sim, 'PUT', `webhooks/${id}`, { status: 'active' });
    receiver.setStatuses([200]);
    await call(sim, 'POST', 'orders', { line_items: [{ product_id: 11 }] });
    await sim.flushDeliveries();
    expect(sim.webhooks()[0]).toMatchObject({ failure_count: 0, status: 'active' });
  });

  it('counts 2xx, 300, 301 and 302 as success without following redirects; 303 and 4xx fail', async () => {
    await hook(sim, 'order.updated', receiver.url);
    sim.seedProducts([MUG]);
    const outcome: [number, number][] = [];
    for (const status of [204, 301, 302, 303, 404]) {
      receiver.setStatuses([status]);
      await call(sim, 'POST', 'orders', { line_items: [{ product_id: 11 }] });
      await sim.flushDeliveries();
      outcome.push([status, sim.webhooks()[0].failure_count]);
    }
    expect(outcome).toEqual([[204, 0], [301, 0], [302, 0], [303, 1], [404, 2]]);
    expect(receiver.received.some((r) => r.path === '/redirected')).toBe(false);
  });

  it('fails deliveries to loopback/private hosts unless allowUnsafeDeliveryUrls, counting them as failures', async () => {
    const strict = newSim({ allowUnsafeDeliveryUrls: false, deliveryDelayMs: 60_000 });
    try {
      await hook(strict, 'order.created', receiver.url);
      await capturedScenario(strict);
      await strict.flushDeliveries();
      expect(receiver.received).toHaveLength(0); // not even the ping got through
      const d = strict.deliveries().find((x) => x.kind === 'delivery')!;
      expect(d.error).toMatch(/A valid URL was not provided/);
      expect(d.status).toBeUndefined();
      expect(strict.webhooks()[0]).toMatchObject({ failure_count: 1, pending_delivery: true });
    } finally {
      strict.stop();
    }
  });

  it('gives up after deliveryTimeoutMs and counts the timeout as a failure', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const slow = newSim({ deliveryTimeoutMs: 200, pingTimeoutMs: 200 });
    try {
      await hook(slow, 'order.created', `http://127.0.0.1:${port}/hooks`);
      await capturedScenario(slow);
      await slow.flushDeliveries();
      const d = slow.deliveries().find((x) => x.kind === 'delivery')!;
      expect(d.error).toMatch(/http_request_failed/);
      expect(slow.webhooks()[0].failure_count).toBe(1);
    } finally {
      slow.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('records every delivery for inspection: webhook id, topic, status, body, headers, at', async () => {
    await hook(sim, 'customer.created', receiver.url);
    sim.seedCustomers([JORG]);
    await sim.flushDeliveries();
    const [ping, d] = sim.deliveries();
    expect(ping).toMatchObject({ kind: 'ping', status: 200, body: 'webhook_id=1' });
    expect(d).toMatchObject({ kind: 'delivery', webhookId: 1, topic: 'customer.created', status: 200, url: receiver.url });
    expect(d.headers['X-WC-Webhook-Topic']).toBe('customer.created');
    expect(JSON.parse(d.body).email).toBe(JORG.email);
    expect(typeof d.at).toBe('number');
  });
});
