import { describeMismatch, planEpicorOrder, priceLines, reconcile } from '../../src/mapping/order-plan';
import { toMinor, sumMinor } from '../../src/mapping/money';
import { fixtureJson } from '../helpers/fixtures';

const capturedOrder = () => JSON.parse(fixtureJson('webhook_order_created.json').body);

const mapping = { shipping: 'misc-charge' as const, shippingCode: 'FRT', feeCode: 'FEE' };
const item = (id: number, sku: string | null, quantity: number, total: string) => ({ id, sku, quantity, total, name: '', product_id: 1, variation_id: 0, price: 0, subtotal: total, total_tax: '0.00', meta_data: [] });

describe('order plan', () => {
  it('maps each Woo line to an Epicor line keyed by the Woo line id, price = total / quantity', () => {
    const plan = planEpicorOrder(capturedOrder(), mapping);
    expect(plan.problems).toEqual([]);
    expect(plan.lines).toEqual([
      { reference: 'woo-line:1', partNum: 'MUG-CAFE-350', quantity: 2, unitPrice: '12.50', extPrice: '25.00', kind: 'product' },
      { reference: 'woo-line:2', partNum: 'TOWEL-01', quantity: 1, unitPrice: '7.90', extPrice: '7.90', kind: 'product' },
    ]);
    expect(plan.charges).toEqual([{ reference: 'woo-shipping:3', miscCode: 'FRT', amount: '4.90', kind: 'shipping' }]);
  });

  it('splits a total that does not divide by the quantity so the line total stays exact', () => {
    const lines = priceLines('woo-line:7', 'P', 3, toMinor('10.00'));
    expect(lines.map((l) => [l.reference, l.quantity, l.unitPrice])).toEqual([
      ['woo-line:7', 2, '3.33'],
      ['woo-line:7:rest', 1, '3.34'],
    ]);
    expect(sumMinor(lines.map((l) => toMinor(l.extPrice)))).toBe(1000n);
  });

  it('puts shipping on a freight part line in part mode and drops it in ignore mode', () => {
    const order = { line_items: [], shipping_lines: [{ id: 9, total: '4.90', method_id: 'x', method_title: 'x', total_tax: '0' }], fee_lines: [] };
    expect(planEpicorOrder(order, { ...mapping, shipping: 'part' }).lines).toEqual([
      { reference: 'woo-shipping:9', partNum: 'FRT', quantity: 1, unitPrice: '4.90', extPrice: '4.90', kind: 'shipping' },
    ]);
    const ignored = planEpicorOrder(order, { ...mapping, shipping: 'ignore' });
    expect([ignored.lines, ignored.charges]).toEqual([[], []]);
  });

  it('turns fees, negative ones included, into misc charges and skips free shipping', () => {
    const plan = planEpicorOrder(
      {
        line_items: [],
        shipping_lines: [{ id: 1, total: '0.00', method_id: 'free', method_title: 'Free', total_tax: '0' }],
        fee_lines: [{ id: 5, name: 'Gift wrap', total: '2.00', total_tax: '0' }, { id: 6, name: 'Loyalty', total: '-1.50', total_tax: '0' }],
      },
      mapping,
    );
    expect(plan.charges.map((c) => [c.reference, c.miscCode, c.amount])).toEqual([
      ['woo-fee:5', 'FEE', '2.00'],
      ['woo-fee:6', 'FEE', '-1.50'],
    ]);
  });

  it('reports a line without SKU as a problem instead of guessing a part', () => {
    const plan = planEpicorOrder({ line_items: [item(4, null, 1, '5.00')], shipping_lines: [], fee_lines: [] }, mapping);
    expect(plan.problems).toEqual(['Woo line 4 has no SKU (product deleted or not synced)']);
  });

  it('no longer reports a line already on the Epicor order whose product was deleted since', () => {
    const order = { line_items: [item(4, null, 1, '5.00'), item(5, 'P', 3, '10.00')], shipping_lines: [], fee_lines: [] };
    const plan = planEpicorOrder(order, mapping, { present: new Set(['woo-line:4']) });
    expect(plan.problems).toEqual([]);
    expect(plan.lines.map((l) => l.reference)).toEqual(['woo-line:5', 'woo-line:5:rest']);
    // A split line counts as imported by either of its two Epicor lines.
    expect(planEpicorOrder({ ...order, line_items: [item(4, null, 3, '10.00')] }, mapping, { present: new Set(['woo-line:4:rest']) }).problems).toEqual([]);
  });

  it('plans only Woo items not imported yet: remembered ids are skipped even when Epicor no longer has them', () => {
    const order = {
      line_items: [item(4, 'A', 1, '5.00'), item(5, 'B', 3, '10.00'), item(6, null, 1, '1.00')],
      shipping_lines: [{ id: 7, total: '4.90', method_id: 'flat_rate', method_title: 'Flat', total_tax: '0.00', meta_data: [] }],
      fee_lines: [{ id: 8, name: 'Wrap', total: '2.00', total_tax: '0.00', meta_data: [] }],
    };
    // 4 (deleted in Epicor by staff), 6 (product deleted in Woo since) and the shipping line were imported.
    const plan = planEpicorOrder(order as never, mapping, { imported: new Set([4, 6, 7]) });
    expect(plan.problems).toEqual([]);
    expect(plan.lines.map((l) => l.reference)).toEqual(['woo-line:5', 'woo-line:5:rest']);
    expect(plan.charges.map((c) => c.reference)).toEqual(['woo-fee:8']);
    // A pass that died between a split line's halves, or after a charge, finishes only what is missing.
    const resumed = planEpicorOrder(order as never, mapping, { imported: new Set([4, 6]), present: new Set(['woo-line:5', 'woo-shipping:7']) });
    expect(resumed.lines.map((l) => l.reference)).toEqual(['woo-line:5:rest']);
    expect(resumed.charges.map((c) => c.reference)).toEqual(['woo-fee:8']);
  });
});

