import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { logger } from '../../src/logger';
import { serve } from '../../src/sandbox/shared/serve';
import { createWebhookApp } from '../../src/webhook/app';
import { IMPORTED_ITEMS_META } from '../../src/activities/orders/woo-order';
import { orderStatusQuery } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { chargesOf, JORG, linesOf, money, startOrderSims, waitFor, type Sims, type TestWorker } from './harness';

/**
 * The order-import pass as a shop owner sees it: which statuses import, what a later pass adds (only what is new
 * in WooCommerce), that what staff changed in Epicor stays, and how many Epicor calls an order costs.
 */
let env: TestWorkflowEnvironment;
let sims: Sims;
let worker: TestWorker;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  worker = await sims.startWorker();
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

const SO = 'Erp.BO.SalesOrderSvc';
type Ds = Record<string, Record<string, unknown>[]>;

async function pass(id: number, cfg = worker.config) {
  await sims.notify(id, cfg);
  return sims.handle(id).result();
}

/** What a CSR does on the Sales Order screen: delete a row and save. */
async function deleteInEpicor(orderNum: number, table: 'OrderDtl' | 'OHOrderMsc', match: (row: Record<string, unknown>) => boolean) {
  const { returnObj } = await sims.epicorClient.callGet<{ returnObj: Ds }>(SO, 'GetByID', { orderNum });
  const row = returnObj[table].find(match)!;
  const ds: Ds = { OrderHed: [], OrderDtl: [], OHOrderMsc: [], OrderMsc: [], OrderRel: [], [table]: [{ ...row, RowMod: 'D' }] };
  await sims.epicorClient.call(SO, 'MasterUpdate', {
    lCheckForOrderChangedMsg: false,
    lcheckForResponse: false,
    cTableName: table,
    iCustNum: Number(row.CustNum ?? returnObj.OrderHed[0].CustNum),
    iOrderNum: orderNum,
    lweLicensed: false,
    ds,
  });
}

const remembered = (id: number) => {
  const meta = (sims.woo.sim.getOrder(id)?.meta_data ?? []) as { key: string; value: unknown }[];
  return String(meta.find((m) => m.key === IMPORTED_ITEMS_META)?.value ?? '');
};

describe('which WooCommerce statuses import (ORDER_IMPORT_STATUSES)', () => {
  it('leaves an unpaid bank-transfer order (on-hold) out of Epicor, says why, and imports it once it is paid', async () => {
    const o = sims.placeOrder({ customer_email: JORG, payment_method: 'bacs', line_items: [{ sku: 'TOWEL-01', quantity: 2 }] });
    expect(sims.woo.sim.getOrder(o.id)?.status).toBe('on-hold');

    const waiting = await pass(o.id);
    expect(waiting.skipped).toBe('status on-hold is not imported (ORDER_IMPORT_STATUSES=processing,completed)');
    expect(waiting.epicorOrderNum).toBeUndefined();
    expect((await sims.handle(o.id).query(orderStatusQuery)).skipped).toBe(waiting.skipped); // what `ctl status` shows
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);

    sims.woo.sim.updateOrderStatus(o.id, 'processing'); // the transfer arrived
    const paid = await pass(o.id);
    expect(paid.skipped).toBeUndefined();
    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect(linesOf(order)).toEqual([[`woo-line:${o.lineIds[0]}`, 'TOWEL-01', 2, '7.90', '15.80']]);
    expect(paid.epicorOrderNum).toBe(order.OrderNum);
  });

  it('imports on-hold orders at once when the shop lists on-hold in ORDER_IMPORT_STATUSES', async () => {
    const onHoldToo = await sims.startWorker(sims.configWith({ ORDER_IMPORT_STATUSES: 'processing, completed, on-hold' }));
    const o = sims.placeOrder({ customer_email: JORG, payment_method: 'cheque', line_items: [{ sku: 'BOLT-M8', quantity: 4 }] });
    const result = await pass(o.id, onHoldToo.config);
    expect(result.skipped).toBeUndefined();
    expect(linesOf(sims.ordersFor(o.poNum)[0])).toEqual([[`woo-line:${o.lineIds[0]}`, 'BOLT-M8', 4, '3.35', '13.40']]);
  });

  it('keeps crediting refunds of an imported order that staff put on hold in WooCommerce since', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }] });
    const imported = await pass(o.id);
    sims.shipAll(o.poNum); // only shipped units are credited
    sims.woo.sim.updateOrderStatus(o.id, 'on-hold');
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };

    const result = await pass(o.id);
    expect(result.skipped).toBeUndefined();
    expect(result.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[refund.id, '12.50']]);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-12.50']);
  });
});

