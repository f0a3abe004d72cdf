import { planCreditMemo, planRefundCredit, type EpicorOrderLine } from '../../src/mapping/refund-plan';
import { fixtureJson } from '../helpers/fixtures';

const capturedRefund = () => fixtureJson('rest_order_refund_create_201.json');

/** The captured order 13 as the import writes it: 2 x MUG at 12.50, 1 x TOWEL at 7.90. */
const order13: EpicorOrderLine[] = [
  { orderLine: 1, partNum: 'MUG-CAFE-350', reference: 'woo-line:1', quantity: 2, unitPrice: '12.50', salesUM: 'EA' },
  { orderLine: 2, partNum: 'TOWEL-01', reference: 'woo-line:2', quantity: 1, unitPrice: '7.90', salesUM: 'EA' },
];
/** Woo line 7: 3 units for 10.00, split by the import into 2 x 3.33 and 1 x 3.34. */
const split: EpicorOrderLine[] = [
  { orderLine: 1, partNum: 'BOLT', reference: 'woo-line:7', quantity: 2, unitPrice: '3.33' },
  { orderLine: 2, partNum: 'BOLT', reference: 'woo-line:7:rest', quantity: 1, unitPrice: '3.34' },
];
const refundLine = (wooLine: number, quantity: number, total: string, tax = '0.00') => ({
  id: 900 + wooLine,
  quantity: -quantity,
  total: total.startsWith('-') || total === '0.00' ? total : `-${total}`,
  total_tax: tax === '0.00' ? tax : `-${tax}`,
  meta_data: [{ key: '_refunded_item_id', value: String(wooLine) }],
});
const refund = (id: number, amount: string, items: ReturnType<typeof refundLine>[]) => ({ id, amount, line_items: items }) as never;

describe('refund credit plan', () => {
  it('returns the refunded quantity of the order line, keyed by the refund id (captured refund)', () => {
    const r = capturedRefund();
    expect(planRefundCredit(r, order13)).toEqual({
      reference: `woo-refund:${r.id}`,
      lines: [{ orderLine: 1, partNum: 'MUG-CAFE-350', returnQty: 1, salesUM: 'EA', amount: '12.50' }],
      total: '12.50',
      problems: [],
    });
  });

  it('returns units of a split line from whichever Epicor line makes the credit exact', () => {
    expect(planRefundCredit(refund(1, '3.33', [refundLine(7, 1, '3.33')]), split).lines).toEqual([
      { orderLine: 1, partNum: 'BOLT', returnQty: 1, amount: '3.33' },
    ]);
    expect(planRefundCredit(refund(2, '3.34', [refundLine(7, 1, '3.34')]), split).lines).toEqual([
      { orderLine: 2, partNum: 'BOLT', returnQty: 1, amount: '3.34' },
    ]);
    const all = planRefundCredit(refund(3, '10.00', [refundLine(7, 3, '10.00')]), split);
    expect([all.lines.map((l) => [l.orderLine, l.returnQty, l.amount]), all.total, all.problems]).toEqual([
      [
        [1, 2, '6.66'],
        [2, 1, '3.34'],
      ],
      '10.00',
      [],
    ]);
  });

  it('leaves the tax of refunded lines to Epicor: the credit is the net amount and nothing is reported', () => {
    const plan = planRefundCredit(refund(4, '15.13', [refundLine(1, 1, '12.50', '2.63')]), order13);
    expect([plan.total, plan.problems]).toEqual(['12.50', []]);
  });

  it('reports a shipping or manual amount an RMA cannot credit, instead of crediting part of the refund', () => {
    const plan = planRefundCredit(refund(5, '17.40', [refundLine(1, 1, '12.50')]), order13);
    expect(plan.problems).toEqual(['refund 5: 4.90 of 17.40 is not for returned items (shipping, fees or a manual amount) and cannot be credited through an RMA']);
    expect(planRefundCredit(refund(6, '4.90', []), order13).problems[0]).toMatch(/4\.90 of 4\.90 is not for returned items/);
  });

  it('reports a line refunded without quantity or at another price than Epicor charged', () => {
    expect(planRefundCredit(refund(7, '5.00', [refundLine(1, 0, '5.00')]), order13).problems[0]).toMatch(/without a returned quantity/);
    expect(planRefundCredit(refund(8, '10.00', [refundLine(1, 1, '10.00')]), order13).problems[0]).toBe(
      'refund 8 refunds 10.00 for 1 x Woo line 1, which Epicor prices at 12.50 per unit',
    );
  });

  it('reports a refund line whose order line is not on the Epicor order', () => {
    expect(planRefundCredit(refund(9, '1.00', [refundLine(77, 1, '1.00')]), order13).problems[0]).toMatch(/Woo line 77, which is not on the Epicor order/);
  });
});

