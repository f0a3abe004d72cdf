import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, linesOf, money, startOrderSims, type Sims } from './harness';

// A server that caps every page at 2 rows: each multi-row read (order lines, PONum candidates, RMA lines,
// credit memo lines) needs several requests, and one that stopped after the first would miss rows.
const PAGE_CAP = 2;

let env: TestWorkflowEnvironment;
let sims: Sims;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env, {}, { pageCap: PAGE_CAP });
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

const fiveLines = {
  customer_email: JORG,
  line_items: [
    { sku: 'MUG-CAFE-350', quantity: 1 },
    { sku: 'TOWEL-01', quantity: 1 },
    { sku: 'BOLT-M8', quantity: 4 },
    { sku: 'MUG-CAFE-350', quantity: 2 },
    { sku: 'TOWEL-01', quantity: 3 },
  ],
  shipping: '4.90',
};

describe('reads page to the end on a server that caps pages', () => {
  it.each(['rma', 'ar-credit-memo'])('imports a 5-line order once and credits a refund of its last line (%s route)', async (route) => {
    const config = sims.configWith({ EPICOR_PAGE_SIZE: String(PAGE_CAP), ORDER_REFUND_ROUTE: route });
    const worker = await sims.startWorker(config);
    try {
      const o = sims.placeOrder(fiveLines);
      await sims.notify(o.id, config);
      const imported = await sims.handle(o.id).result();
      const [order, ...more] = sims.ordersFor(o.poNum);
      expect(more).toHaveLength(0);
      expect(linesOf(order).map((l) => l[0])).toEqual(o.lineIds.map((id) => `woo-line:${id}`));
      expect(imported.lines).toEqual([1, 2, 3, 4, 5]);

      // A second pass lists the lines again: none is added twice.
      sims.shipAll(o.poNum); // only shipped units are credited
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[4], quantity: 1 }] });
      await sims.notify(o.id, config);
      const refunded = await sims.handle(o.id).result();
      expect(sims.ordersFor(o.poNum)[0].lines).toHaveLength(5);
      expect(refunded.credits).toHaveLength(1);
      expect(refunded.credits[0].amount).toBe('7.90');
      expect(sims.creditsFor(order.OrderNum).map((c) => money(c.DocInvoiceAmt))).toEqual(['-7.90']);
    } finally {
      await worker.shutdown();
    }
  });
});
