import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderStatusQuery, refundHandledSignal, retrySignal, type OrderImportStatus } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, linesOf, money, startOrderSims, waitFor, type Sims } from './harness';
import { changePartNumMaster } from '../../src/activities/orders/epicor-order';

/**
 * What happens to an order after its import: parts and products change, refunds arrive that the connector
 * cannot credit, and Epicor holds orders the connector did not write. None of it may block later refunds or
 * touch someone else's order.
 */
let env: TestWorkflowEnvironment;
let sims: Sims;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  await sims.startWorker();
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

const SO = 'Erp.BO.SalesOrderSvc';

async function importOrder(id: number) {
  await sims.notify(id);
  return sims.handle(id).result();
}

async function parkedStatus(id: number): Promise<OrderImportStatus> {
  return waitFor(`order ${id} to park`, async () => {
    const s = await sims.handle(id).query(orderStatusQuery);
    return s.phase === 'parked' ? s : undefined;
  });
}

/** A part sold only in this test, so changing it cannot disturb other tests. */
function newPart(sku: string, price: string) {
  sims.epicor.sim.seed({ parts: [{ partNum: sku, description: sku, unitPrice: price }] });
  sims.woo.sim.seedProducts([{ name: sku, sku, regular_price: price }]);
}

describe('an order already imported into Epicor', () => {
  it('credits a refund after the part was set inactive in Epicor, without parking', async () => {
    newPart('LAMP-JAN', '24.00');
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'LAMP-JAN', quantity: 2 }] });
    const imported = await importOrder(o.id); // January
    sims.shipAll(o.poNum); // February: only shipped units are credited
    sims.epicor.sim.updatePart('LAMP-JAN', { inActive: true }); // March
    const refund = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number }; // April

    const result = await importOrder(o.id);
    expect(result.credits).toEqual([{ wooRefundId: refund.id, rmaNum: expect.any(Number), invoiceNums: [expect.any(Number)], amount: '24.00' }]);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-24.00']);
    expect((await sims.handle(o.id).describe()).memo?.parkedReason).toBeFalsy();
  });

  it('credits a refund after the Woo product was deleted (its order line has no SKU any more)', async () => {
    newPart('VASE-DEL', '9.00');
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'VASE-DEL', quantity: 1 }, { sku: 'TOWEL-01', quantity: 1 }] });
    const imported = await importOrder(o.id);
    sims.shipAll(o.poNum);
    const product = sims.woo.sim.products().find((p) => p.sku === 'VASE-DEL') as { id: number };
    await sims.wooClient.request('DELETE', `/products/${product.id}`, { query: { force: true } });
    expect((await sims.wooClient.getOrder(o.id)).line_items[0].sku).toBeNull();
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });

    const result = await importOrder(o.id);
    expect(result.credits.map((c) => c.amount)).toEqual(['9.00']);
    expect(sims.creditsFor(imported.epicorOrderNum!)).toHaveLength(1);
  });

  it('still parks a line added after the import whose part is inactive, and adds it once the part is active', async () => {
    newPart('DESK-ADD', '30.00');
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    await importOrder(o.id);
    sims.epicor.sim.updatePart('DESK-ADD', { inActive: true });
    const product = sims.woo.sim.products().find((p) => p.sku === 'DESK-ADD') as { id: number };
    await sims.wooClient.request('PUT', `/orders/${o.id}`, { body: { line_items: [{ product_id: product.id, quantity: 1 }] } });

    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toBe('InactivePart: part inactive in Epicor: DESK-ADD (activate it, then send the retry signal)');
    sims.epicor.sim.updatePart('DESK-ADD', { inActive: false });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(linesOf(sims.ordersFor(o.poNum)[0]).map((l) => l[1])).toEqual(['TOWEL-01', 'DESK-ADD']);
  });
});