describe('AR credit memo plan', () => {
  const shippingTax = (tax: string) => ({ id: 1, method_title: 'Flat rate', method_id: 'flat_rate', total: '0.00', total_tax: `-${tax}`, meta_data: [] }) as never;

  it('credits a refunded item at the Epicor line price and the shipping in a misc line, adding up to the refund', () => {
    const plan = planCreditMemo(refund(11, '17.40', [refundLine(1, 1, '12.50')]), order13);
    expect(plan).toEqual({
      reference: 'woo-refund:11',
      lines: [
        { key: 'woo-refund:11/1', partNum: 'MUG-CAFE-350', orderLine: 1, qty: 1, unitPrice: '12.50', amount: '12.50', description: 'Web refund 11: MUG-CAFE-350' },
        { key: 'woo-refund:11/2', partNum: '', orderLine: 0, qty: 1, unitPrice: '4.90', amount: '4.90', description: 'Web refund 11: shipping, fees or amount' },
      ],
      total: '17.40',
      problems: [],
    });
  });

  it('credits an amount-only refund as one misc line', () => {
    expect(planCreditMemo(refund(12, '4.90', []), order13).lines).toEqual([
      { key: 'woo-refund:12/1', partNum: '', orderLine: 0, qty: 1, unitPrice: '4.90', amount: '4.90', description: 'Web refund 12: shipping, fees or amount' },
    ]);
  });

  it('returns units of a split line from the Epicor lines that make it exact, like the RMA route', () => {
    const plan = planCreditMemo(refund(13, '10.00', [refundLine(7, 3, '10.00')]), split);
    expect([plan.lines.map((l) => [l.orderLine, l.qty, l.unitPrice, l.amount]), plan.total]).toEqual([
      [
        [1, 2, '3.33', '6.66'],
        [2, 1, '3.34', '3.34'],
      ],
      '10.00',
    ]);
  });

  it('prices a partly refunded item at the refunded amount per unit, or leaves an uneven one to the misc line', () => {
    const even = planCreditMemo(refund(14, '20.00', [refundLine(1, 2, '20.00')]), order13);
    expect(even.lines.map((l) => [l.partNum, l.qty, l.unitPrice, l.amount])).toEqual([['MUG-CAFE-350', 2, '10.00', '20.00']]);
    const uneven = planCreditMemo(refund(15, '10.01', [refundLine(1, 2, '10.01')]), order13);
    expect(uneven.lines.map((l) => [l.partNum, l.amount, l.description])).toEqual([['', '10.01', 'Web refund 15: shipping, fees or amount, Woo line 1']]);
    const noQty = planCreditMemo(refund(16, '5.00', [refundLine(1, 0, '5.00')]), order13);
    expect([noQty.lines.map((l) => [l.partNum, l.amount]), noQty.total]).toEqual([[['', '5.00']], '5.00']);
  });

  it('leaves tax to Epicor: item and shipping tax Woo refunded are not credited as a misc amount', () => {
    const r = { ...(refund(17, '22.03', [refundLine(1, 1, '12.50', '2.63')]) as object), shipping_lines: [shippingTax('0.93')] } as never;
    const plan = planCreditMemo(r, order13);
    expect([plan.lines.map((l) => [l.partNum, l.amount]), plan.total, plan.problems]).toEqual([
      [
        ['MUG-CAFE-350', '12.50'],
        ['', '5.97'],
      ],
      '18.47',
      [],
    ]);
  });

  it('credits the captured refund exactly, every amount in exact minor units', () => {
    const r = capturedRefund();
    const plan = planCreditMemo(r, order13);
    expect([plan.total, plan.problems]).toEqual([r.amount, []]);
  });

  it('reports a refund whose items and tax exceed its amount instead of crediting more than was refunded', () => {
    expect(planCreditMemo(refund(18, '10.00', [refundLine(1, 1, '12.50')]), order13).problems).toEqual([
      'refund 18: its items (12.50) and tax (0.00) exceed its amount 10.00',
    ]);
  });
});
