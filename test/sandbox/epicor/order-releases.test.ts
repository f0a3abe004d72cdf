import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { getJson, makeSim, postJson } from './helpers';

const SO = 'Erp.BO.SalesOrderSvc';
const masterUpdate = (iOrderNum: number, iCustNum: number, ds: unknown) => ({
  lCheckForOrderChangedMsg: false, lcheckForResponse: false, cTableName: 'OrderDtl', iCustNum, iOrderNum, lweLicensed: false, ds,
});
const changePartNumMaster = (partNum: string, ds: unknown) => ({
  partNum, lSubstitutePartExist: false, lIsPhantom: false, uomCode: '', SysRowID: '00000000-0000-0000-0000-000000000000', rowType: '',
  salesKitView: false, removeKitComponents: false, suppressUserPrompts: true, getPartXRefInfo: true, checkPartRevisionChange: true,
  checkChangeKitParent: true, ds,
});
const errorOf = (r: { status: number; body: any }) => [r.status, r.body?.ErrorMessage];

/** A 3-unit order line through the screen sequence; returns its order number and customer. */
async function orderOf3(sim: EpicorSimulator) {
  const cust = sim.customer('ACME')!.CustNum as number;
  let ds = (await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} })).body.parameters.ds;
  ds = (await postJson(sim, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: 'ACME', ds })).body.parameters.ds;
  let r = await postJson(sim, `${SO}/MasterUpdate`, { ...masterUpdate(0, cust, ds), cTableName: 'OrderHed' });
  const orderNum = r.body.parameters.ds.OrderHed[0].OrderNum as number;
  ds = (await postJson(sim, `${SO}/GetNewOrderDtl`, { ds: r.body.parameters.ds, orderNum })).body.parameters.ds;
  ds.OrderDtl.at(-1).PartNum = 'WIDGET-100';
  ds = (await postJson(sim, `${SO}/ChangePartNumMaster`, changePartNumMaster('WIDGET-100', ds))).body.parameters.ds;
  ds = (await postJson(sim, `${SO}/ChangeSellingQuantity`, { ds, lKeepUnitPrice: false, ipSellingQuantity: 3 })).body.parameters.ds;
  r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate(orderNum, cust, ds));
  expect(errorOf(r)).toEqual([200, undefined]);
  return { orderNum, cust };
}

const byId = async (sim: EpicorSimulator, orderNum: number) => (await getJson(sim, `${SO}/GetByID?orderNum=${orderNum}`)).body.returnObj;

/** Reduces line 1 to `qty` the way the screen does (ChangeSellingQuantity on the stored line, then MasterUpdate). */
async function reduceTo(sim: EpicorSimulator, orderNum: number, cust: number, qty: number) {
  const ds = await byId(sim, orderNum);
  ds.OrderDtl[0].RowMod = 'U';
  const changed = await postJson(sim, `${SO}/ChangeSellingQuantity`, { ds, lKeepUnitPrice: true, ipSellingQuantity: qty });
  if (changed.status !== 200) return changed;
  return postJson(sim, `${SO}/MasterUpdate`, masterUpdate(orderNum, cust, changed.body.parameters.ds));
}

describe('Epicor simulator: order releases and shipping', () => {
  it('creates release 1 with the line, and moves it with the line quantity', async () => {
    const sim = makeSim();
    const { orderNum, cust } = await orderOf3(sim);
    expect((await byId(sim, orderNum)).OrderRel.map((r: any) => [r.OrderLine, r.OrderRelNum, r.SellingReqQty, r.OpenRelease])).toEqual([[1, 1, 3, true]]);
    expect(errorOf(await reduceTo(sim, orderNum, cust, 2))).toEqual([200, undefined]);
    expect((await byId(sim, orderNum)).OrderRel.map((r: any) => r.SellingReqQty)).toEqual([2]);
  });

  it('ships units, closes what shipped complete, and refuses more than is open', async () => {
    const sim = makeSim();
    const { orderNum } = await orderOf3(sim);
    sim.ship(orderNum, 1, 1);
    expect(() => sim.ship(orderNum, 1, 3)).toThrow(/has 2 open, cannot ship 3/);
    expect(sim.orders()[0].releases.map((r) => [Number(r.SellingStockShippedQty), r.OpenRelease])).toEqual([[1, true]]);
    sim.shipAll(orderNum);
    const [order] = sim.orders();
    expect([order.OpenOrder, order.lines[0].OpenLine, order.releases[0].OpenRelease, Number(order.releases[0].SellingStockShippedQty)]).toEqual([false, false, false, 3]);
  });

  it('refuses a quantity below what shipped, releases that do not add up, and deleting a line with shipments', async () => {
    const sim = makeSim();
    const { orderNum, cust } = await orderOf3(sim);
    sim.ship(orderNum, 1, 2);
    expect(errorOf(await reduceTo(sim, orderNum, cust, 1))).toEqual([400, 'Order line 1: the quantity 1 is less than the 2 already shipped.']);
    const ds = await byId(sim, orderNum);
    Object.assign(ds.OrderRel[0], { SellingReqQty: 2, RowMod: 'U' });
    expect(errorOf(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate(orderNum, cust, { OrderRel: ds.OrderRel }))))
      .toEqual([400, 'Order line 1: the releases add up to 2, not to the line quantity 3.']);
    const del = await byId(sim, orderNum);
    del.OrderDtl[0].RowMod = 'D';
    expect(errorOf(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate(orderNum, cust, del)))).toEqual([400, 'Order line 1 has shipments and cannot be deleted.']);
  });

  it('CloseOrderLine closes the line and its open releases; the admin route ships', async () => {
    const sim = makeSim();
    const { orderNum } = await orderOf3(sim);
    expect((await postJson(sim, `${SO}/CloseOrderLine`, { iOrderNum: orderNum, iOrderLine: 1 })).status).toBe(200);
    expect(sim.orders()[0].lines[0].OpenLine).toBe(false);
    expect(sim.orders()[0].releases[0].OpenRelease).toBe(false);
    const other = await orderOf3(sim);
    const res = await sim.app.request(`/_admin/orders/${other.orderNum}/ship`, { method: 'POST', body: JSON.stringify({ orderLine: 1, qty: 2 }) });
    expect(res.status).toBe(200);
    expect(Number(sim.orders().find((o) => o.OrderNum === other.orderNum)!.releases[0].SellingStockShippedQty)).toBe(2);
  });
});
