import { BASIC, call, newSim, MUG, TOWEL } from './helpers';
import type { WooSimulator } from '../../../src/sandbox/woocommerce';

/** A sim with a controllable clock (ms). */
function clocked(start = Date.UTC(2026, 0, 10, 12, 0, 0), opts = {}) {
  let now = start;
  const sim = newSim({ now: () => now, ...opts });
  return { sim, tick: (s: number) => (now += s * 1000), at: () => now };
}

async function orders(sim: WooSimulator, n: number, tick?: (s: number) => void) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await call(sim, 'POST', 'orders', { line_items: [{ product_id: 11, quantity: 1 }] })).json.id);
    tick?.(10);
  }
  return ids;
}

describe('orders', () => {
  it('pages with X-WP-Total, X-WP-TotalPages and a Link header holding only prev/next', async () => {
    const sim = newSim();
    sim.seedProducts([MUG]);
    await orders(sim, 5);
    const p2 = await call(sim, 'GET', 'orders?per_page=2&page=2');
    expect(p2.headers.get('x-wp-total')).toBe('5');
    expect(p2.headers.get('x-wp-totalpages')).toBe('3');
    const link = p2.headers.get('link')!;
    expect(link).toContain('page=1>; rel="prev"');
    expect(link).toContain('page=3>; rel="next"');
    expect(link).not.toMatch(/rel="(first|last)"/);
    const last = await call(sim, 'GET', 'orders?per_page=2&page=3');
    expect(last.headers.get('link')).not.toContain('rel="next"');
    expect(last.json).toHaveLength(1);
  });

  it.each(['0', '101', 'abc'])('rejects per_page=%s with 400 rest_invalid_param', async (v) => {
    const res = await call(newSim(), 'GET', `orders?per_page=${v}`);
    expect([res.status, res.json.code]).toEqual([400, 'rest_invalid_param']);
    expect(res.json.data.params.per_page).toBeDefined();
  });

  it('treats modified_after / modified_before as STRICT bounds', async () => {
    const { sim, tick } = clocked();
    sim.seedProducts([MUG]);
    const [a, b, c] = await orders(sim, 3, tick); // modified 12:00:00, 12:00:10, 12:00:20
    const between = await call(sim, 'GET', 'orders?modified_after=2026-01-10T12:00:00&modified_before=2026-01-10T12:00:20&dates_are_gmt=true');
    expect(between.json.map((o: any) => o.id)).toEqual([b]);
    const from = await call(sim, 'GET', 'orders?modified_after=2026-01-10T11:59:59&dates_are_gmt=true&orderby=id&order=asc');
    expect(from.json.map((o: any) => o.id)).toEqual([a, b, c]);
  });

  it('compares zone-less bounds against site-local time unless dates_are_gmt=true', async () => {
    const { sim } = clocked(Date.UTC(2026, 0, 10, 12, 0, 0), { timezone: 'Europe/Berlin' });
    sim.seedProducts([MUG]);
    const [id] = await orders(sim, 1);
    const order = (await call(sim, 'GET', `orders/${id}`)).json;
    expect([order.date_modified, order.date_modified_gmt]).toEqual(['2026-01-10T13:00:00', '2026-01-10T12:00:00']);
    // 12:30 as a local bound: the order (13:00 local) is after it; as a GMT bound it is not.
    expect((await call(sim, 'GET', 'orders?modified_after=2026-01-10T12:30:00')).json).toHaveLength(1);
    expect((await call(sim, 'GET', 'orders?modified_after=2026-01-10T12:30:00&dates_are_gmt=true')).json).toHaveLength(0);
  });

  it('sorts by orderby/order (default date desc, id tiebreak) and filters by status', async () => {
    const sim = newSim();
    sim.seedProducts([MUG]);
    const ids = await orders(sim, 3);
    expect((await call(sim, 'GET', 'orders')).json.map((o: any) => o.id)).toEqual([...ids].reverse());
    expect((await call(sim, 'GET', 'orders?orderby=id&order=asc')).json.map((o: any) => o.id)).toEqual(ids);
    await call(sim, 'PUT', `orders/${ids[1]}`, { status: 'completed' });
    expect((await call(sim, 'GET', 'orders?status=completed')).json.map((o: any) => o.id)).toEqual([ids[1]]);
    expect((await call(sim, 'GET', 'orders?status=pending,completed')).json).toHaveLength(3);
    expect((await call(sim, 'GET', 'orders?status=bogus')).status).toBe(400);
  });

  it('accepts an order for an unknown product id with an empty line', async () => {
    const res = await call(newSim(), 'POST', 'orders', { line_items: [{ product_id: 424242, quantity: 1 }] });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe('pending');
    expect(res.json.line_items[0]).toMatchObject({ name: '', product_id: 0, sku: null, price: 0, total: '0.00' });
  });

  it('requires a product reference on a line item', async () => {
    const res = await call(newSim(), 'POST', 'orders', { line_items: [{ quantity: 1 }] });
    expect([res.status, res.json.code]).toEqual([400, 'woocommerce_rest_required_product_reference']);
  });

  it('renders money as strings, line price as a number, dates without zone plus *_gmt', async () => {
    const sim = newSim();
    sim.seedProducts([MUG, TOWEL]);
    const res = await call(sim, 'POST', 'orders', { set_paid: true, line_items: [{ sku: 'TOWEL-01', quantity: 3 }] });
    expect(res.json.total).toBe('23.70');
    expect(res.json.line_items[0].price).toBe(7.9);
    expect(res.text).toContain('"price":7.9,');
    expect(res.json.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(res.json.date_created_gmt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('reduces managed stock when paid and counts total_sales', async () => {
    const sim = newSim();
    sim.seedProducts([MUG]);
    await call(sim, 'POST', 'orders', { set_paid: true, line_items: [{ product_id: 11, quantity: 2 }] });
    const p = (await call(sim, 'GET', 'products/11')).json;
    expect([p.stock_quantity, p.total_sales]).toEqual([23, 2]);
  });

  it('answers an unknown order id with 404 on GET and 400 on PUT; trashes on DELETE', async () => {
    const sim = newSim();
    expect((await call(sim, 'GET', 'orders/999')).json.code).toBe('woocommerce_rest_shop_order_invalid_id');
    expect((await call(sim, 'PUT', 'orders/999', { status: 'completed' })).status).toBe(400);
    sim.seedProducts([MUG]);
    const [id] = await orders(sim, 1);
    expect((await call(sim, 'DELETE', `orders/${id}`)).json.status).toBe('trash');
    expect((await call(sim, 'GET', 'orders')).json).toEqual([]);
    expect((await call(sim, 'GET', 'orders?status=trash')).json).toHaveLength(1);
  });
});

describe('_fields', () => {
  it('trims every item to the requested top-level fields, as WordPress core does', async () => {
    const sim = newSim();
    sim.seedProducts([{ name: 'Mug', sku: 'MUG-F', regular_price: '2.00' }]);
    sim.placeOrder({ billing: { email: 'f@example.test', first_name: 'F' }, line_items: [{ sku: 'MUG-F', quantity: 1 }] });
    const res = await sim.app.request('/wp-json/wc/v3/orders?_fields=id,status,date_modified_gmt', { headers: { Authorization: BASIC } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(body.length).toBeGreaterThan(0);
    for (const order of body) expect(Object.keys(order)).toEqual(['id', 'status', 'date_modified_gmt']);
  });
});
