import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { orderStatusQuery, retrySignal } from '../../src/workflows/definitions/orders';
import { JORG, money, startOrderSims, waitFor, type Sims, type TestWorker } from './harness';

let env: TestWorkflowEnvironment;
let sims: Sims;
let worker: TestWorker;
let memoWorker: TestWorker;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  worker = await sims.startWorker();
  memoWorker = await sims.startWorker(sims.configWith({ ORDER_REFUND_ROUTE: 'ar-credit-memo' }));
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

async function importOrder(id: number, cfg = worker.config) {
  await sims.notify(id, cfg);
  return sims.handle(id).result();
}

/** [line, quantity, open, the release's quantity, shipped] of the Epicor order. */
function lineState(poNum: string) {
  const order = sims.ordersFor(poNum)[0];
  return order.lines.map((l) => {
    const rels = order.releases.filter((r) => r.OrderLine === l.OrderLine);
    return [l.OrderLine, Number(l.SellingQuantity), l.OpenLine, rels.map((r) => Number(r.SellingReqQty)), rels.map((r) => Number(r.SellingStockShippedQty))];
  });
}

describe('a refund of units that have not shipped', () => {
  it('takes them off the open order line and its release instead of crediting them, once however often the order is imported', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }] });
    const imported = await importOrder(o.id);
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };

    const first = await importOrder(o.id);
    expect(first.credits).toEqual([{ wooRefundId: refund.id, rmaNum: 0, invoiceNums: [], amount: '0.00', reduced: [{ orderLine: 1, reference: `woo-line:${o.lineIds[0]}`, from: 2, to: 1 }] }]);
    expect(lineState(o.poNum)).toEqual([
      [1, 1, true, [1], [0]],
      [2, 1, true, [1], [0]],
    ]);
    const order = sims.ordersFor(o.poNum)[0];
    expect(order.lines[0].OrderComment).toBe(`woo-refund:${refund.id}: 1 not shipped, taken off`);
    expect(money(order.DocOrderAmt)).toBe('20.40'); // 12.50 + 7.90: the refunded mug will not be invoiced
    expect(sims.creditsFor(imported.epicorOrderNum!)).toEqual([]);

    const updates = sims.epicorCalls('MasterUpdate');
    const again = await importOrder(o.id);
    expect(again.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[refund.id, '0.00']]);
    expect(sims.epicorCalls('MasterUpdate')).toBe(updates);
    expect(lineState(o.poNum)[0]).toEqual([1, 1, true, [1], [0]]);
  });

  it('credits only the shipped unit of 3 refunded units where 1 shipped, and takes the other 2 off the line', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 3 }] });
    const imported = await importOrder(o.id);
    sims.ship(o.poNum, 1, 1);
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 3 }] }) as { id: number };

    const result = await importOrder(o.id);
    expect(result.credits).toEqual([
      { wooRefundId: refund.id, rmaNum: expect.any(Number), invoiceNums: [expect.any(Number)], amount: '12.50', reduced: [expect.objectContaining({ orderLine: 1, from: 3, to: 1 })] },
    ]);
    const credits = sims.creditsFor(imported.epicorOrderNum!);
    expect(credits.map((c) => [money(c.DocInvoiceAmt), c.lines.map((l) => Number(l.SellingShipQty))])).toEqual([['-12.50', [-1]]]);
    // 1 ordered unit left, and it shipped: the line is done.
    expect(lineState(o.poNum)).toEqual([[1, 1, true, [1], [1]]]);
  });

  it('closes a line refunded in full before anything shipped, and a second refund of a shipped line credits it', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }] });
    const imported = await importOrder(o.id);
    sims.ship(o.poNum, 2, 1);
    const mugs = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 2 }] }) as { id: number };
    const towel = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[1], quantity: 1 }] }) as { id: number };

    const result = await importOrder(o.id);
    expect(result.credits.map((c) => [c.wooRefundId, c.amount])).toEqual(
      expect.arrayContaining([
        [mugs.id, '0.00'],
        [towel.id, '7.90'],
      ]),
    );
    expect(lineState(o.poNum)).toEqual([
      [1, 2, false, [2], [0]],
      [2, 1, false, [1], [1]],
    ]);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => c.lines.map((l) => l.PartNum))).toEqual([['TOWEL-01']]);
  });

  it('leaves a line a CSR closed as it is and credits nothing for its units that never shipped', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }] });
    const imported = await importOrder(o.id);
    await sims.epicorClient.call('Erp.BO.SalesOrderSvc', 'CloseOrderLine', { iOrderNum: imported.epicorOrderNum, iOrderLine: 1 });
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
    const updates = sims.epicorCalls('MasterUpdate');

    const result = await importOrder(o.id);
    expect(result.credits.map((c) => [c.amount, c.invoiceNums])).toEqual([['0.00', []]]);
    expect(sims.epicorCalls('MasterUpdate')).toBe(updates);
    expect(lineState(o.poNum)[0]).toEqual([1, 2, false, [2], [0]]);
  });

  it('parks with Epicor\'s words when Epicor refuses the reduction, and goes on once a CSR closed the line by hand', async () => {
    sims.epicor.sim.seed({ parts: [{ partNum: 'LAMP-OFF', description: 'Lamp', unitPrice: '24.00' }] });
    sims.woo.sim.seedProducts([{ name: 'Lamp', sku: 'LAMP-OFF', regular_price: '24.00' }]);
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'LAMP-OFF', quantity: 2 }] });
    const imported = await importOrder(o.id);
    sims.epicor.sim.updatePart('LAMP-OFF', { inActive: true });
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 2 }] }) as { id: number };

    await sims.notify(o.id);
    const parked = await waitFor('the order to park', async () => {
      const s = await sims.handle(o.id).query(orderStatusQuery);
      return s.phase === 'parked' ? s : undefined;
    });
    expect(parked.parkedReason).toMatch(
      new RegExp(`^RefundNotCreditable: Epicor refused to take the 2 unshipped unit\\(s\\) of Woo refund ${refund.id} off order ${imported.epicorOrderNum} line 1: .*Part LAMP-OFF is inactive\\..*; reduce or close the line in Epicor, then send the retry signal \\(or send refundHandled\\)$`),
    );
    await sims.epicorClient.call('Erp.BO.SalesOrderSvc', 'CloseOrderLine', { iOrderNum: imported.epicorOrderNum, iOrderLine: 1 });
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[refund.id, '0.00']]);
    expect(sims.creditsFor(imported.epicorOrderNum!)).toEqual([]);
  });

  it('never takes units off twice when the reduction committed but its answer was lost', async () => {
    const gateway = await sims.lossyGateway();
    const lossy = await sims.startWorker(sims.configWith({ EPICOR_BASE_URL: gateway.baseUrl }));
    try {
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 3 }] });
      await importOrder(o.id, lossy.config);
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
      gateway.loseAnswerAfterCommit('/MasterUpdate');
      const result = await importOrder(o.id, lossy.config);
      expect(gateway.pending()).toBe(0);
      expect(result.credits.map((c) => c.amount)).toEqual(['0.00']);
      expect(lineState(o.poNum)).toEqual([[1, 2, true, [2], [0]]]);
    } finally {
      await lossy.shutdown();
    }
  });

  it('on the AR credit memo route credits the shipped unit and the shipping, and takes the unshipped unit off', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }], shipping: '4.90' });
    const imported = await importOrder(o.id, memoWorker.config);
    sims.ship(o.poNum, 1, 1);
    const refund = sims.woo.sim.createRefund(o.id, { amount: '29.90', line_items: [{ id: o.lineIds[0], quantity: 2, refund_total: '25.00' }] }) as { id: number };

    const result = await importOrder(o.id, memoWorker.config);
    expect(result.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[refund.id, '17.40']]);
    const [memo, ...more] = sims.creditsFor(imported.epicorOrderNum!);
    expect(more).toEqual([]);
    expect(memo.lines.map((l) => [l.InvoiceComment, l.PartNum, money(l.DocExtPrice)])).toEqual([
      [`woo-refund:${refund.id}/1`, 'MUG-CAFE-350', '-12.50'],
      [`woo-refund:${refund.id}/2`, '', '-4.90'],
    ]);
    expect(lineState(o.poNum)).toEqual([[1, 1, true, [1], [1]]]);
  });

  it('with ORDER_REFUND_UNSHIPPED=credit credits the unshipped unit as before and leaves the line alone', async () => {
    const crediting = await sims.startWorker(sims.configWith({ ORDER_REFUND_UNSHIPPED: 'credit' }));
    try {
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }] });
      const imported = await importOrder(o.id, crediting.config);
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
      const result = await importOrder(o.id, crediting.config);
      expect(result.credits.map((c) => [c.amount, 'reduced' in c])).toEqual([['12.50', false]]);
      expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-12.50']);
      expect(lineState(o.poNum)).toEqual([[1, 2, true, [2], [0]]]);
    } finally {
      await crediting.shutdown();
    }
  });
});
