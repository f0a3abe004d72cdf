import { readdirSync } from 'node:fs';
import path from 'node:path';
import { phpJsonEncode, webhookSignature } from '../../../src/sandbox/woocommerce';
import { call, capturedScenario, FIXTURES, fixture, fixtureText, newSim, startReceiver, MUG } from './helpers';

/** Key order and JSON types, recursively; an empty array on either side matches any array. */
function shapeDiff(a: unknown, b: unknown, at = '$'): string[] {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(a) !== kind(b)) return [`${at}: ${kind(a)} vs ${kind(b)}`];
  if (Array.isArray(a) && Array.isArray(b)) return a.length && b.length ? shapeDiff(a[0], b[0], `${at}[0]`) : [];
  if (a && typeof a === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    if (ka.join() !== kb.join()) return [`${at}: keys ${ka.join(',')} vs ${kb.join(',')}`];
    return ka.flatMap((k) => shapeDiff((a as any)[k], (b as any)[k], `${at}.${k}`));
  }
  return [];
}

const webhookFixtures = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('webhook_') && f !== 'webhook_ping.json')
    .map((f) => path.join(path.relative(FIXTURES, dir), f));

describe('fidelity against the WooCommerce 9.9.5 / 11.0.1 captures', () => {
  it('re-encoding every captured body with phpJsonEncode reproduces its exact bytes', () => {
    const rest = readdirSync(FIXTURES).filter((f) => f.startsWith('rest_') && f !== 'rest_orders_list_page1_per_page1.json');
    const bodies = [
      ...rest.map((f) => fixtureText(f).trimEnd()),
      ...readdirSync(path.join(FIXTURES, 'wc-11.0.1'))
        .filter((f) => f.startsWith('rest_'))
        .map((f) => fixtureText(`wc-11.0.1/${f}`).trimEnd()),
      ...[...webhookFixtures(FIXTURES), ...webhookFixtures(path.join(FIXTURES, 'wc-11.0.1'))].map((f) => fixture(f).body),
      fixture('rest_orders_list_page1_per_page1.json').body,
    ];
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(phpJsonEncode(JSON.parse(body))).toBe(body);
  });

  it('the simulator signature scheme verifies every captured delivery with secret test-webhook-secret', () => {
    const files = [...webhookFixtures(FIXTURES), ...webhookFixtures(path.join(FIXTURES, 'wc-11.0.1'))];
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const { headers, body } = fixture(f);
      expect(webhookSignature(body, 'test-webhook-secret')).toBe(headers['X-WC-Webhook-Signature']);
    }
  });

  it('product create (edit context) and get (view context) have the captured shape', async () => {
    const sim = newSim();
    const created = await call(sim, 'POST', 'products', MUG);
    expect(shapeDiff(created.json, fixture('rest_product_create_201.json'))).toEqual([]);
    const got = await call(sim, 'GET', `products/${created.json.id}`);
    expect(shapeDiff(got.json, fixture('rest_product_get_200.json'))).toEqual([]);
    expect(got.json.description).toBe(fixture('rest_product_get_200.json').description);
  });

  it('customer create and get have the captured shape, avatar hash included', async () => {
    const sim = newSim();
    const { customer } = await capturedScenario(sim);
    expect(shapeDiff(customer.json, fixture('rest_customer_create_201.json'))).toEqual([]);
    expect(customer.json.avatar_url).toBe(fixture('rest_customer_create_201.json').avatar_url);
    const got = await call(sim, 'GET', `customers/${customer.json.id}`);
    expect(shapeDiff(got.json, fixture('rest_customer_get_200.json'))).toEqual([]);
    expect(got.json.is_paying_customer).toBe(true);
  });

  it('order create has the captured shape and values for the same inputs (ids 11, 12, 13 as captured)', async () => {
    const sim = newSim();
    const { order } = await capturedScenario(sim);
    const want = fixture('rest_order_create_201.json');
    expect(shapeDiff(order.json, want)).toEqual([]);
    for (const k of ['id', 'status', 'total', 'shipping_total', 'customer_id', 'customer_note', 'meta_data', 'number'] as const) {
      expect({ [k]: k === 'meta_data' ? order.json[k].map((m: any) => m.key) : order.json[k] }).toEqual({
        [k]: k === 'meta_data' ? want[k].map((m: any) => m.key) : want[k],
      });
    }
    expect(order.json.line_items.map((i: any) => [i.name, i.price, i.total, i.sku])).toEqual(
      want.line_items.map((i: any) => [i.name, i.price, i.total, i.sku]),
    );
  });

  it('order create on 11.0.1 adds global_unique_id to items like the 11.0.1 capture', async () => {
    const sim = newSim({ wcVersion: '11.0.1' });
    const { order } = await capturedScenario(sim);
    expect(shapeDiff(order.json, fixture('wc-11.0.1/rest_order_create_201.json'))).toEqual([]);
  });

  it('refund create and the order after it have the captured shapes (9.9.5 and 11.0.1)', async () => {
    for (const [version, dir] of [['9.9.5', ''], ['11.0.1', 'wc-11.0.1/']]) {
      const sim = newSim({ wcVersion: version });
      await capturedScenario(sim);
      const refund = await call(sim, 'POST', 'orders/13/refunds', {
        amount: '12.50',
        reason: 'Damaged in transit – one mug',
        api_refund: false,
        line_items: [{ id: 1, quantity: 1, refund_total: 12.5 }],
      });
      expect(refund.status).toBe(201);
      expect(shapeDiff(refund.json, fixture(`${dir}rest_order_refund_create_201.json`))).toEqual([]);
      expect(refund.json.id).toBe(14);
      const batch = await call(sim, 'POST', 'orders/batch', { update: [{ id: 13, status: 'completed' }, { id: 999999, status: 'completed' }] });
      expect(batch.status).toBe(200);
      expect(shapeDiff(batch.json, fixture(`${dir}rest_orders_batch_one_error_200.json`))).toEqual([]);
      expect(batch.json.update[1]).toEqual(fixture(`${dir}rest_orders_batch_one_error_200.json`).update[1]);
    }
    const sim = newSim();
    await capturedScenario(sim);
    await call(sim, 'POST', 'orders/13/refunds', { amount: '12.50', api_refund: false, line_items: [{ id: 1, quantity: 1, refund_total: 12.5 }] });
    const after = await call(sim, 'GET', 'orders/13');
    expect(shapeDiff(after.json, fixture('rest_order_get_after_refund_200.json'))).toEqual([]);
    expect(after.json.line_items[0].meta_data.map((m: any) => [m.key, m.value])).toEqual([
      ['_reduced_stock', '1'],
      ['_restock_refunded_items', '1'],
    ]);
  });

  it('products batch with two errors matches the capture, error items included', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const res = await call(sim, 'POST', 'products/batch', {
      create: [{ name: 'Espresso Cup', sku: 'CUP-ESP-01', regular_price: '6.00' }, { name: 'Dup', sku: 'MUG-CAFE-350' }],
      update: [{ id: 12, regular_price: '8.50' }, { id: 999999, regular_price: '1.00' }],
    });
    const want = fixture('rest_products_batch_two_errors_200.json');
    expect(res.status).toBe(200);
    expect(shapeDiff(res.json, want)).toEqual([]);
    expect(res.json.create[1]).toEqual(want.create[1]);
    expect(res.json.update[1]).toEqual(want.update[1]);
  });

  it('orders list page has the captured element shape; unknown product order matches its capture', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const unknown = await call(sim, 'POST', 'orders', { line_items: [{ product_id: 424242, quantity: 1 }] });
    expect(unknown.status).toBe(201);
    const want = fixture('rest_order_create_unknown_product_201.json');
    expect(shapeDiff(unknown.json, want)).toEqual([]);
    expect(unknown.json.line_items).toEqual([{ ...want.line_items[0], id: unknown.json.line_items[0].id }]);
    const page = await call(sim, 'GET', 'orders?per_page=1&page=1');
    expect(shapeDiff(page.json, JSON.parse(fixture('rest_orders_list_page1_per_page1.json').body))).toEqual([]);
  });

  it('error bodies are byte-identical to the captured ones', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    expect((await call(sim, 'GET', 'products/999999')).text).toBe(fixtureText('rest_error_404_invalid_id.json').trimEnd());
    expect((await call(sim, 'POST', 'products', { name: 'x', sku: 'MUG-CAFE-350' })).text).toBe(
      fixtureText('rest_error_400_duplicate_sku.json').trimEnd(),
    );
    const badSecret = 'Basic ' + Buffer.from('ck_sandbox_key:wrong').toString('base64');
    expect((await call(sim, 'GET', 'orders', undefined, { Authorization: badSecret })).text).toBe(
      fixtureText('rest_error_401_bad_secret.json').trimEnd(),
    );
    const http = newSim({ https: false });
    expect((await call(http, 'GET', 'orders')).text).toBe(fixtureText('rest_error_401_basic_auth_over_http.json').trimEnd());
  });

  it('webhook create response has the captured shape (no secret, no failure_count)', async () => {
    const sim = newSim();
    const res = await call(sim, 'POST', 'webhooks', {
      name: 'Order updated (test)',
      topic: 'order.updated',
      delivery_url: 'http://127.0.0.1:9/hooks/order-updated',
      secret: 'test-webhook-secret',
    });
    expect(res.status).toBe(201);
    expect(shapeDiff(res.json, fixture('rest_webhook_create_201.json'))).toEqual([]);
    expect(res.json.hooks).toEqual(fixture('rest_webhook_create_201.json').hooks);
  });

  it('deliveries carry the captured header set and body shape; the ping looks like the captured ping', async () => {
    const receiver = await startReceiver();
    const sim = newSim();
    try {
      for (const topic of ['order.created', 'order.updated']) {
        await call(sim, 'POST', 'webhooks', { topic, delivery_url: receiver.url, secret: 'test-webhook-secret' });
      }
      await capturedScenario(sim);
      await sim.flushDeliveries();
      const lower = (h: Record<string, string>) => Object.keys(h).map((k) => k.toLowerCase()).sort();
      const ping = receiver.received[0];
      expect(ping.body).toBe('webhook_id=1');
      expect(lower(ping.headers)).toEqual(lower(fixture('webhook_ping.json').headers));
      expect(ping.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const created = receiver.received.find((r) => r.headers['x-wc-webhook-topic'] === 'order.created')!;
      const want = fixture('webhook_order_created.json');
      expect(lower(created.headers)).toEqual(lower(want.headers));
      expect(created.headers['user-agent']).toBe(want.headers['User-Agent']);
      expect(created.headers['content-type']).toBe('application/json');
      expect(created.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(created.headers['x-wc-webhook-signature']).toBe(webhookSignature(created.body, 'test-webhook-secret'));
      expect(shapeDiff(JSON.parse(created.body), JSON.parse(want.body))).toEqual([]);
      expect(created.body).toMatch(/"J\\u00f6rg"/);
      expect(created.body).toContain('http:\\/\\/');
      expect(/[^\x00-\x7f]/.test(created.body)).toBe(false);
    } finally {
      await receiver.close();
      sim.stop();
    }
  });
});