describe('reconciliation', () => {
  it('Epicor lines + misc equal the Woo total minus tax, in exact minor units (captured order)', () => {
    const order = capturedOrder();
    const r = reconcile(order, planEpicorOrder(order, mapping), mapping);
    expect(r).toMatchObject({ epicorNetMinor: 3780n, wooNetMinor: 3780n, ignoredMinor: 0n, balanced: true });
  });

  it('balances with coupons (discounted line totals), uneven splits, fees and tax', () => {
    const order = {
      // 3 items for 10.00 after a coupon, 1 item 19.99, shipping 5.00, fee 1.25, tax 7.15.
      total: '43.39',
      total_tax: '7.15',
      line_items: [item(1, 'A', 3, '10.00'), item(2, 'B', 1, '19.99')],
      shipping_lines: [{ id: 3, total: '5.00', method_id: 'f', method_title: 'f', total_tax: '1.00' }],
      fee_lines: [{ id: 4, name: 'fee', total: '1.25', total_tax: '0' }],
    };
    for (const shipping of ['misc-charge', 'part', 'ignore'] as const) {
      const r = reconcile(order, planEpicorOrder(order, { ...mapping, shipping }), { shipping });
      expect(r.balanced).toBe(true);
      expect(r.wooNetMinor).toBe(3624n);
    }
  });
});