describe('a later pass over an imported order', () => {
  it('does not bring back a line and a shipping charge staff deleted in Epicor, on a completed update or a refund', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }, { sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' });
    const first = await pass(o.id);
    const orderNum = first.epicorOrderNum!;
    await deleteInEpicor(orderNum, 'OrderDtl', (r) => r.Reference === `woo-line:${o.lineIds[1]}`);
    await deleteInEpicor(orderNum, 'OHOrderMsc', (r) => String(r.Description).startsWith('woo-shipping:'));

    sims.woo.sim.updateOrderStatus(o.id, 'completed');
    const completed = await pass(o.id);
    expect(completed.epicorOrderNum).toBe(orderNum);
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
    await pass(o.id);

    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect(linesOf(order).map((l) => l[0])).toEqual([`woo-line:${o.lineIds[0]}`]);
    expect(chargesOf(order)).toEqual([]);
  });

  it('adds only the line and fee WooCommerce added after the import, leaving a quantity staff changed as it is', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const first = await pass(o.id);
    // Staff change the quantity in Epicor; the shop then adds a line and a fee to the Woo order.
    const { returnObj } = await sims.epicorClient.callGet<{ returnObj: Ds }>(SO, 'GetByID', { orderNum: first.epicorOrderNum! });
    returnObj.OrderDtl[0].RowMod = 'U';
    const { parameters } = await sims.epicorClient.call<{ ds: Ds }>(SO, 'ChangeSellingQuantity', { ds: returnObj, lKeepUnitPrice: true, ipSellingQuantity: 5 });
    await sims.epicorClient.call(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: 'OrderDtl',
      iCustNum: Number(returnObj.OrderHed[0].CustNum),
      iOrderNum: first.epicorOrderNum,
      lweLicensed: false,
      ds: parameters.ds,
    });
    await sims.wooClient.request('PUT', `/orders/${o.id}`, { body: { line_items: [{ sku: 'BOLT-M8', quantity: 3 }], fee_lines: [{ name: 'Gift wrap', total: '2.00' }] } });
    const woo = sims.woo.sim.getOrder(o.id) as { line_items: { id: number }[]; fee_lines: { id: number }[] };
    const [, boltId] = woo.line_items.map((l) => l.id);

    const second = await pass(o.id);
    const order = sims.ordersFor(o.poNum)[0];
    expect(linesOf(order)).toEqual([
      [`woo-line:${o.lineIds[0]}`, 'TOWEL-01', 5, '7.90', '39.50'],
      [`woo-line:${boltId}`, 'BOLT-M8', 3, '3.35', '10.05'],
    ]);
    expect(chargesOf(order)).toEqual([[`woo-fee:${woo.fee_lines[0].id}`, 'FEE', '2.00', 0]]);
    expect(second.lines).toEqual([1, 2]);
    expect(remembered(o.id).split(',').map(Number)).toEqual(expect.arrayContaining([o.lineIds[0], boltId, woo.fee_lines[0].id]));
  });

  it('completes a pass over an Epicor order staff closed, when WooCommerce has nothing new', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'BOLT-M8', quantity: 1 }] });
    const first = await pass(o.id);
    await sims.epicorClient.call(SO, 'CloseOrder', { iOrderNum: first.epicorOrderNum });
    sims.woo.sim.updateOrderStatus(o.id, 'completed');
    const result = await pass(o.id);
    expect(result.epicorOrderNum).toBe(first.epicorOrderNum);
    expect((await sims.handle(o.id).query(orderStatusQuery)).phase).toBe('done');
    expect(sims.ordersFor(o.poNum)[0].OpenOrder).toBe(false);
  });

  it('parks, naming the new items, when WooCommerce added a line after staff closed the Epicor order', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const first = await pass(o.id);
    await sims.epicorClient.call(SO, 'CloseOrder', { iOrderNum: first.epicorOrderNum });
    await sims.wooClient.request('PUT', `/orders/${o.id}`, { body: { line_items: [{ sku: 'BOLT-M8', quantity: 1 }] } });
    const added = (sims.woo.sim.getOrder(o.id) as { line_items: { id: number }[] }).line_items[1].id;
    await sims.notify(o.id);
    const parked = await waitFor('the park', async () => {
      const s = await sims.handle(o.id).query(orderStatusQuery);
      return s.phase === 'parked' ? s : undefined;
    });
    expect(parked.parkedReason).toBe(
      `EpicorRejected: Epicor order ${first.epicorOrderNum} is closed, and WooCommerce has items added since the import (woo-line:${added}); reopen the order and send the retry signal, or add them by hand`,
    );
    expect(sims.ordersFor(o.poNum)[0].lines).toHaveLength(1);
    await sims.handle(o.id).terminate('parked on purpose');
  });

  it('ends after the one pass the saved imported-items meta triggers through a real order.updated delivery', async () => {
    const endpoint = await serve(createWebhookApp({ config: worker.config, temporal: env.client, logger }));
    const { webhook } = await sims.wooClient.webhooks.create({
      name: 'connector',
      topic: 'order.updated',
      deliveryUrl: `${endpoint.origin}/webhooks/woocommerce`,
      secret: worker.config.woo.webhookSecret,
    });
    try {
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }] });
      const deliveries = () => sims.woo.sim.deliveries().filter((d) => d.kind === 'delivery' && d.resourceId === o.id);
      const done = () => waitFor('the run to end', async () => ((await sims.handle(o.id).describe()).status.name === 'COMPLETED' ? true : undefined));
      await sims.woo.sim.flushDeliveries(); // the checkout's order.updated: the import, which saves the meta
      await waitFor('the import', () => sims.ordersFor(o.poNum)[0]?.lines.length === 1);
      await done();
      expect(remembered(o.id)).toBe(String(o.lineIds[0]));
      const writes = sims.epicorCalls('MasterUpdate');

      await sims.woo.sim.flushDeliveries(); // the meta's order.updated: one pass that finds nothing new
      await done(); // the delivery's signal-with-start began a new run before WooCommerce got its 200
      const after = deliveries().length;
      await sims.woo.sim.flushDeliveries(); // nothing was saved by that pass, so nothing more is sent
      expect(deliveries()).toHaveLength(after);
      expect(after).toBe(2);
      expect(sims.epicorCalls('MasterUpdate')).toBe(writes);
      expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    } finally {
      await sims.wooClient.webhooks.delete(webhook.id);
      await endpoint.close();
    }
  });

  it('writes each line once when the pass dies after the Epicor writes and before remembering them', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }, { sku: 'BOLT-M8', quantity: 2 }], shipping: '4.90' });
    // The save of the imported-items meta fails once: the Epicor order is complete, nothing is remembered yet.
    const fault = sims.woo.sim.faults.add({ method: 'PUT', path: `/orders/${o.id}`, kind: 'status', status: 503, times: 1 });
    const result = await pass(o.id);
    sims.woo.sim.faults.remove(fault);
    expect(sims.woo.sim.faults.list()).toHaveLength(0);

    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect(linesOf(order).map((l) => l[0])).toEqual(o.lineIds.map((id) => `woo-line:${id}`));
    expect(chargesOf(order)).toHaveLength(1);
    expect(result.lines).toEqual([1, 2]);
    expect(remembered(o.id)).not.toBe('');
  });
});

