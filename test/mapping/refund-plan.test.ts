import { planRefundCredit, type EpicorOrderLine } from '../../src/mapping/refund-plan';
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
