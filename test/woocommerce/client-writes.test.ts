import { products, startHarness, type Harness } from './sim';

describe('batch writes and upserts against the simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.running.sim.reset());

  it('splits 250 items into 3 requests and surfaces a failing item on its own, in input order', async () => {
    h.running.sim.seedProducts([{ sku: 'SKU-7', name: 'Already there', regular_price: '1.00' }]);
    const result = await h.client.batch<{ id: number; sku: string }>('products', { create: products(250) });
    expect(h.running.sim.calls.count('/products/batch', 'POST')).toBe(3);
    expect(result.create).toHaveLength(250);
    const failed = result.create.flatMap((r, i) => (r.ok ? [] : [{ i, r }]));
    expect(failed).toHaveLength(1);
    expect(failed[0].i).toBe(6);
    expect(failed[0].r).toMatchObject({
      ok: false,
      input: { sku: 'SKU-7' },
      error: { code: 'product_invalid_sku', category: 'validation', status: 400, data: expect.objectContaining({ resource_id: expect.any(Number) }) },
    });
    const okSkus = result.create.flatMap((r) => (r.ok ? [r.item.sku] : []));
    expect(okSkus[0]).toBe('SKU-1');
    expect(okSkus[249 - 1]).toBe('SKU-250');
  });

  it('counts create, update and delete together against the limit', async () => {
    const seeded = h.running.sim.seedProducts(products(80, 'OLD'));
    const result = await h.client.batch('products', {
      create: products(50, 'NEW'),
      update: seeded.slice(0, 40).map((p) => ({ id: p.id as number, regular_price: '2.00' })),
      delete: [...seeded.slice(40).map((p) => p.id as number), 999999],
    });
    expect(h.running.sim.calls.count('/products/batch', 'POST')).toBe(2);
    expect(result.create.every((r) => r.ok)).toBe(true);
    expect(result.update.every((r) => r.ok)).toBe(true);
    expect(result.delete.slice(0, 40).every((r) => r.ok)).toBe(true);
    expect(result.delete[40]).toMatchObject({ ok: false, input: 999999, error: { code: 'woocommerce_rest_product_invalid_id', category: 'not-found' } });
  });

  it('a smaller store limit is honoured when configured', async () => {
    const small = await startHarness({ batchLimit: 10 }, {}, 10);
    try {
      const result = await small.client.batch('products', { create: products(25) });
      expect(small.running.sim.calls.count('/products/batch', 'POST')).toBe(3);
      expect(result.create.every((r) => r.ok)).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('upsertProducts creates new SKUs, updates known ids, and turns a duplicate SKU into an update via resource_id', async () => {
    const [existing, known] = h.running.sim.seedProducts([
      { sku: 'MUG', name: 'Old mug', regular_price: '10.00' },
      { sku: 'CUP', name: 'Cup', regular_price: '3.00' },
    ]);
    const results = await h.client.upsertProducts([
      { sku: 'NEW-1', name: 'New', regular_price: '1.00' },
      { sku: 'MUG', name: 'New mug name', regular_price: '11.00' },
      { id: known.id as number, sku: 'CUP', regular_price: '3.50' },
    ]);
    expect(results.map((r) => r.ok && r.action)).toEqual(['created', 'updated', 'updated']);
    expect(results[1]).toMatchObject({ ok: true, item: { id: existing.id, name: 'New mug name', regular_price: '11.00' } });
    expect(results[2]).toMatchObject({ ok: true, item: { id: known.id, regular_price: '3.50' } });
    // One create batch, one re-read of the blocking product, one update batch; never a second create.
    expect(h.running.sim.calls.count('/products/batch', 'POST')).toBe(2);
    expect(h.running.sim.calls.count(`/products/${existing.id}`, 'GET')).toBe(1);
    expect(h.running.sim.products().filter((p) => p.sku === 'MUG')).toHaveLength(1);
  });

  it('upsertProducts replayed after a half-done run creates nothing twice', async () => {
    const items = products(3, 'REPLAY');
    await h.client.upsertProducts(items);
    const again = await h.client.upsertProducts(items);
    expect(again.map((r) => r.ok && r.action)).toEqual(['updated', 'updated', 'updated']);
    expect(h.running.sim.products()).toHaveLength(3);
  });

  it('upsertProducts does not update a variation through /products/batch but says which one holds the SKU', async () => {
    const [parent] = h.running.sim.seedProducts([{ sku: 'TEE', name: 'Tee', type: 'variable', variations: [{ sku: 'TEE-S', regular_price: '9.00' }] }]);
    const [r] = await h.client.upsertProducts([{ sku: 'TEE-S', name: 'Tee S', regular_price: '9.50' }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'product_invalid_sku', category: 'validation', data: { parent_id: parent.id } } });
    expect(r.ok ? '' : r.error.message).toContain(`variation`);
  });

  it('upsertCustomers resolves registration-error-email-exists by looking up any role and updating', async () => {
    const [manager] = h.running.sim.seedCustomers([{ email: 'mia@example.test', first_name: 'Mia', role: 'shop_manager' }]);
    const results = await h.client.upsertCustomers([
      { email: 'new@example.test', first_name: 'Nia' },
      { email: 'mia@example.test', first_name: 'Mia-Renamed', billing: { city: 'Berlin' } },
    ]);
    expect(results[0]).toMatchObject({ ok: true, action: 'created', item: { email: 'new@example.test' } });
    expect(results[1]).toMatchObject({ ok: true, action: 'updated', item: { id: manager.id, first_name: 'Mia-Renamed', role: 'shop_manager' } });
    expect(h.running.sim.calls.count('/customers/batch', 'POST')).toBe(2);
    expect(h.running.sim.customers()).toHaveLength(2);
  });

  it('a failure of a whole batch request is thrown, not smeared over items', async () => {
    h.running.sim.faults.add({ kind: 'status', status: 503, path: '/products/batch', headers: { 'retry-after': '3' }, times: 1 });
    await expect(h.client.batch('products', { create: products(2) })).rejects.toMatchObject({ category: 'unavailable', retryable: true, retryAfterMs: 3000 });
  });
});