describe('a big order', () => {
  it('is written over several importOrder calls when one call runs out of time, each line once', async () => {
    const slow = await sims.startWorker(sims.configWith(), { activities: { writeBudgetMs: 1 } }); // one line per call
    const o = sims.placeOrder({
      customer_email: JORG,
      line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }, { sku: 'TOWEL-01', quantity: 2 }, { sku: 'BOLT-M8', quantity: 3 }],
      shipping: '4.90',
    });
    const result = await pass(o.id, slow.config);
    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect(linesOf(order).map((l) => l[0])).toEqual(o.lineIds.map((id) => `woo-line:${id}`));
    expect(chargesOf(order)).toHaveLength(1);
    expect(result.lines).toEqual([1, 2, 3]);
    // The history says so: three calls, the later ones marked as the continuation.
    const history = await sims.handle(o.id).fetchHistory();
    const summaries = (history.events ?? [])
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'importOrder')
      .map((e) => e.userMetadata?.summary?.data && Buffer.from(e.userMetadata.summary.data).toString());
    expect(summaries).toHaveLength(3);
    expect(summaries.slice(1).every((s) => String(s).includes('(continued)'))).toBe(true);
  });
});

describe('Epicor calls of an import', () => {
  it('costs at most 5 calls per line plus 8 per order, reads the Woo order once per pass, and a pass with nothing new writes nothing', async () => {
    const o = sims.placeOrder({
      customer_email: JORG,
      line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }, { sku: 'TOWEL-01', quantity: 2 }, { sku: 'BOLT-M8', quantity: 3 }],
      shipping: '4.90',
    });
    sims.epicor.sim.calls.clear();
    sims.woo.sim.calls.clear();
    await pass(o.id);
    const calls = sims.epicor.sim.calls.all().length;
    expect(calls).toBeLessThanOrEqual(5 * 3 + 8);
    expect(sims.epicorCalls('GetByID')).toBe(0); // each save's tableset is reused
    expect(sims.epicorCalls('OrderDtls')).toBe(0); // the new order has no lines to look up
    expect(sims.epicorCalls('SalesOrders')).toBe(1); // one PONum look-up
    expect(sims.woo.sim.calls.count(`/orders/${o.id}`, 'GET')).toBe(1);
    expect(linesOf(sims.ordersFor(o.poNum)[0])).toHaveLength(3);

    // The completed update (and the order.updated the remembered-items meta fires) finds nothing new.
    sims.woo.sim.updateOrderStatus(o.id, 'completed');
    sims.epicor.sim.calls.clear();
    await pass(o.id);
    expect(sims.epicor.sim.calls.all().length).toBeLessThanOrEqual(2);
    expect(sims.epicorCalls('MasterUpdate')).toBe(0);
    expect(sims.woo.sim.calls.count(`/orders/${o.id}`, 'PUT')).toBe(1); // only the first pass remembered items
  });
});
