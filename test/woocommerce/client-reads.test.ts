import { isWooError, type WooOrder } from '../../src/woocommerce';
import { products, startHarness, type Harness } from './sim';
import { fixtureJson } from '../helpers/fixtures';

describe('reads against the simulator', () => {
  let h: Harness;
  let clock = Date.parse('2026-03-02T13:00:00Z');
  beforeAll(async () => {
    // A non-UTC store: without dates_are_gmt=true the bounds would be compared with local times and miss.
    h = await startHarness({ now: () => clock, timezone: 'Europe/Berlin' });
  });
  afterAll(() => h.close());
  beforeEach(() => h.running.sim.reset());

  it('pages a collection of 250 with per_page=100 following the paging headers', async () => {
    h.running.sim.seedProducts(products(250));
    const sizes: number[] = [];
    for await (const page of h.client.pages('/products')) sizes.push(page.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(h.running.sim.calls.count('/wc/v3/products', 'GET')).toBe(3);
  });

  it('pages with query-string credentials without following the Link URL that echoes them', async () => {
    const q = await startHarness({}, { auth: 'query' });
    try {
      q.running.sim.seedProducts(products(5));
      const sizes: number[] = [];
      for await (const page of q.client.pages('/products', { per_page: 2 })) sizes.push(page.length);
      expect(sizes).toEqual([2, 2, 1]);
    } finally {
      await q.close();
    }
  });

  it('getOrder parses a placed order; an unknown id is not-found', async () => {
    const [p] = h.running.sim.seedProducts([{ sku: 'MUG', name: 'Mug', regular_price: '12.50' }]);
    const placed = h.running.sim.placeOrder({ line_items: [{ sku: 'MUG', quantity: 2 }], billing: { email: 'a@example.test' } });
    const order = await h.client.getOrder(placed.id as number);
    expect(order).toMatchObject({ id: placed.id, total: expect.any(String) });
    expect(order.line_items[0]).toMatchObject({ product_id: p.id, sku: 'MUG', quantity: 2, price: 12.5 });
    await expect(h.client.getOrder(999999)).rejects.toMatchObject({ category: 'not-found', status: 404, retryable: false });
  });

  it('ordersModified sends UTC bounds with dates_are_gmt and honours them strictly', async () => {
    h.running.sim.seedProducts([{ sku: 'MUG', name: 'Mug', regular_price: '1.00' }]);
    const at = (iso: string) => {
      clock = Date.parse(iso);
      return h.running.sim.placeOrder({ line_items: [{ sku: 'MUG', quantity: 1 }], billing: { email: 'a@example.test' } }).id as number;
    };
    const early = at('2026-03-02T10:00:00Z');
    const edge = at('2026-03-02T11:00:00Z');
    const inside = at('2026-03-02T11:30:00Z');
    const late = at('2026-03-02T12:00:00Z');
    const seen = async (window: { after: Date; before?: Date }) => {
      const ids: number[] = [];
      for await (const page of h.client.ordersModified(window)) ids.push(...page.map((o) => (o.unreadable ? -1 : o.id)));
      return ids;
    };
    // The bound equal to a modification time excludes it: callers overlap windows.
    expect(await seen({ after: new Date('2026-03-02T11:00:00Z'), before: new Date('2026-03-02T12:00:00Z') })).toEqual([inside]);
    // A Date in another zone is converted to UTC.
    expect(await seen({ after: new Date('2026-03-02T11:59:59+01:00') })).toEqual([edge, inside, late]);
    expect(early).toBeLessThan(edge);
  });

  it('ordersModified pages across several requests in id order', async () => {
    h.running.sim.seedProducts([{ sku: 'MUG', name: 'Mug', regular_price: '1.00' }]);
    clock = Date.parse('2026-03-03T00:00:00Z');
    const ids = Array.from({ length: 130 }, () => h.running.sim.placeOrder({ line_items: [{ sku: 'MUG', quantity: 1 }], billing: { email: 'a@example.test' } }).id as number);
    const got: number[] = [];
    for await (const page of h.client.ordersModified({ after: new Date('2026-03-02T23:00:00Z') })) got.push(...page.map((o) => (o.unreadable ? -1 : o.id)));
    expect(got).toEqual(ids);
    expect(h.running.sim.calls.count('/wc/v3/orders', 'GET')).toBe(2);
  });

  it('reads refunds with negative lines', async () => {
    h.running.sim.seedProducts([{ sku: 'MUG', name: 'Mug', regular_price: '12.50' }]);
    const order = h.running.sim.placeOrder({ line_items: [{ sku: 'MUG', quantity: 2 }], billing: { email: 'a@example.test' } });
    const refund = h.running.sim.createRefund(order.id as number, { reason: 'Damaged', line_items: [{ sku: 'MUG', quantity: 1 }] });
    const got = await h.client.getRefund(order.id as number, refund.id as number);
    expect(got).toMatchObject({ id: refund.id, amount: '12.50', reason: 'Damaged' });
    expect(got.line_items[0]).toMatchObject({ quantity: -1, total: '-12.50' });
    expect(await h.client.listRefunds(order.id as number)).toHaveLength(1);
    const after = await h.client.getOrder(order.id as number);
    expect(after.refunds).toEqual([expect.objectContaining({ id: refund.id, total: '-12.50' })]);
  });

  it('finds products by exact SKU, variations included, preferring a non-variation', async () => {
    const [variable] = h.running.sim.seedProducts([
      { sku: 'TEE', name: 'Tee', type: 'variable', variations: [{ sku: 'TEE-S', regular_price: '10.00' }, { sku: 'TEE-M', regular_price: '10.00' }] },
      { sku: 'TEE-SOLO', name: 'Solo', regular_price: '5.00' },
    ]);
    const found = await h.client.findProductsBySku(['TEE-S', 'TEE-SOLO', 'TEE-']);
    expect(found.map((p) => p.sku).sort()).toEqual(['TEE-S', 'TEE-SOLO']);

    const variation = await h.client.findProductBySku('TEE-M');
    expect(variation).toMatchObject({ sku: 'TEE-M', type: 'variation', parent_id: variable.id });
    expect(await h.client.findProductBySku('TEE-SOLO')).toMatchObject({ type: 'simple' });
    expect(await h.client.findProductBySku('MISSING')).toBeUndefined();
  });

  it('looks up many SKUs in chunks', async () => {
    h.running.sim.seedProducts(products(120));
    const found = await h.client.findProductsBySku(products(120).map((p) => p.sku));
    expect(found).toHaveLength(120);
    expect(h.running.sim.calls.count('/wc/v3/products', 'GET')).toBe(3);
  });

  it('finds a customer by email in any role (role=all)', async () => {
    h.running.sim.seedCustomers([
      { email: 'manager@example.test', first_name: 'Mia', role: 'shop_manager' },
      { email: 'buyer@example.test', first_name: 'Bo' },
    ]);
    expect(await h.client.findCustomerByEmail('manager@example.test')).toMatchObject({ role: 'shop_manager', first_name: 'Mia' });
    expect(await h.client.findCustomerByEmail('Buyer@Example.test')).toMatchObject({ role: 'customer' });
    expect(await h.client.findCustomerByEmail('nobody@example.test')).toBeUndefined();
  });

  it('a response in an unexpected shape is a permanent error naming the field', async () => {
    const real = fixtureJson('rest_order_create_201.json');
    h.running.sim.faults.add({ kind: 'status', status: 200, path: '/orders/5', body: { ...real, total: 37.8 }, times: 1 });
    const err = await h.client.getOrder(5).catch((e) => e);
    expect(isWooError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'invalid_response', retryable: false });
    expect(err.message).toContain('total: Expected string, received number');
  });
});
