import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from '../../src/config';
import { orderStatusQuery, retrySignal } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, money, startOrderSims, waitFor, type Sims } from './harness';

/** The refund route under test: ORDER_REFUND_ROUTE=ar-credit-memo, on the real Temporal test server and both simulators. */
let env: TestWorkflowEnvironment;
let sims: Sims;
let cfg: Config;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  cfg = sims.configWith({ ORDER_REFUND_ROUTE: 'ar-credit-memo' });
  await sims.startWorker(cfg);
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

const mugsAndTowel = { customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' };

async function importOrder(id: number, config = cfg) {
  await sims.notify(id, config);
  return sims.handle(id).result();
}

/** Credit memos of an order as [InvoiceComment, GroupID, total] and their lines as [PartNum, qty, unit, ext, key]. */
const memosOf = (orderNum: number) =>
  sims.creditsFor(orderNum).map((c) => ({
    head: [c.InvoiceComment, c.GroupID, c.CreditMemo, c.InvoiceSuffix, c.RMANum, money(c.DocInvoiceAmt)],
    lines: c.lines.map((l) => [l.PartNum, Number(l.SellingShipQty), money(l.DocUnitPrice), money(l.DocExtPrice), l.InvoiceComment]),
  }));

const AR = 'Erp.BO.ARInvoiceSvc';
const RMA = 'Erp.BO.RMAProcSvc';
type Ds = Record<string, Record<string, unknown>[]>;

/** An AR credit memo as an operator enters it, in a group of their own; lines carry their own comments. */
async function memoByHand(orderNum: number, comment: string, lines: { comment: string; price: number }[]): Promise<number> {
  const grp = await sims.epicorClient.call<{ ds: Ds }>('Erp.BO.InvcGrpSvc', 'GetNewInvcGrp', { ds: {} });
  const group = grp.parameters.ds.InvcGrp.find((r) => r.RowMod === 'A')!;
  group.GroupID = `H${orderNum}`.slice(0, 6);
  await sims.epicorClient.call('Erp.BO.InvcGrpSvc', 'Update', { ds: { InvcGrp: [group] } });
  const fresh = await sims.epicorClient.call<{ ds: Ds }>(AR, 'GetNewInvcHeadType', { GroupID: group.GroupID, InvoiceType: 'CREDIT-MEMO', ds: {} });
  const head = fresh.parameters.ds.InvcHead.find((r) => r.RowMod === 'A')!;
  Object.assign(head, { CustNum: Number(sims.epicor.sim.customer('JORG')!.CustNum), OrderNum: orderNum, InvoiceComment: comment });
  const saved = await sims.epicorClient.call<{ ds: Ds }>(AR, 'Update', { ds: { InvcHead: [head] } });
  const invoiceNum = Number(saved.parameters.ds.InvcHead[0].InvoiceNum);
  for (const line of lines) {
    const dtl = (await sims.epicorClient.call<{ ds: Ds }>(AR, 'GetNewInvcDtl', { invoiceNum, ds: {} })).parameters.ds.InvcDtl.find((r) => r.RowMod === 'A')!;
    Object.assign(dtl, { LineDesc: line.comment, SellingShipQty: 1, DocUnitPrice: line.price, InvoiceComment: line.comment });
    await sims.epicorClient.call(AR, 'Update', { ds: { InvcDtl: [dtl] } });
  }
  return invoiceNum;
}

describe('refunds as direct AR credit memos (ORDER_REFUND_ROUTE=ar-credit-memo)', () => {
  it('credits a refund of one item plus the shipping as one credit memo whose total is the refund amount', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id);
    sims.shipAll(o.poNum); // only shipped units are credited
    const refund = sims.woo.sim.createRefund(o.id, { amount: '17.40', line_items: [{ id: o.lineIds[0], quantity: 1, refund_total: '12.50' }] }) as { id: number };

    const result = await importOrder(o.id);

    const [memo, ...more] = sims.creditsFor(epicorOrderNum!);
    expect(more).toHaveLength(0);
    expect(result.credits).toEqual([{ wooRefundId: refund.id, rmaNum: 0, invoiceNums: [memo.InvoiceNum], creditMemoNum: memo.InvoiceNum, amount: '17.40' }]);
    expect(memosOf(epicorOrderNum!)).toEqual([
      {
        head: [`woo-refund:${refund.id}`, 'WEBCM', true, 'CM', 0, '-17.40'],
        lines: [
          ['MUG-CAFE-350', -1, '12.50', '-12.50', `woo-refund:${refund.id}/1`],
          ['', -1, '4.90', '-4.90', `woo-refund:${refund.id}/2`],
        ],
      },
    ]);
    expect(sims.epicorCalls('RMACreditAdd')).toBe(0);
  });

  it('keeps one credit memo per refund however often the order is announced, and credits an amount-only refund too', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id);
    sims.shipAll(o.poNum); // only shipped units are credited
    const first = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[1], quantity: 1 }] }) as { id: number };
    const once = await importOrder(o.id);
    const twice = await importOrder(o.id);
    expect(twice.credits).toEqual(once.credits);
    expect(memosOf(epicorOrderNum!).map((m) => m.head)).toEqual([[`woo-refund:${first.id}`, 'WEBCM', true, 'CM', 0, '-7.90']]);

    const amountOnly = sims.woo.sim.createRefund(o.id, { amount: '3.10' }) as { id: number };
    const later = await importOrder(o.id);
    // A new run looks every refund up again: the first one resolves to the memo it already has.
    expect(later.credits.map((c) => [c.wooRefundId, c.amount, c.invoiceNums])).toEqual([
      [first.id, '7.90', once.credits[0].invoiceNums],
      [amountOnly.id, '3.10', [expect.any(Number)]],
    ]);
    expect(memosOf(epicorOrderNum!)).toEqual([
      { head: [`woo-refund:${first.id}`, 'WEBCM', true, 'CM', 0, '-7.90'], lines: [['TOWEL-01', -1, '7.90', '-7.90', `woo-refund:${first.id}/1`]] },
      { head: [`woo-refund:${amountOnly.id}`, 'WEBCM', true, 'CM', 0, '-3.10'], lines: [['', -1, '3.10', '-3.10', `woo-refund:${amountOnly.id}/1`]] },
    ]);
  });

  it('finds the header and line Epicor committed before answering 500, instead of writing a second memo or line', async () => {
    const gateway = await sims.lossyGateway();
    const viaGateway = sims.configWith({ ORDER_REFUND_ROUTE: 'ar-credit-memo', EPICOR_BASE_URL: gateway.baseUrl });
    const worker = await sims.startWorker(viaGateway);
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id, viaGateway);
    sims.shipAll(o.poNum); // only shipped units are credited
    const refund = sims.woo.sim.createRefund(o.id, { amount: '17.40', line_items: [{ id: o.lineIds[0], quantity: 1, refund_total: '12.50' }] }) as { id: number };
    const headersBefore = sims.epicorCalls('GetNewInvcHeadType');
    const linesBefore = sims.epicorCalls('GetNewInvcDtl');
    // The header's Update and the first line's Update are committed, but the connector only sees a 500.
    gateway.loseAnswerAfterCommit('/Erp.BO.ARInvoiceSvc/Update');
    gateway.loseAnswerAfterCommit('/Erp.BO.ARInvoiceSvc/Update');
    // And the first GetNewInvcDtl fails outright once (refused before the handler: nothing committed).
    const fault = sims.epicor.sim.addFault({ kind: 'status', status: 500, path: '/GetNewInvcDtl', method: 'POST', times: 1 });

    const result = await importOrder(o.id, viaGateway);
    await worker.shutdown();
    const faultHits = sims.epicor.sim.faults.list().find((x) => x.id === fault)?.hits;
    sims.epicor.sim.faults.remove(fault);

    expect(gateway.pending()).toBe(0);
    expect(faultHits).toBe(1);
    expect(memosOf(epicorOrderNum!)).toEqual([
      {
        head: [`woo-refund:${refund.id}`, 'WEBCM', true, 'CM', 0, '-17.40'],
        lines: [
          ['MUG-CAFE-350', -1, '12.50', '-12.50', `woo-refund:${refund.id}/1`],
          ['', -1, '4.90', '-4.90', `woo-refund:${refund.id}/2`],
        ],
      },
    ]);
    expect(result.credits.map((c) => c.amount)).toEqual(['17.40']);
    // One header asked for; the lost line was found by its key, so only the second line needed another GetNewInvcDtl.
    expect(sims.epicorCalls('GetNewInvcHeadType') - headersBefore).toBe(1);
    expect(sims.epicorCalls('GetNewInvcDtl') - linesBefore).toBe(3);
  });

  it('takes a credit memo an operator entered by hand with the refund reference as the credit, adding no lines to it', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id);
    sims.shipAll(o.poNum); // only shipped units are credited
    const refund = sims.woo.sim.createRefund(o.id, { amount: '12.50', line_items: [{ id: o.lineIds[0], quantity: 1, refund_total: '12.50' }] }) as { id: number };
    const hand = await memoByHand(epicorOrderNum!, `woo-refund:${refund.id}`, [{ comment: 'mug returned, credited by phone', price: 12.5 }]);

    const result = await importOrder(o.id);
    expect(result.credits).toEqual([{ wooRefundId: refund.id, rmaNum: 0, invoiceNums: [hand], creditMemoNum: hand, amount: '12.50' }]);
    expect(memosOf(epicorOrderNum!).map((m) => m.lines.map((l) => l[4]))).toEqual([['mug returned, credited by phone']]);
  });

  it('parks a refund whose RMA from the earlier rma route has no credit memo yet, and takes it once it is credited', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id);
    const refund = sims.woo.sim.createRefund(o.id, { amount: '12.50', line_items: [{ id: o.lineIds[0], quantity: 1, refund_total: '12.50' }] }) as { id: number };
    // What the rma route leaves when it stops between the RMA line and RMACreditAdd.
    const custNum = Number(sims.epicor.sim.customer('JORG')!.CustNum);
    const { RMANum } = await sims.epicorClient.create<{ RMANum: number }>(RMA, 'RMAProcs', {
      RMANum: 0,
      CustNum: custNum,
      BTCustNum: custNum,
      OpenRMA: true,
      RMAComment: `woo-refund:${refund.id}`,
    });
    const orderLine = sims.ordersFor(o.poNum)[0].lines.find((l) => l.PartNum === 'MUG-CAFE-350')!.OrderLine;
    await sims.epicorClient.create(RMA, 'RMADtls', {
      RMANum,
      RMALine: 1,
      OrderNum: epicorOrderNum,
      OrderLine: orderLine,
      PartNum: 'MUG-CAFE-350',
      ReturnQty: 1,
      ReturnReasonCode: cfg.orders.refundReason,
      ECCComment: `woo-refund:${refund.id}`,
    });

    await sims.notify(o.id, cfg);
    const parked = await waitFor(`order ${o.id} to park`, async () => {
      const s = await sims.handle(o.id).query(orderStatusQuery);
      return s.phase === 'parked' ? s : undefined;
    });
    expect(parked.parkedReason).toBe(
      `RefundNotCreditable: RMA ${RMANum} (woo-refund:${refund.id}) has lines without a credit memo: 1, and ORDER_REFUND_ROUTE=ar-credit-memo cannot finish it; finish that credit in Epicor, or delete it so this route credits the refund, then send the retry signal (or send refundHandled)`,
    );
    expect(sims.creditsFor(epicorOrderNum!)).toEqual([]);

    const { parameters } = await sims.epicorClient.call<{ iInvoiceNum: number }>(RMA, 'RMACreditAdd', { iRMANum: RMANum, iRMALine: 1, iCorrection: false, ds: {} });
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.credits).toEqual([{ wooRefundId: refund.id, rmaNum: RMANum, invoiceNums: [parameters.iInvoiceNum], amount: '12.50' }]);
    expect(sims.creditsFor(epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-12.50']);
  });

  it('parks while AR is posting the group, then credits once the posting is done and retry is sent', async () => {
    const o = sims.placeOrder(mugsAndTowel);
    const { epicorOrderNum } = await importOrder(o.id);
    sims.woo.sim.createRefund(o.id, { amount: '4.90' });
    sims.epicor.sim.setInvoiceGroupPosting('WEBCM', true);
    await sims.notify(o.id, cfg);
    const parked = await waitFor(`order ${o.id} to park`, async () => {
      const s = await sims.handle(o.id).query(orderStatusQuery);
      return s.phase === 'parked' ? s : undefined;
    });
    expect(parked.parkedReason).toMatch(/^EpicorRejected: .*Invoice group WEBCM is being posted/);
    expect(sims.creditsFor(epicorOrderNum!)).toEqual([]);

    // Posting finishes: the group's invoices are posted and the group is gone; the connector makes a new one.
    sims.epicor.sim.setInvoiceGroupPosting('WEBCM', false);
    await sims.epicorClient.call('Erp.BO.InvcGrpSvc', 'PostInvoices', { groupID: 'WEBCM' });
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.credits.map((c) => c.amount)).toEqual(['4.90']);
    expect(memosOf(epicorOrderNum!).map((m) => m.head)).toEqual([[expect.stringMatching(/^woo-refund:\d+$/), 'WEBCM', true, 'CM', 0, '-4.90']]);
  });
});
