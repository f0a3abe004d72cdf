import { planUnshippedRefund, shippedPart, type EpicorLineState } from '../../src/mapping/refund-reduction';

const refundOf = (id: number, units: [wooLine: number, qty: number, total: string, tax?: string][], amount?: string) => ({
  id,
  amount: amount ?? units.reduce((n, [, , t, x]) => n + Number(t) + Number(x ?? 0), 0).toFixed(2),
  line_items: units.map(([wooLine, qty, total, tax]) => ({
    id: 900 + wooLine,
    name: '',
    product_id: 1,
    variation_id: 0,
    quantity: -qty,
    sku: 'P',
    price: 0,
    subtotal: `-${total}`,
    total: `-${total}`,
    total_tax: `-${tax ?? '0.00'}`,
    meta_data: [{ key: '_refunded_item_id', value: String(wooLine) }],
  })),
});
const line = (orderLine: number, wooLine: number, quantity: number, shipped: number, open = true, rest = false): EpicorLineState => ({
  orderLine,
  reference: `woo-line:${wooLine}${rest ? ':rest' : ''}`,
  quantity,
  shipped,
  open,
});
const plan = (refundId: number, refunds: ReturnType<typeof refundOf>[], ordered: [number, number][], lines: EpicorLineState[]) =>
  planUnshippedRefund({ refundId, refunds, ordered: new Map(ordered), lines });

describe('which refunded units did not ship', () => {
  it('3 refunded where 1 shipped: 2 come off the line, 1 is credited', () => {
    const r = refundOf(5, [[1, 3, '37.50']]);
    const p = plan(5, [r], [[1, 3]], [line(1, 1, 3, 1)]);
    expect(p.splits).toEqual([{ wooLine: 1, refunded: 3, notShipped: 2 }]);
    expect(p.reductions).toEqual([{ orderLine: 1, reference: 'woo-line:1', from: 3, to: 1 }]);
    expect(shippedPart(r, p.splits)).toMatchObject({ amount: '12.50', line_items: [{ quantity: -1, total: '-12.50' }] });
  });

  it('asks for nothing more once the line is at its target (a retry, a new run, a reset)', () => {
    const r = refundOf(5, [[1, 1, '12.50']]);
    expect(plan(5, [r], [[1, 3]], [line(1, 1, 2, 0)])).toEqual({ splits: [{ wooLine: 1, refunded: 1, notShipped: 1 }], reductions: [] });
  });

  it('lets an earlier refund take the unshipped units first, in refund id order', () => {
    const first = refundOf(5, [[1, 1, '12.50']]);
    const second = refundOf(6, [[1, 2, '25.00']]);
    // 4 ordered, 2 shipped since the first refund took 1 off (line now 3): the second refund has 1 unshipped unit left.
    const p = plan(6, [second, first], [[1, 4]], [line(1, 1, 3, 2)]);
    expect(p.splits).toEqual([{ wooLine: 1, refunded: 2, notShipped: 1 }]);
    expect(p.reductions).toEqual([{ orderLine: 1, reference: 'woo-line:1', from: 3, to: 2 }]);
  });

  it('takes nothing off a line a CSR already reduced or closed, and credits nothing for what never shipped there', () => {
    const r = refundOf(5, [[1, 1, '12.50']]);
    expect(plan(5, [r], [[1, 3]], [line(1, 1, 2, 0)]).reductions).toEqual([]);
    const closed = plan(5, [r], [[1, 3]], [line(1, 1, 3, 0, false)]);
    expect([closed.splits[0].notShipped, closed.reductions]).toEqual([1, []]);
  });

  it('never takes off more than its own unshipped units (units a CSR added stay)', () => {
    const r = refundOf(5, [[1, 1, '12.50']]);
    expect(plan(5, [r], [[1, 2]], [line(1, 1, 5, 0)]).reductions).toEqual([{ orderLine: 1, reference: 'woo-line:1', from: 5, to: 4 }]);
  });

  it('reduces the main line of a split Woo line first, and closes it (to 0) when nothing of it is left', () => {
    const r = refundOf(5, [[1, 3, '10.00']]);
    const p = plan(5, [r], [[1, 3]], [line(1, 1, 2, 0), line(2, 1, 1, 0, true, true)]);
    expect(p.reductions).toEqual([
      { orderLine: 1, reference: 'woo-line:1', from: 2, to: 0 },
      { orderLine: 2, reference: 'woo-line:1:rest', from: 1, to: 0 },
    ]);
    expect(shippedPart(r, p.splits)).toMatchObject({ amount: '0.00', line_items: [] });
  });

  it('keeps the refunded tax with the credited units, shares it to the cent, and leaves shipping in the amount', () => {
    const r = refundOf(5, [[1, 3, '30.00', '5.70']], '40.60'); // 4.90 of shipping refunded too
    const part = shippedPart(r, plan(5, [r], [[1, 3]], [line(1, 1, 3, 1)]).splits);
    expect(part).toMatchObject({ amount: '16.80', line_items: [{ quantity: -1, total: '-10.00', total_tax: '-1.90' }] });
  });

  it('ignores amount-only refunds and Woo lines the order no longer lists', () => {
    const r = { id: 5, amount: '4.90', line_items: [] };
    expect(plan(5, [r], [[1, 3]], [line(1, 1, 3, 0)])).toEqual({ splits: [], reductions: [] });
    const unknown = refundOf(5, [[7, 1, '1.00']]);
    expect(plan(5, [unknown], [[1, 3]], [line(1, 1, 3, 0)]).splits).toEqual([{ wooLine: 7, refunded: 1, notShipped: 0 }]);
  });
});
