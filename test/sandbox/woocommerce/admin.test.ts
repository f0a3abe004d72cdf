import { call, newSim, startReceiver, MUG, TOWEL, JORG } from './helpers';
import { startShopper } from '../../../src/sandbox/woocommerce';

async function admin(sim: ReturnType<typeof newSim>, method: string, path: string, body?: unknown) {
  const res = await sim.app.request(`/_admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('admin API and shopper', () => {
  it('places a shopper order by customer e-mail and SKU, firing order.created + order.updated', async () => {
    const receiver = await startReceiver();
    const sim = newSim();
    try {
      sim.seedProducts([MUG, TOWEL]);
      sim.seedCustomers([JORG]);
      sim.seedCoupons([{ code: 'TEN', discount_type: 'percent', amount: 10 }]);
      for (const topic of ['order.created', 'order.updated']) {
        await call(sim, 'POST', 'webhooks', { topic, delivery_url: receiver.url, secret: 's' });
      }
      const res = await admin(sim, 'POST', '/shopper/orders', {
        customer_email: JORG.email,
        line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01' }],
        shipping: '4.90',
        coupon: 'TEN',
        fee: { name: 'Gift wrap', total: '1.00' },
      });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        status: 'processing',
        customer_id: 2,
        created_via: 'checkout',
        discount_total: '3.29',
        total: '35.51',
        billing: { email: JORG.email, city: 'Berlin' },
      });
      await (await admin(sim, 'POST', '/deliveries/flush')).json;
      const topics = (await admin(sim, 'GET', '/deliveries?kind=delivery')).json.map((d: any) => d.topic).sort();
      expect(topics).toEqual(['order.created', 'order.updated']);
    } finally {
      sim.stop();
      await receiver.close();
    }
  });

  it('refuses a shopper order for an unknown SKU or beyond stock (a shop cannot sell it)', async () => {
    const sim = newSim();
    sim.seedProducts([{ ...MUG, stock_quantity: 1 }]);
    expect((await admin(sim, 'POST', '/shopper/orders', { billing: { email: 'g@example.test' }, line_items: [{ sku: 'NOPE' }] })).status).toBe(400);
    const res = await admin(sim, 'POST', '/shopper/orders', { billing: { email: 'g@example.test' }, line_items: [{ sku: MUG.sku, quantity: 2 }] });
    expect([res.status, res.json.code]).toEqual([400, 'sandbox_out_of_stock']);
  });

  it('changes status, refunds as the merchant and edits a product by hand', async () => {
    const sim = newSim();
    sim.seedProducts([MUG]);
    const order = sim.placeOrder({ billing: { email: 'g@example.test' }, line_items: [{ sku: MUG.sku, quantity: 2 }] }) as any;
    expect((await admin(sim, 'POST', `/orders/${order.id}/status`, { status: 'completed' })).json.status).toBe('completed');
    const refund = await admin(sim, 'POST', `/orders/${order.id}/refunds`, { reason: 'broken', line_items: [{ sku: MUG.sku, quantity: 1 }] });
    expect(refund.json).toMatchObject({ amount: '12.50', refunded_payment: false });
    expect(refund.json.line_items[0]).toMatchObject({ quantity: -1, total: '-12.50' });
    const edited = await admin(sim, 'PATCH', '/products/11', { regular_price: '14.00' });
    expect(edited.json.regular_price).toBe('14.00');
    expect((await call(sim, 'GET', 'products/11')).json.price).toBe('14.00');
  });

  it('shows webhook state with failure_count and pending_delivery', async () => {
    const sim = newSim({ allowUnsafeDeliveryUrls: false });
    await call(sim, 'POST', 'webhooks', { topic: 'order.created', delivery_url: 'http://127.0.0.1:1/x', secret: 's' });
    const [w] = (await admin(sim, 'GET', '/webhooks')).json;
    expect(w).toMatchObject({ failure_count: 0, pending_delivery: true, status: 'active', secret: 's' });
  });

  it('injects faults shaped like WordPress errors, logs calls and resets', async () => {
    const sim = newSim();
    const { json } = await admin(sim, 'POST', '/faults', { path: '/orders', kind: 'status', status: 503, times: 1 });
    expect(json.id).toBeDefined();
    expect((await call(sim, 'GET', 'orders')).status).toBe(503);
    expect((await call(sim, 'GET', 'orders')).status).toBe(200);
    const calls = (await admin(sim, 'GET', '/calls')).json;
    expect(calls.filter((c: any) => c.path === '/wp-json/wc/v3/orders')).toHaveLength(2);
    await admin(sim, 'POST', '/faults', { path: '/products', kind: 'status', status: 500 });
    expect((await call(sim, 'GET', 'products')).json.code).toBe('internal_server_error');
    await admin(sim, 'DELETE', '/faults');
    expect((await call(sim, 'GET', 'products')).status).toBe(200);
    sim.seedProducts([MUG]);
    await admin(sim, 'POST', '/reset');
    expect(sim.products()).toEqual([]);
    expect((await admin(sim, 'GET', '/calls')).json).toEqual([]);
  });

  it('runs a seeded shopper that places orders from published products and sometimes refunds', () => {
    const sim = newSim();
    sim.seedProducts([MUG, TOWEL, { name: 'Draft', sku: 'DRAFT', regular_price: '1.00', status: 'draft' }]);
    sim.seedCustomers([JORG]);
    const shopper = startShopper(sim, { everyMs: 60_000, seed: 7, refundRate: 0.3 });
    try {
      for (let i = 0; i < 20; i++) shopper.tick();
    } finally {
      shopper.stop();
    }
    expect(shopper.ordersPlaced).toBeGreaterThan(5);
    expect(shopper.refundsMade).toBeGreaterThan(0);
    const skus = sim.orders().flatMap((o: any) => o.line_items.map((i: any) => i.sku));
    expect(skus).not.toContain('DRAFT');
    expect(sim.orders().some((o: any) => o.customer_id === 2)).toBe(true);
    expect(sim.orders().some((o: any) => o.customer_id === 0)).toBe(true);
  });
});
