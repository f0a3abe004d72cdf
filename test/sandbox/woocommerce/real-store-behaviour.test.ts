import { call, newSim } from './helpers';

/** Behaviours a real WooCommerce 9.9.5 / 11.0.1 store showed and the simulator first got wrong (test/contract). */
describe('simulator matches the real store', () => {
  const seeded = () => {
    const sim = newSim();
    const [mug, towel] = sim.seedProducts([
      { name: 'Mug', sku: 'MUG', regular_price: '12.50', manage_stock: true, stock_quantity: 10 },
      { name: 'Towel', sku: 'TOWEL', regular_price: '7.90' },
    ]);
    return { sim, mug: mug.id as number, towel: towel.id as number };
  };
  const billing = { first_name: 'Rita', last_name: 'Realwoo', email: 'rita@example.test', country: 'US' };

  it('leaves a bank-transfer checkout unpaid and on hold, with its stock taken; cash on delivery is processing', () => {
    const { sim, mug } = seeded();
    const bacs = sim.placeOrder({ billing, line_items: [{ product_id: mug, quantity: 2 }], payment_method: 'bacs' });
    const cod = sim.placeOrder({ billing, line_items: [{ product_id: mug, quantity: 1 }], payment_method: 'cod' });
    expect([bacs.status, bacs.date_paid, cod.status]).toEqual(['on-hold', null, 'processing']);
    expect(sim.getProduct(mug)?.stock_quantity).toBe(7);
  });

  it('flags a customer created without a password with default_password_nag', async () => {
    const sim = newSim();
    const without = await call(sim, 'POST', 'customers', { email: 'a@example.test' });
    const withPassword = await call(sim, 'POST', 'customers', { email: 'b@example.test', password: 'Secret-123-abc' });
    const meta = (r: { json: { meta_data: { key: string; value: unknown }[] } }) => r.json.meta_data.map((m) => [m.key, m.value]);
    expect([meta(without), meta(withPassword)]).toEqual([[['default_password_nag', '1']], []]);
  });

  it('creates coupons over REST and refuses a second coupon with the same code', async () => {
    const sim = newSim();
    const first = await call(sim, 'POST', 'coupons', { code: 'FIVER', discount_type: 'fixed_cart', amount: '5.00' });
    const again = await call(sim, 'POST', 'coupons', { code: 'fiver', discount_type: 'fixed_cart', amount: '5.00' });
    expect([first.status, first.json.code, first.json.amount, again.status, again.json.code]).toEqual([
      201,
      'fiver',
      '5.00',
      400,
      'woocommerce_rest_coupon_code_already_exists',
    ]);
  });

  it('spreads a fixed-cart coupon per unit, the leftover cents from the dearest line first', async () => {
    const { sim, mug, towel } = seeded();
    await call(sim, 'POST', 'coupons', { code: 'fiver', discount_type: 'fixed_cart', amount: '5.00' });
    const o = sim.placeOrder({ billing, coupon: 'fiver', line_items: [{ product_id: mug, quantity: 2 }, { product_id: towel, quantity: 1 }] }) as {
      total: string;
      line_items: { total: string }[];
    };
    expect([o.total, o.line_items.map((l) => l.total)]).toEqual(['27.90', ['21.66', '6.24']]);
  });
});