describe('totals at full precision (the order read with dp=6)', () => {
  const taxIncl = (lines: [string, number, string][], total: string, totalTax: string, shipping?: string) => ({
    total,
    total_tax: totalTax,
    line_items: lines.map(([sku, qty, lineTotal], i) => item(i + 1, sku, qty, lineTotal)),
    shipping_lines: shipping ? [{ id: 9, total: shipping, method_id: 'flat_rate', method_title: 'Flat', total_tax: '0' }] : [],
    fee_lines: [],
  });
  const extOf = (order: Parameters<typeof planEpicorOrder>[0], m = mapping) => {
    const plan = planEpicorOrder(order, m);
    return { lines: plan.lines.map((l) => [l.reference, l.extPrice]), charges: plan.charges.map((c) => c.amount), r: reconcile(order as never, plan, m) };
  };

  it('balances a tax-inclusive store rounding at subtotal, whose 2-decimal lines sum to 42.53 against total minus tax 42.52', () => {
    // 20.76 + 29.84 with 19 % tax included: nets 17.445378 + 25.075630, REST rounds them to 17.45 + 25.08 = 42.53.
    const { lines, r } = extOf(taxIncl([['A', 1, '17.445378'], ['B', 1, '25.075630']], '50.60', '8.08'));
    expect(lines).toEqual([
      ['woo-line:1', '17.44'],
      ['woo-line:2', '25.08'],
    ]);
    expect([r.balanced, r.epicorNetMinor, r.wooNetMinor]).toEqual([true, 4252n, 4252n]);
  });

  it('balances the real store\'s order (WooCommerce 9.9.5/11.0.1, NY 8.875 % included, rounded at subtotal), shipping untouched', () => {
    const { lines, charges, r } = extOf(taxIncl([['MUG', 2, '22.962113'], ['TOWEL', 1, '7.256028']], '38.340000', '3.130000', '5.000000'));
    expect([lines, charges]).toEqual([
      [
        ['woo-line:1', '22.96'],
        ['woo-line:2', '7.25'],
      ],
      ['5.00'],
    ]);
    expect([r.balanced, r.wooNetMinor]).toEqual([true, 3521n]);
  });

  it('still balances an order read without dp, whose lines are each rounded to the cent', () => {
    const { lines, r } = extOf(taxIncl([['A', 1, '17.45'], ['B', 1, '25.08']], '50.60', '8.08'));
    expect(r.balanced).toBe(true);
    expect(lines.map((l) => l[1])).toEqual(['17.45', '25.07']);
  });

  it('fits a negative fee at full precision too (a discount entered including tax)', () => {
    // 20.00 and a -1.00 fee, 19 % included: 16.806723 - 0.840336 = 15.966387 against 19.00 - 3.03 = 15.97.
    const order = { ...taxIncl([['A', 1, '16.806723']], '19.00', '3.03'), fee_lines: [{ id: 4, name: 'Loyalty', total: '-0.840336', total_tax: '-0.159664' }] };
    const { lines, charges, r } = extOf(order);
    expect([lines.map((l) => l[1]), charges, r.balanced, String(r.wooNetMinor)]).toEqual([['16.81'], ['-0.84'], true, '1597']);
  });

  it('leaves a tax-exclusive order exactly as WooCommerce priced it, and never sends a cent of free shipping', () => {
    const { lines, charges, r } = extOf(taxIncl([['A', 3, '10.00'], ['B', 1, '19.99']], '32.64', '2.65', '0.00'));
    expect([lines.map((l) => l[1]), charges, r.balanced]).toEqual([['6.66', '3.34', '19.99'], [], true]);
  });
});

describe('a plan that does not add up', () => {
  it('names the amounts that differ, by how much, and a gift card as the likely cause of a lower Woo total', () => {
    const order = { total: '30.00', total_tax: '0.00', line_items: [item(1, 'P', 1, '25.00')], shipping_lines: [{ id: 2, total: '14.90', method_id: 'x', method_title: 'x', total_tax: '0' }], fee_lines: [] };
    const r = reconcile(order, planEpicorOrder(order, { ...mapping, shipping: 'ignore' }), { shipping: 'ignore' });
    expect(r.balanced).toBe(false);
    expect(describeMismatch(r)).toBe(
      "Woo total 30.00 minus tax 0.00 is 30.00, but the Epicor lines 25.00 and charges 0.00 + ignored shipping 14.90 come to 39.90 (the Woo items at full precision: 39.90): the Woo total is 9.90 lower than its items: part of it was paid by something that is not a line, shipping or fee (a gift card, store credit or a plugin's discount), which the import does not map",
    );
  });

  it('names an unknown line type as the likely cause of a higher Woo total', () => {
    const order = { total: '31.00', total_tax: '1.00', line_items: [item(1, 'P', 1, '25.00')], shipping_lines: [], fee_lines: [] };
    const r = reconcile(order, planEpicorOrder(order, mapping), mapping);
    expect(r.balanced).toBe(false);
    expect(describeMismatch(r)).toMatch(/is 30\.00, but the Epicor lines 25\.00 and charges 0\.00 come to 25\.00 .*: the Woo total is 5\.00 higher than its items: it charges for something that is not a line, shipping or fee/);
  });

  it('does not hide a 2-cent difference as rounding on a one-line order', () => {
    const order = { total: '25.02', total_tax: '0.00', line_items: [item(1, 'P', 1, '25.00')], shipping_lines: [], fee_lines: [] };
    expect(reconcile(order, planEpicorOrder(order, mapping), mapping).balanced).toBe(false);
  });
});
