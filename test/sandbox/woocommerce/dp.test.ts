import { call, capturedScenario, newSim } from './helpers';

describe('the dp parameter on orders', () => {
  it('answers money at the asked decimals, as the real store does (dp=6: 25.00 -> 25.000000), and at 2 without it', async () => {
    const sim = newSim();
    await capturedScenario(sim);
    const plain = (await call(sim, 'GET', 'orders/13')).json;
    const precise = (await call(sim, 'GET', 'orders/13?dp=6')).json;
    expect([plain.total, plain.line_items[0].total]).toEqual(['37.80', '25.00']);
    expect([precise.total, precise.total_tax, precise.shipping_total, precise.line_items[0].total, precise.shipping_lines[0].total]).toEqual([
      '37.800000',
      '0.000000',
      '4.900000',
      '25.000000',
      '4.900000',
    ]);
    // `price` is a JSON number, untouched by dp.
    expect(precise.line_items[0].price).toBe(plain.line_items[0].price);
    const listed = (await call(sim, 'GET', 'orders?dp=3')).json;
    expect(listed[0].total).toBe('37.800');
  });
});
