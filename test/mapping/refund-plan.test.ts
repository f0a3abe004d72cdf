import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planRefundCredit } from '../../src/mapping/refund-plan';

const fixtures = process.env.WOO_FIXTURES_DIR ?? path.resolve(__dirname, '../../../shared/fixtures/woocommerce');
const capturedRefund = () => JSON.parse(readFileSync(path.join(fixtures, 'rest_order_refund_create_201.json'), 'utf8'));
const lines = new Map([
  [1, { orderLine: 1, partNum: 'MUG-CAFE-350' }],
  [2, { orderLine: 2, partNum: 'TOWEL-01' }],
]);

describe('refund credit plan', () => {
  it('credits the refunded order line with its quantity and amount, keyed by the refund id (captured refund)', () => {
    const refund = capturedRefund();
    expect(planRefundCredit(refund, lines)).toEqual({
      reference: `woo-refund:${refund.id}`,
      lines: [{ orderLine: 1, partNum: 'MUG-CAFE-350', returnQty: 1, amount: '12.50' }],
      total: '12.50',
      problems: [],
    });
  });

  it('credits what the lines do not explain (shipping, amount-only) on the first line with quantity 0', () => {
    const plan = planRefundCredit({ id: 20, amount: '4.90', line_items: [] }, lines);
    expect(plan.lines).toEqual([{ orderLine: 1, partNum: 'MUG-CAFE-350', returnQty: 0, amount: '4.90' }]);
  });

  it('reports a refund line whose order line is not on the Epicor order', () => {
    const refund = { id: 21, amount: '1.00', line_items: [{ id: 9, quantity: -1, total: '-1.00', meta_data: [{ key: '_refunded_item_id', value: '77' }] }] };
    expect(planRefundCredit(refund as never, lines).problems[0]).toMatch(/Woo line 77/);
  });
});
