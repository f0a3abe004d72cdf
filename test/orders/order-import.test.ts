import { Hono } from 'hono';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { toMinor } from '../../src/mapping/money';
import { logger } from '../../src/logger';
import { serve } from '../../src/sandbox/shared/serve';
import { createWebhookApp } from '../../src/webhook/app';
import { orderStatusQuery, retrySignal, type OrderImportStatus } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { chargesOf, HELD, JORG, linesOf, money, startOrderSims, waitFor, type Sims, type TestWorker } from './harness';

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

const mugsAndTowel = { customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' };

async function importOrder(id: number, cfg = sims.config) {
  await sims.notify(id, cfg);
  return sims.handle(id).result();
}

async function parkedStatus(id: number): Promise<OrderImportStatus> {
  return waitFor(`order ${id} to park`, async () => {
    const s = await sims.handle(id).query(orderStatusQuery);
    return s.phase === 'parked' ? s : undefined;
  });
}

describe('order import against the simulators', () => {
  it("brings a shopper's order to Epicor once, with its exact lines and the shipping as a header misc charge", async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const result = await importOrder(o.id);

    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect([order.CustomerCustID, order.OpenOrder, order.OrderHeld]).toEqual(['JORG', true, false]);
    expect(linesOf(order)).toEqual([
      [`woo-line:${o.lineIds[0]}`, 'MUG-CAFE-350', 2, '12.50', '25.00'], // the Woo price, not Epicor's 11.00 list price
      [`woo-line:${o.lineIds[1]}`, 'TOWEL-01', 1, '7.90', '7.90'],
    ]);
    expect(chargesOf(order)).toEqual([[expect.stringMatching(/^woo-shipping:\d+$/), 'FRT', '4.90', 0]]);
    expect(money(order.DocOrderAmt)).toBe('37.80');
    expect(result).toMatchObject({ poNum: o.poNum, epicorOrderNum: order.OrderNum, lines: [1, 2], credits: [] });
    const described = await sims.handle(o.id).describe();
    expect(described.searchAttributes.EpicorOrderNum).toEqual([String(order.OrderNum)]);
    expect(described.searchAttributes.WooOrderId).toEqual([String(o.id)]);
  });

  it('turns real deliveries replayed three times, order.updated before order.created, into one order', async () => {
    // Capture what WooCommerce sends for one checkout, then replay it into the endpoint out of order.
    const receiver = new Hono().post('/', (c) => c.text('ok'));
    const captured = await serve(receiver);
    const hooks = [];
    for (const topic of ['order.created', 'order.updated']) {
      const { webhook } = await sims.wooClient.webhooks.create({ name: `capture ${topic}`, topic, deliveryUrl: `${captured.origin}/`, secret: sims.config.woo.webhookSecret });
      hooks.push(webhook.id);
    }
    const o = sims.placeOrder(mugsAndTowel);
    await sims.woo.sim.flushDeliveries();
    for (const id of hooks) await sims.wooClient.webhooks.delete(id);
    await captured.close();
    const byTopic = (topic: string) => sims.woo.sim.deliveries().find((d) => d.kind === 'delivery' && d.resourceId === o.id && d.topic === topic)!;
    const created = byTopic('order.created');
    const updated = byTopic('order.updated');

    const app = createWebhookApp({ config: sims.config, temporal: env.client, logger });
    const replay = (d: typeof created) => app.request('/webhooks/woocommerce', { method: 'POST', headers: d.headers, body: d.body });
    expect((await replay(updated)).status).toBe(200);
    const answers = await Promise.all([replay(created), replay(created), replay(created)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await sims.handle(o.id).result();
    // A late duplicate after completion starts a new run that finds the order by PONum.
    expect((await replay(created)).status).toBe(200);
    await sims.handle(o.id).result();

    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    expect(linesOf(sims.ordersFor(o.poNum)[0]).map((l) => l[0])).toEqual(o.lineIds.map((id) => `woo-line:${id}`));
    expect(chargesOf(sims.ordersFor(o.poNum)[0])).toHaveLength(1);
  });

  it('finishes the order in a new worker after the first one stopped between the header and the lines', async () => {
    const cfg = sims.configWith();
    const first = await sims.startWorker(cfg);
    const o = sims.placeOrder(mugsAndTowel);
    const headersBefore = sims.epicorCalls('GetNewOrderHed');
    // The first line hangs in Epicor: the header is committed, no line is; then the worker goes away.
    const hang = sims.epicor.sim.addFault({ kind: 'hang', path: '/GetNewOrderDtl', times: 1, hangMs: 1_500 });
    await sims.notify(o.id, cfg);
    await waitFor('the first line request', () => sims.epicor.sim.faults.list().some((f) => f.id === hang && f.hits === 1));
    await first.shutdown();
    expect(sims.ordersFor(o.poNum).map((h) => h.lines.length)).toEqual([0]);

    const second = await sims.startWorker(cfg);
    await sims.handle(o.id).result();
    await second.shutdown();
    const orders = sims.ordersFor(o.poNum);
    expect(orders).toHaveLength(1);
    expect(linesOf(orders[0]).map((l) => [l[1], l[2]])).toEqual([
      ['MUG-CAFE-350', 2],
      ['TOWEL-01', 1],
    ]);
    expect(chargesOf(orders[0])).toHaveLength(1);
    expect(sims.epicorCalls('GetNewOrderHed') - headersBefore).toBe(1);
  });

  it('replays a reset of a completed import without writing a second order', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    await importOrder(o.id);
    const handle = sims.handle(o.id);
    const { runId } = await handle.describe();
    const history = await handle.fetchHistory();
    const firstTask = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
    const writesBefore = sims.epicorCalls('MasterUpdate');
    await env.client.workflowService.resetWorkflowExecution({
      namespace: env.namespace ?? 'default',
      workflowExecution: { workflowId: handle.workflowId, runId },
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: `reset-${o.id}`,
      reason: 'test reset',
    });
    await waitFor('the reset run', async () => (await handle.describe()).runId !== runId);
    const replayed = await handle.result();

    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    expect(sims.ordersFor(o.poNum)[0].lines).toHaveLength(2);
    expect(replayed.epicorOrderNum).toBe(sims.ordersFor(o.poNum)[0].OrderNum);
    expect(sims.epicorCalls('MasterUpdate')).toBe(writesBefore);
  });

  it('credits a partial refund once, however often it is announced', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const imported = await importOrder(o.id);
    sims.shipAll(o.poNum); // only shipped units are credited (unshipped-refund.test.ts)
    const refund = sims.woo.sim.createRefund(o.id, { reason: 'broken', line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };

    const first = await importOrder(o.id);
    expect(first.credits).toEqual([{ wooRefundId: refund.id, rmaNum: expect.any(Number), invoiceNums: [expect.any(Number)], amount: '12.50' }]);
    const again = await importOrder(o.id);
    expect(again.credits).toEqual(first.credits);

    const credits = sims.creditsFor(imported.epicorOrderNum!);
    expect(credits).toHaveLength(1);
    expect([credits[0].CreditMemo, money(credits[0].DocInvoiceAmt)]).toEqual([true, '-12.50']);
    expect(credits[0].lines.map((l) => [l.ECCComment, l.PartNum, Number(l.SellingShipQty), money(l.DocExtPrice)])).toEqual([
      [`woo-refund:${refund.id}`, 'MUG-CAFE-350', -1, '-12.50'],
    ]);
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
  });

  it("parks a refund with the words of RMACreditAdd's opErrMsg when Epicor credits nothing, and credits it once retry is sent", async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const imported = await importOrder(o.id);
    sims.shipAll(o.poNum);
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };
    sims.epicor.sim.refuseRmaCredits('The RMA line has not been received.');
    try {
      await sims.notify(o.id);
      expect((await parkedStatus(o.id)).parkedReason).toMatch(/^EpicorRejected: Epicor RMACreditAdd for RMA \d+ line 1 created no credit memo: The RMA line has not been received\.$/);
      expect(sims.creditsFor(imported.epicorOrderNum!)).toEqual([]);
    } finally {
      sims.epicor.sim.refuseRmaCredits('');
    }
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[refund.id, '12.50']]);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => [c.lines[0].ECCComment, money(c.DocInvoiceAmt)])).toEqual([[`woo-refund:${refund.id}`, '-12.50']]);
  });

  it('parks a refund that includes shipping, which an RMA cannot credit, without crediting any part of it', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const imported = await importOrder(o.id);
    sims.shipAll(o.poNum);
    const refund = sims.woo.sim.createRefund(o.id, { amount: '17.40', line_items: [{ id: o.lineIds[0], quantity: 1, refund_total: '12.50' }] }) as { id: number };
    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toBe(
      `RefundNotCreditable: refund ${refund.id}: 4.90 of 17.40 is not for returned items (shipping, fees or a manual amount) and cannot be credited through an RMA (credit it by hand in Epicor with comment woo-refund:${refund.id}, or send refundHandled)`,
    );
    expect(sims.creditsFor(imported.epicorOrderNum!)).toEqual([]);
    await sims.handle(o.id).terminate('parked on purpose');
  });

  it('parks an order with an unknown SKU with a visible reason, and completes once the part exists and retry is sent', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'NEW-PART', quantity: 3 }] });
    await sims.notify(o.id);
    const parked = await parkedStatus(o.id);
    expect(parked.parkedReason).toBe('UnknownSku: unknown SKU in Epicor: NEW-PART (create the part, then send the retry signal)');
    expect((await sims.handle(o.id).describe()).memo?.parkedReason).toBe(parked.parkedReason);
    expect(sims.ordersFor(o.poNum)).toHaveLength(0); // nothing written before the problem was found

    sims.epicor.sim.seed({ parts: [{ partNum: 'NEW-PART', description: 'Brand new part', unitPrice: '4.00' }] });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(linesOf(sims.ordersFor(o.poNum)[0])).toEqual([[`woo-line:${o.lineIds[0]}`, 'NEW-PART', 3, '5.00', '15.00']]);
  });

  it('parks an order for a part that is inactive in Epicor until it is activated and retry is sent', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'OLD-LAMP', quantity: 1 }, { sku: 'TOWEL-01', quantity: 1 }] });
    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toBe('InactivePart: part inactive in Epicor: OLD-LAMP (activate it, then send the retry signal)');
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);

    sims.epicor.sim.updatePart('OLD-LAMP', { inActive: false });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(linesOf(sims.ordersFor(o.poNum)[0]).map((l) => l[1])).toEqual(['OLD-LAMP', 'TOWEL-01']);
  });

  it('retries Epicor 500s and 429s on the write steps without a second order, line or charge', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const faults = [
      sims.epicor.sim.addFault({ kind: 'status', status: 500, path: '/MasterUpdate', method: 'POST', times: 1 }), // the header
      sims.epicor.sim.addFault({ kind: 'status', status: 429, path: '/ChangePartNum', times: 2 }),
      sims.epicor.sim.addFault({ kind: 'status', status: 500, path: '/GetNewOHOrderMsc', times: 1 }),
      sims.epicor.sim.addFault({ kind: 'status', status: 429, path: '/RMAProcs', method: 'GET', times: 1 }),
    ];
    await importOrder(o.id);
    sims.shipAll(o.poNum);
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[1], quantity: 1 }] });
    const withCredit = await importOrder(o.id);
    const hits = sims.epicor.sim.faults.list().filter((f) => faults.includes(f.id)).map((f) => f.hits);
    for (const id of faults) sims.epicor.sim.faults.remove(id);

    expect(hits).toEqual([1, 2, 1, 1]);
    const orders = sims.ordersFor(o.poNum);
    expect(orders).toHaveLength(1);
    expect(linesOf(orders[0]).map((l) => l[1])).toEqual(['MUG-CAFE-350', 'TOWEL-01']);
    expect(chargesOf(orders[0])).toHaveLength(1);
    expect(sims.creditsFor(withCredit.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-7.90']);
  });

  it('finds what Epicor committed before answering 500, instead of writing it twice', async () => {
    const gateway = await sims.lossyGateway();
    const cfg = sims.configWith({ EPICOR_BASE_URL: gateway.baseUrl });
    const viaGateway = await sims.startWorker(cfg);
    const o = sims.placeOrder(mugsAndTowel);
    const headersBefore = sims.epicorCalls('GetNewOrderHed');
    const linesBefore = sims.epicorCalls('GetNewOrderDtl');
    // The header and the first line are written, but the connector only sees a 500 (outcome unknown).
    gateway.loseAnswerAfterCommit('/MasterUpdate');
    gateway.loseAnswerAfterCommit('/MasterUpdate');
    await importOrder(o.id, cfg);
    await viaGateway.shutdown();

    expect(gateway.pending()).toBe(0);
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    expect(linesOf(sims.ordersFor(o.poNum)[0]).map((l) => l[1])).toEqual(['MUG-CAFE-350', 'TOWEL-01']);
    // Each retry found the committed row by PONum / line Reference and did not start a second one.
    expect(sims.epicorCalls('GetNewOrderHed') - headersBefore).toBe(1);
    expect(sims.epicorCalls('GetNewOrderDtl') - linesBefore).toBe(2);
  });

  it('parks an order of a customer on credit hold, and imports it once the hold is lifted and retry is sent', async () => {
    const o = sims.placeOrder({ customer_email: HELD, line_items: [{ sku: 'TOWEL-01', quantity: 4 }] });
    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toBe('CreditHold: Epicor customer HOLDCO is on credit hold');
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);

    const custNum = Number(sims.epicor.sim.customer('HOLDCO')!.CustNum);
    sims.epicor.sim.updateCustomer(custNum, { creditHold: false });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(sims.ordersFor(o.poNum).map((h) => [h.CustomerCustID, h.lines.length])).toEqual([['HOLDCO', 1]]);
    sims.epicor.sim.updateCustomer(custNum, { creditHold: true });
  });

  it('holds the Epicor order when the shop cancels it, and closes it instead when configured to', async () => {
    const held = sims.placeOrder(mugsAndTowel);
    await importOrder(held.id);
    sims.woo.sim.updateOrderStatus(held.id, 'cancelled');
    expect((await importOrder(held.id)).cancelled).toBe('hold');
    expect(sims.ordersFor(held.poNum).map((h) => [h.OrderHeld, h.OpenOrder])).toEqual([[true, true]]);

    const closeCfg = sims.configWith({ ORDER_CANCEL_ACTION: 'close' });
    const closer = await sims.startWorker(closeCfg);
    const closed = sims.placeOrder(mugsAndTowel);
    await importOrder(closed.id, closeCfg);
    sims.woo.sim.updateOrderStatus(closed.id, 'cancelled');
    expect((await importOrder(closed.id, closeCfg)).cancelled).toBe('close');
    await closer.shutdown();
    const [order] = sims.ordersFor(closed.poNum);
    expect([order.OrderHeld, order.OpenOrder, order.lines.map((l) => l.OpenLine)]).toEqual([false, false, [false, false]]);
  });

  it('books a guest order on the configured web customer', async () => {
    const o = sims.placeOrder({
      billing: { first_name: 'Ana', last_name: 'Ruiz', email: 'ana.ruiz@example.test', country: 'ES' },
      line_items: [{ sku: 'BOLT-M8', quantity: 10 }],
    });
    const result = await importOrder(o.id);
    expect(sims.ordersFor(o.poNum).map((h) => [h.CustomerCustID, money(h.DocOrderAmt)])).toEqual([['WEBGUEST', '33.50']]);
    // Nothing about the shopper travels through Temporal: ids, numbers and statuses only.
    expect(JSON.stringify(result)).not.toMatch(/ana|ruiz/i);
  });

  it("reconciles to the cent: Epicor's stored lines + misc charges equal the Woo total minus tax", async () => {
    // A coupon spread unevenly over the lines (totals that do not divide by the quantity), shipping and a fee.
    const o = sims.placeOrder({
      customer_email: JORG,
      line_items: [{ sku: 'BOLT-M8', quantity: 3 }, { sku: 'MUG-CAFE-350', quantity: 4 }],
      coupon: 'fivers',
      shipping: '4.90',
      fee: { name: 'Handling', total: '1.50' },
    });
    await importOrder(o.id);
    const [order] = sims.ordersFor(o.poNum);

    const wooNet = toMinor(o.total) - toMinor(o.total_tax);
    const lines = order.lines.reduce((s, l) => s + toMinor(money(l.DocExtPriceDtl)), 0n);
    const misc = order.miscCharges.reduce((s, m) => s + toMinor(money(m.DocMiscAmt)), 0n);
    expect([lines + misc, toMinor(money(order.DocOrderAmt))]).toEqual([wooNet, wooNet]);
    expect(o.total).toBe('61.45');
    // WooCommerce takes a fixed-cart coupon per unit (0.71 each) and the 3 leftover cents from the dearest line:
    // 47.13 over 4 mugs does not divide evenly, so it becomes a main line and a :rest line.
    expect(linesOf(order).map((l) => l.slice(2))).toEqual([
      [3, '2.64', '7.92'],
      [3, '11.78', '35.34'],
      [1, '11.79', '11.79'],
    ]);
    expect(chargesOf(order).map((c) => c.slice(1))).toEqual([
      ['FRT', '4.90', 0],
      ['FEE', '1.50', 0],
    ]);
  });
});