describe('a refund the RMA route cannot express', () => {
  /** Shipping-only refund: nothing returned, 4.90 back. */
  const refundShipping = (id: number) => sims.woo.sim.createRefund(id, { amount: '4.90', reason: 'late delivery' }) as { id: number };
  const withShipping = { customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }], shipping: '4.90' };

  it('counts an RMA an operator made by hand with the refund reference as the credit, once retry is sent', async () => {
    const o = sims.placeOrder(withShipping);
    const imported = await importOrder(o.id);
    const refund = refundShipping(o.id);
    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toMatch(/^RefundNotCreditable: /);

    const custNum = Number(sims.epicor.sim.customer('JORG')!.CustNum);
    const rma = await sims.epicorClient.create<{ RMANum: number }>('Erp.BO.RMAProcSvc', 'RMAProcs', {
      RMANum: 0,
      CustNum: custNum,
      RMAComment: `woo-refund:${refund.id}`,
    });
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.credits).toEqual([{ wooRefundId: refund.id, rmaNum: rma.RMANum, invoiceNums: [], amount: '0.00' }]);
  });

  it('is skipped after refundHandled, in this run and in later ones, while later refunds are still credited', async () => {
    const o = sims.placeOrder(withShipping);
    const imported = await importOrder(o.id);
    const shipping = refundShipping(o.id);
    await sims.notify(o.id);
    await parkedStatus(o.id);

    await sims.handle(o.id).signal(refundHandledSignal, shipping.id);
    const done = await sims.handle(o.id).result();
    expect([done.credits, done.handledRefunds]).toEqual([[], [shipping.id]]);
    expect((await sims.handle(o.id).describe()).memo?.handledRefunds).toEqual([shipping.id]);
    // Kept with the Woo order, where the next run reads it.
    const meta = (await sims.wooClient.getOrder(o.id)).meta_data.filter((m) => m.key === '_epicor_refund_handled');
    expect(meta.map((m) => m.value)).toEqual([String(shipping.id)]);

    sims.shipAll(o.poNum);
    const mug = sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };
    const later = await importOrder(o.id); // a new run of the same workflow id
    expect(later.credits.map((c) => [c.wooRefundId, c.amount])).toEqual([[mug.id, '12.50']]);
    expect(later.handledRefunds).toEqual([shipping.id]);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-12.50']);

    const again = await importOrder(o.id);
    expect([again.credits.map((c) => c.wooRefundId), again.handledRefunds]).toEqual([[mug.id], [shipping.id]]);
    expect(sims.creditsFor(imported.epicorOrderNum!)).toHaveLength(1);
  });
});

