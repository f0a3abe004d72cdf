import { call, newSim, MUG, JORG } from './helpers';

describe('batch endpoints', () => {
  it('answers 200 with per-item errors and runs creates, updates and deletes independently', async () => {
    const sim = newSim();
    sim.seedProducts([MUG, { name: 'Gone', sku: 'GONE' }]);
    const res = await call(sim, 'POST', 'products/batch', {
      create: [{ name: 'Dup', sku: 'MUG-CAFE-350' }, { name: 'New', sku: 'NEW-1', regular_price: 4.5 }],
      update: [{ id: 11, regular_price: '13.00' }, { id: 777, name: 'x' }],
      delete: [12, 888],
    });
    expect(res.status).toBe(200);
    expect(res.json.create[0]).toMatchObject({ id: 0, error: { code: 'product_invalid_sku', data: { status: 400, resource_id: 11 } } });
    // batch items skip schema validation: a number price is accepted here
    expect(res.json.create[1]).toMatchObject({ sku: 'NEW-1', regular_price: '4.5' });
    expect(res.json.update[0].regular_price).toBe('13.00');
    expect(res.json.update[1]).toEqual({ id: 777, error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } });
    expect(res.json.delete[0].id).toBe(12);
    expect(res.json.delete[1].error.code).toBe('woocommerce_rest_product_invalid_id');
    expect((await call(sim, 'GET', 'products/12')).status).toBe(404);
  });

  it('refuses more than 100 items in total with 413 woocommerce_rest_request_entity_too_large', async () => {
    const sim = newSim();
    const res = await call(sim, 'POST', 'customers/batch', {
      create: Array.from({ length: 60 }, (_, i) => ({ email: `c${i}@example.test` })),
      delete: Array.from({ length: 41 }, (_, i) => i + 100),
    });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      code: 'woocommerce_rest_request_entity_too_large',
      message: 'Unable to accept more than 100 items for this request.',
      data: { status: 413 },
    });
    expect(sim.customers()).toHaveLength(0);
  });

  it('batches customers and orders too', async () => {
    const sim = newSim();
    const c = await call(sim, 'POST', 'customers/batch', { create: [JORG, JORG] });
    expect(c.json.create[0].email).toBe(JORG.email);
    expect(c.json.create[1]).toMatchObject({ id: 0, error: { code: 'registration-error-email-exists' } });
    const o = await call(sim, 'PUT', 'orders/batch', { create: [{ customer_id: 999 }] });
    expect(o.json.create[0].error.code).toBe('woocommerce_rest_invalid_customer_id');
  });
});
