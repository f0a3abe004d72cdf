import { call, newSim, MUG, TOWEL } from './helpers';

describe('products', () => {
  it('filters ?sku= exactly, accepts a comma list and returns variations too', async () => {
    const sim = newSim();
    sim.seedProducts([
      MUG,
      TOWEL,
      { name: 'Apron', type: 'variable', variations: [{ sku: 'APRON-S', regular_price: '19.00', attributes: [{ name: 'Size', option: 'S' }] }] },
    ]);
    const exact = await call(sim, 'GET', 'products?sku=MUG-CAFE');
    expect(exact.json).toEqual([]);
    const list = await call(sim, 'GET', 'products?sku=MUG-CAFE-350,APRON-S');
    expect(list.json.map((p: any) => [p.sku, p.type]).sort()).toEqual([
      ['APRON-S', 'variation'],
      ['MUG-CAFE-350', 'simple'],
    ]);
    const all = await call(sim, 'GET', 'products');
    expect(all.json.some((p: any) => p.type === 'variation')).toBe(false);
  });

  it('rejects a duplicate SKU with product_invalid_sku carrying resource_id and unique_sku', async () => {
    const sim = newSim();
    const first = await call(sim, 'POST', 'products', MUG);
    await call(sim, 'POST', 'products', { name: 'Other', sku: 'MUG-CAFE-350-1' });
    const dup = await call(sim, 'POST', 'products', { name: 'Again', sku: 'MUG-CAFE-350' });
    expect(dup.status).toBe(400);
    expect(dup.json).toEqual({
      code: 'product_invalid_sku',
      message: 'Invalid or duplicated SKU.',
      data: { status: 400, resource_id: first.json.id, unique_sku: 'MUG-CAFE-350-2' },
    });
  });

  it('round-trips meta_data: add by key, update by key and by id', async () => {
    const sim = newSim();
    const p = await call(sim, 'POST', 'products', { name: 'M', meta_data: [{ key: 'erp_part', value: 'P-1' }] });
    const id = p.json.meta_data[0].id;
    const u1 = await call(sim, 'PUT', `products/${p.json.id}`, { meta_data: [{ key: 'erp_part', value: 'P-2' }, { key: 'other', value: { a: 1 } }] });
    expect(u1.json.meta_data).toEqual([
      { id, key: 'erp_part', value: 'P-2' },
      { id: expect.any(Number), key: 'other', value: { a: 1 } },
    ]);
    const u2 = await call(sim, 'PUT', `products/${p.json.id}`, { meta_data: [{ id, key: 'erp_part', value: 'P-3' }] });
    expect(u2.json.meta_data[0]).toEqual({ id, key: 'erp_part', value: 'P-3' });
  });

  it('ignores manage_stock and stock_quantity when the store does not manage stock', async () => {
    const off = newSim({ manageStock: false });
    const p = await call(off, 'POST', 'products', { name: 'S', manage_stock: true, stock_quantity: 7 });
    expect([p.json.manage_stock, p.json.stock_quantity]).toEqual([false, null]);
    const on = newSim();
    const q = await call(on, 'POST', 'products', { name: 'S', manage_stock: true, stock_quantity: 7 });
    expect([q.json.manage_stock, q.json.stock_quantity, q.json.stock_status]).toEqual([true, 7, 'instock']);
    const zero = await call(on, 'PUT', `products/${q.json.id}`, { stock_quantity: 0 });
    expect(zero.json.stock_status).toBe('outofstock');
  });

  it('ignores stock_quantity on a product that does not manage stock', async () => {
    const sim = newSim();
    const p = await call(sim, 'POST', 'products', { name: 'S', stock_quantity: 7 });
    expect([p.json.manage_stock, p.json.stock_quantity]).toEqual([false, null]);
  });

  it('defaults status to publish and catalog_visibility to visible; purchasable needs a price', async () => {
    const sim = newSim();
    const free = await call(sim, 'POST', 'products', { name: 'No price' });
    expect([free.json.status, free.json.catalog_visibility, free.json.purchasable]).toEqual(['publish', 'visible', false]);
    const priced = await call(sim, 'POST', 'products', { name: 'Priced', regular_price: '3.00', catalog_visibility: 'hidden' });
    expect([priced.json.catalog_visibility, priced.json.purchasable, priced.json.price]).toEqual(['hidden', true, '3.00']);
  });

  it('rejects a JSON number as regular_price like the schema validation does (string expected)', async () => {
    const res = await call(newSim(), 'POST', 'products', { name: 'N', regular_price: 12.5 });
    expect([res.status, res.json.code, res.json.data.params]).toEqual([400, 'rest_invalid_param', { regular_price: 'regular_price is not of type string.' }]);
  });

  it('answers unknown ids with 404 on GET and 400 on PUT, and refuses a variation id on /products/{id}', async () => {
    const sim = newSim();
    expect((await call(sim, 'GET', 'products/999')).status).toBe(404);
    const put = await call(sim, 'PUT', 'products/999', { name: 'x' });
    expect([put.status, put.json.code]).toEqual([400, 'woocommerce_rest_product_invalid_id']);
    const [parent] = sim.seedProducts([{ name: 'V', type: 'variable', variations: [{ sku: 'V-1', regular_price: '1.00' }] }]);
    const vid = (parent as any).variations[0];
    const res = await call(sim, 'GET', `products/${vid}`);
    expect([res.status, res.json.code]).toEqual([404, 'woocommerce_rest_invalid_product_id']);
    expect((await call(sim, 'GET', `products/${(parent as any).id}/variations/${vid}`)).json.sku).toBe('V-1');
  });

  it('returns descriptions wrapped by wpautop in view context but raw in the create response', async () => {
    const sim = newSim();
    const p = await call(sim, 'POST', 'products', { name: 'D', description: 'Line one' });
    expect(p.json.description).toBe('Line one');
    expect((await call(sim, 'GET', `products/${p.json.id}`)).json.description).toBe('<p>Line one</p>\n');
  });

  it('trashes on DELETE without force (410 the second time) and keeps the trashed SKU taken', async () => {
    const sim = newSim();
    const p = await call(sim, 'POST', 'products', MUG);
    expect((await call(sim, 'DELETE', `products/${p.json.id}`)).json.status).toBe('trash');
    expect((await call(sim, 'DELETE', `products/${p.json.id}`)).status).toBe(410);
    expect((await call(sim, 'POST', 'products', { name: 'again', sku: MUG.sku })).json.code).toBe('product_invalid_sku');
    expect((await call(sim, 'DELETE', `products/${p.json.id}?force=true`)).status).toBe(200);
    expect((await call(sim, 'GET', `products/${p.json.id}`)).status).toBe(404);
  });
});

describe('variable product attributes', () => {
  it('keeps a variable product custom attribute with its options, as WooCommerce does', async () => {
    const sim = newSim();
    const res = await call(sim, 'POST', 'products', {
      name: 'Tee',
      type: 'variable',
      attributes: [{ name: 'Colour', options: ['Red', 'Blue'], variation: true, visible: true }],
    });
    expect(res.json.attributes).toEqual([{ id: 0, name: 'Colour', slug: 'Colour', position: 0, visible: true, variation: true, options: ['Red', 'Blue'] }]);
  });
});
