import { call, capturedScenario, newSim } from './helpers';

describe('order refunds', () => {
  it('creates negative lines with _refunded_item_id and lists the refund on the parent order', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const res = await call(sim, 'POST', 'orders/13/refunds', {
      amount: '12.50',
      reason: 'Damaged',
      api_refund: false,
      line_items: [{ id: 1, quantity: 1, refund_total: 12.5 }],
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ amount: '12.50', reason: 'Damaged', refunded_payment: false, refunded_by: 1 });
    expect(res.json.line_items[0]).toMatchObject({ quantity: -1, total: '-12.50', subtotal: '-12.50', price: 12.5 });
    expect(res.json.line_items[0].meta_data[0]).toMatchObject({ key: '_refunded_item_id', value: '1' });
    const order = (await call(sim, 'GET', 'orders/13')).json;
    expect(order.refunds).toEqual([{ id: res.json.id, reason: 'Damaged', total: '-12.50' }]);
    expect(order.status).toBe('processing');
    expect((await call(sim, 'GET', 'products/11')).json.stock_quantity).toBe(24);
  });

  it('defaults api_refund to true: a bacs order cannot be refunded through the gateway (HTTP 500, bare data)', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const res = await call(sim, 'POST', 'orders/13/refunds', { amount: '1.00' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      code: 'woocommerce_rest_cannot_create_order_refund',
      message: 'The payment gateway for this order does not support automatic refunds.',
      data: 500,
    });
  });

  it('refunds through a gateway that supports it and records refunded_payment', async () => {
    const sim = newSim({ refundGateways: ['bacs'] });
    await capturedScenario(sim);
    const res = await call(sim, 'POST', 'orders/13/refunds', { amount: '1.00' });
    expect([res.status, res.json.refunded_payment]).toEqual([201, true]);
  });

  it('answers an unknown order with HTTP 500 and "data": 404', async () => {
    const res = await call(newSim(), 'POST', 'orders/999/refunds', { amount: '1.00', api_refund: false });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ code: 'woocommerce_rest_invalid_order_id', message: 'Invalid order ID.', data: 404 });
  });

  it('refuses more than what is left to refund, and marks a fully refunded order refunded', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const tooMuch = await call(sim, 'POST', 'orders/13/refunds', { amount: '99.00', api_refund: false });
    expect([tooMuch.status, tooMuch.json.message, tooMuch.json.data]).toEqual([500, 'Invalid refund amount.', 500]);
    await call(sim, 'POST', 'orders/13/refunds', { amount: '37.80', api_refund: false });
    expect((await call(sim, 'GET', 'orders/13')).json.status).toBe('refunded');
  });

  it('rejects a JSON number as amount (schema says string)', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const res = await call(sim, 'POST', 'orders/13/refunds', { amount: 1, api_refund: false });
    expect([res.status, res.json.code]).toEqual([400, 'rest_invalid_param']);
  });
});