describe('an Epicor order that has the PONum but is not this import', () => {
  async function orderFor(custId: string, poNum: string): Promise<number> {
    const custNum = Number(sims.epicor.sim.customer(custId)!.CustNum);
    const row = await sims.epicorClient.create<{ OrderNum: number }>(SO, 'SalesOrders', { OrderNum: 0, CustNum: custNum, PONum: poNum });
    return row.OrderNum;
  }

  it("parks (PoNumConflict) instead of adding lines to a B2B customer's order, and imports once its PONum is changed", async () => {
    sims.epicor.sim.seed({ customers: [{ custId: 'ACME', name: 'Acme Trading', email: 'purchasing@acme.example' }] });
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 2 }] });
    const acme = await orderFor('ACME', o.poNum);

    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toBe(
      `PoNumConflict: Epicor order ${acme} has PONum ${o.poNum} but it belongs to Epicor customer ACME, not to the customer this Woo order resolves to; if that order is not this Woo order's import, change its PONum in Epicor, then send the retry signal (renaming an order the connector imported makes the next pass create a duplicate order)`,
    );
    expect(sims.ordersFor(o.poNum).map((h) => [h.OrderNum, h.lines.length])).toEqual([[acme, 0]]);

    const { returnObj } = await sims.epicorClient.callGet<{ returnObj: { OrderHed: Record<string, unknown>[] } }>(SO, 'GetByID', { orderNum: acme });
    const hed: Record<string, unknown> = { ...returnObj.OrderHed[0], PONum: 'ACME-4711', RowMod: 'U' };
    await sims.epicorClient.call(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: 'OrderHed',
      iCustNum: hed.CustNum,
      iOrderNum: acme,
      lweLicensed: false,
      ds: { OrderHed: [hed] },
    });
    await sims.handle(o.id).signal(retrySignal);
    const result = await sims.handle(o.id).result();
    expect(result.epicorOrderNum).not.toBe(acme);
    expect(sims.ordersFor(o.poNum).map((h) => [h.CustomerCustID, h.lines.length])).toEqual([['JORG', 1]]);
  });

  it('credits a later refund on the web-customer order after the shopper got an Epicor customer of their own', async () => {
    const email = 'lena.late@example.test';
    sims.woo.sim.seedCustomers([{ email, first_name: 'Lena', last_name: 'Late' }]);
    const o = sims.placeOrder({ customer_email: email, line_items: [{ sku: 'TOWEL-01', quantity: 2 }] });
    const imported = await importOrder(o.id);
    expect(sims.ordersFor(o.poNum).map((h) => h.CustomerCustID)).toEqual(['WEBGUEST']);
    // Sales creates her as a customer in Epicor: the Woo order now resolves to LENA, its import stays WEBGUEST's.
    sims.epicor.sim.seed({ customers: [{ custId: 'LENA', name: 'Lena Late', email }] });
    sims.shipAll(o.poNum);
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });

    const result = await importOrder(o.id);
    expect(result.epicorOrderNum).toBe(imported.epicorOrderNum);
    expect(result.credits.map((c) => c.amount)).toEqual(['7.90']);
    expect(sims.creditsFor(imported.epicorOrderNum!).map((c) => money(c.DocInvoiceAmt))).toEqual(['-7.90']);
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
  });

  it("takes this import's order when another customer's order with the same PONum sorts first", async () => {
    sims.epicor.sim.seed({ customers: [{ custId: 'BETA', name: 'Beta Supplies', email: 'buy@beta.example' }] });
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const beta = await orderFor('BETA', o.poNum);
    // The B2B order is older, so it is the first row; this import's order (a line with its reference) comes second.
    const custNum = Number(sims.epicor.sim.customer('JORG')!.CustNum);
    const ours = await orderFor('JORG', o.poNum);
    const { returnObj } = await sims.epicorClient.callGet<{ returnObj: Record<string, unknown> }>(SO, 'GetByID', { orderNum: ours });
    let { parameters } = await sims.epicorClient.call<{ ds: Record<string, Record<string, unknown>[]> }>(SO, 'GetNewOrderDtl', { ds: returnObj, orderNum: ours });
    parameters.ds.OrderDtl.at(-1)!.PartNum = 'TOWEL-01';
    ({ parameters } = await sims.epicorClient.call(SO, 'ChangePartNumMaster', changePartNumMaster(String(parameters.ds.OrderDtl.at(-1)!.PartNum), parameters.ds)));
    ({ parameters } = await sims.epicorClient.call(SO, 'ChangeSellingQuantity', { ds: parameters.ds, lKeepUnitPrice: false, ipSellingQuantity: 1 }));
    parameters.ds.OrderDtl.at(-1)!.Reference = `woo-line:${o.lineIds[0]}`;
    await sims.epicorClient.call(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: 'OrderDtl',
      iCustNum: custNum,
      iOrderNum: ours,
      lweLicensed: false,
      ds: parameters.ds,
    });

    const result = await importOrder(o.id);
    expect(result.epicorOrderNum).toBe(ours);
    expect(sims.ordersFor(o.poNum).map((h) => [h.OrderNum, h.lines.length])).toEqual([
      [beta, 0],
      [ours, 1],
    ]);
  });

  it("parks on a web order of the same customer whose lines belong to another store's Woo order", async () => {
    const o = sims.placeOrder({ billing: { first_name: 'Ana', last_name: 'Ruiz', email: 'ana.ruiz@example.test', country: 'ES' }, line_items: [{ sku: 'BOLT-M8', quantity: 1 }] });
    const other = await orderFor('WEBGUEST', o.poNum);
    const { returnObj } = await sims.epicorClient.callGet<{ returnObj: Record<string, unknown> }>(SO, 'GetByID', { orderNum: other });
    const custNum = Number(sims.epicor.sim.customer('WEBGUEST')!.CustNum);
    let { parameters } = await sims.epicorClient.call<{ ds: Record<string, Record<string, unknown>[]> }>(SO, 'GetNewOrderDtl', { ds: returnObj, orderNum: other });
    parameters.ds.OrderDtl.at(-1)!.PartNum = 'BOLT-M8';
    ({ parameters } = await sims.epicorClient.call(SO, 'ChangePartNumMaster', changePartNumMaster(String(parameters.ds.OrderDtl.at(-1)!.PartNum), parameters.ds)));
    ({ parameters } = await sims.epicorClient.call(SO, 'ChangeSellingQuantity', { ds: parameters.ds, lKeepUnitPrice: false, ipSellingQuantity: 1 }));
    parameters.ds.OrderDtl.at(-1)!.Reference = 'woo-line:987654';
    await sims.epicorClient.call(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: 'OrderDtl',
      iCustNum: custNum,
      iOrderNum: other,
      lweLicensed: false,
      ds: parameters.ds,
    });

    await sims.notify(o.id);
    expect((await parkedStatus(o.id)).parkedReason).toMatch(
      new RegExp(`^PoNumConflict: Epicor order ${other} has PONum ${o.poNum} but none of its lines carries a reference of this Woo order;`),
    );
    expect(sims.ordersFor(o.poNum).map((h) => h.lines.map((l) => l.Reference))).toEqual([['woo-line:987654']]);
    await sims.handle(o.id).terminate('parked on purpose');
  });
});
