import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { call, getJson, makeSim, postJson, q } from './helpers';

const SO = 'Erp.BO.SalesOrderSvc';

/** The UI-traced sequence up to the header MasterUpdate; returns the ds MasterUpdate answered. */
async function createHeader(sim: EpicorSimulator, custNum: number, poNum: string): Promise<any> {
  let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
  expect(r.status).toBe(200);
  let ds = r.body.parameters.ds;
  ds.OrderHed[0].CustNum = custNum;
  r = await postJson(sim, `${SO}/ChangeCustomer`, { ds });
  expect(r.status).toBe(200);
  ds = r.body.parameters.ds;
  ds.OrderHed[0].PONum = poNum;
  r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, custNum, ds));
  expect([r.status, r.body.ErrorMessage]).toEqual([200, undefined]);
  return r.body.parameters.ds;
}

function masterUpdate(cTableName: string, iOrderNum: number, iCustNum: number, ds: unknown) {
  return { lCheckForOrderChangedMsg: true, lcheckForResponse: true, cTableName, iCustNum, iOrderNum, lweLicensed: false, ds };
}

async function addLine(sim: EpicorSimulator, ds: any, partNum: string, qty: number, price?: number): Promise<any> {
  const orderNum = ds.OrderHed[0].OrderNum;
  let r = await postJson(sim, `${SO}/GetNewOrderDtl`, { ds, orderNum });
  expect(r.status).toBe(200);
  ds = r.body.parameters.ds;
  ds.OrderDtl[ds.OrderDtl.length - 1].PartNum = partNum;
  r = await postJson(sim, `${SO}/ChangePartNum`, { ds, lSubstitutePartsExist: false, uomCode: '' });
  expect([r.status, r.body.ErrorMessage]).toEqual([200, undefined]);
  ds = r.body.parameters.ds;
  r = await postJson(sim, `${SO}/ChangeSellingQuantity`, { ds, lKeepUnitPrice: true, ipSellingQuantity: qty });
  expect(r.status).toBe(200);
  ds = r.body.parameters.ds;
  if (price !== undefined) ds.OrderDtl[ds.OrderDtl.length - 1].DocUnitPrice = price;
  r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderDtl', orderNum, ds.OrderHed[0].CustNum, ds));
  expect([r.status, r.body.ErrorMessage]).toEqual([200, undefined]);
  return r.body.parameters.ds;
}

const custNum = (sim: EpicorSimulator, id: string) => sim.customer(id)!.CustNum as number;

describe('Epicor simulator: SalesOrderSvc', () => {
  it('creates an order through GetNewOrderHed -> ChangeCustomer -> MasterUpdate and returns the new OrderNum', async () => {
    const sim = makeSim();
    const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-100234');
    const head = ds.OrderHed[0];
    expect(head.OrderNum).toBeGreaterThan(0);
    expect(head).toMatchObject({ PONum: 'WEB-100234', CustomerCustID: 'ACME', BTCustNum: custNum(sim, 'ACME'), OpenOrder: true, RowMod: '' });
    expect(sim.orders()).toHaveLength(1);
  });

  it('GetNewOrderHed answers {parameters:{ds}} with a defaulted RowMod A header', async () => {
    const { body } = await postJson(makeSim(), `${SO}/GetNewOrderHed`, { ds: { OrderHed: [] } });
    const row = body.parameters.ds.OrderHed[0];
    expect(row).toMatchObject({ Company: 'EPIC06', OrderNum: 0, RowMod: 'A', OpenOrder: true });
    expect(row.OrderDate).toMatch(/T00:00:00$/);
    expect(body.parameters.ds.OrderDtl).toEqual([]);
  });

  it('refuses ds sent as an array (the Swagger shape) with 400', async () => {
    expect((await postJson(makeSim(), `${SO}/GetNewOrderHed`, { ds: [] })).status).toBe(400);
  });

  it('adds lines through GetNewOrderDtl -> ChangePartNum -> ChangeSellingQuantity -> MasterUpdate', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-1');
    ds = await addLine(sim, ds, 'WIDGET-100', 3);
    ds = await addLine(sim, ds, 'widget-200', 2, 18.5);
    const [order] = sim.orders();
    expect(order.lines.map((l) => [l.OrderLine, l.PartNum, l.SellingQuantity, l.DocUnitPrice, l.DocExtPriceDtl, l.LineType])).toEqual([
      // The ds went through the client's JSON.parse, so 12.50 came back as 12.5: stored as sent.
      [1, 'WIDGET-100', '3', '12.5', '37.50', 'PART'],
      [2, 'WIDGET-200', '2', '18.5', '37.00', 'PART'],
    ]);
    expect(order.DocOrderAmt).toBe('74.50');
    expect(ds.OrderDtl).toHaveLength(2);
    expect(ds.OrderDtl[0].LineDesc).toBe('Widget, steel, 100mm');
  });

  it('puts a new line into its part warehouse DemandQty at once, with a new SysRevID, as a real import does', async () => {
    const sim = makeSim();
    const row = async () => (await getJson(sim, `Erp.BO.PartSvc/PartWhses?$filter=${q("PartNum eq 'WIDGET-100' and WarehouseCode eq 'MAIN'")}&$select=DemandQty,SysRevID`)).body.value[0];
    const before = await row();
    const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-2');
    await addLine(sim, ds, 'WIDGET-100', 3);
    const after = await row();
    expect(Number(before.DemandQty)).toBe(0);
    expect(Number(after.DemandQty)).toBe(3);
    expect(BigInt(after.SysRevID)).toBeGreaterThan(BigInt(before.SysRevID));
  });

  it('makes the order readable via OData SalesOrders and OrderDtls with $filter, and via GetByID (GET)', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-77');
    ds = await addLine(sim, ds, 'WIDGET-100', 1);
    const orderNum = ds.OrderHed[0].OrderNum;
    const found = await getJson(sim, `${SO}/SalesOrders?$filter=${q("PONum eq 'WEB-77'")}&$select=OrderNum,PONum`);
    expect(found.body.value).toEqual([{ OrderNum: orderNum, PONum: 'WEB-77' }]);
    const lines = await getJson(sim, `${SO}/OrderDtls?$filter=${q(`OrderNum eq ${orderNum}`)}`);
    expect(lines.body.value.map((l: any) => l.PartNum)).toEqual(['WIDGET-100']);
    expect((await getJson(sim, `${SO}/SalesOrders('EPIC06',${orderNum})/OrderDtls`)).body.value).toHaveLength(1);
    const byId = await getJson(sim, `${SO}/GetByID?orderNum=${orderNum}`);
    expect(byId.body.returnObj.OrderHed[0].OrderNum).toBe(orderNum);
    expect(byId.body.returnObj.OrderDtl).toHaveLength(1);
    expect((await getJson(sim, `${SO}/GetByID?orderNum=999999`)).status).toBe(404);
    expect((await postJson(sim, `${SO}/GetByID`, { orderNum })).status).toBe(405);
  });

  it('also accepts ChangeOrderHedCustomerCustID for the customer step', async () => {
    const sim = makeSim();
    let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
    r = await postJson(sim, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: 'WEBGUEST', ds: r.body.parameters.ds });
    expect(r.body.parameters).toMatchObject({ creditLimitMessage: '', agingMessage: '' });
    const ds = r.body.parameters.ds;
    expect(ds.OrderHed[0].CustNum).toBe(custNum(sim, 'WEBGUEST'));
    r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, ds.OrderHed[0].CustNum, ds));
    expect(r.status).toBe(200);
  });

  describe('business errors (400 Ice.BLException)', () => {
    const expectBL = (r: { status: number; body: any }, text: RegExp) => {
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ HttpStatus: 400, ErrorType: 'Ice.BLException' });
      expect(r.body.ErrorMessage).toMatch(text);
      expect(r.body.ErrorDetails[0].Message).toBe(r.body.ErrorMessage);
    };

    it('refuses a header MasterUpdate whose customer never went through a change method', async () => {
      const sim = makeSim();
      const r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
      const ds = r.body.parameters.ds;
      Object.assign(ds.OrderHed[0], { CustNum: custNum(sim, 'ACME'), BTCustNum: custNum(sim, 'ACME'), ShipToCustNum: custNum(sim, 'ACME') });
      expectBL(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, custNum(sim, 'ACME'), ds)), /ChangeCustomer/);
      expect(sim.orders()).toHaveLength(0);
    });

    it('refuses a header whose CustNum was changed after ChangeCustomer', async () => {
      const sim = makeSim();
      let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
      const ds = r.body.parameters.ds;
      ds.OrderHed[0].CustNum = custNum(sim, 'ACME');
      r = await postJson(sim, `${SO}/ChangeCustomer`, { ds });
      const after = r.body.parameters.ds;
      after.OrderHed[0].CustNum = custNum(sim, 'WEBGUEST');
      expectBL(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, 0, after)), /not validated/);
    });

    it('refuses a hand-built header that never came from GetNewOrderHed', async () => {
      const sim = makeSim();
      const ds = { OrderHed: [{ Company: 'EPIC06', OrderNum: 0, CustNum: custNum(sim, 'ACME'), RowMod: 'A' }] };
      expectBL(await postJson(sim, `${SO}/ChangeCustomer`, { ds }), /GetNewOrderHed/);
      expectBL(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, 0, ds)), /GetNewOrderHed/);
    });

    it('refuses an unknown customer and a customer on credit hold', async () => {
      const sim = makeSim();
      let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
      const ds = r.body.parameters.ds;
      ds.OrderHed[0].CustNum = 424242;
      expectBL(await postJson(sim, `${SO}/ChangeCustomer`, { ds }), /not found/);
      ds.OrderHed[0].CustNum = custNum(sim, 'HOLD');
      expectBL(await postJson(sim, `${SO}/ChangeCustomer`, { ds }), /credit hold/);
    });

    it('refuses a customer put on credit hold between ChangeCustomer and MasterUpdate', async () => {
      const sim = makeSim();
      let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
      let ds = r.body.parameters.ds;
      ds.OrderHed[0].CustNum = custNum(sim, 'ACME');
      r = await postJson(sim, `${SO}/ChangeCustomer`, { ds });
      ds = r.body.parameters.ds;
      sim.updateCustomer(custNum(sim, 'ACME'), { creditHold: true });
      expectBL(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, 0, ds)), /credit hold/);
    });

    it('refuses a duplicate PONum for a customer with CheckDuplicatePO, but not for one without', async () => {
      const sim = makeSim();
      await createHeader(sim, custNum(sim, 'ACME'), 'WEB-5');
      let r = await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} });
      let ds = r.body.parameters.ds;
      ds.OrderHed[0].CustNum = custNum(sim, 'ACME');
      ds = (await postJson(sim, `${SO}/ChangeCustomer`, { ds })).body.parameters.ds;
      ds.OrderHed[0].PONum = 'WEB-5';
      r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, 0, ds));
      expectBL(r, /PO number WEB-5 has already been used/);
      expect(r.body.ErrorDetails[0]).toMatchObject({ Table: 'OrderHed', Field: 'PONum' });

      await createHeader(sim, custNum(sim, 'WEBGUEST'), 'WEB-6');
      await createHeader(sim, custNum(sim, 'WEBGUEST'), 'WEB-6');
      expect(sim.orders().filter((o) => o.PONum === 'WEB-6')).toHaveLength(2);
    });

    it('refuses a line whose part never went through ChangePartNum', async () => {
      const sim = makeSim();
      const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-9');
      const orderNum = ds.OrderHed[0].OrderNum;
      const r = await postJson(sim, `${SO}/GetNewOrderDtl`, { ds, orderNum });
      const withLine = r.body.parameters.ds;
      Object.assign(withLine.OrderDtl[0], { PartNum: 'WIDGET-100', SellingQuantity: 1, DocUnitPrice: 12.5 });
      expectBL(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderDtl', orderNum, 0, withLine)), /ChangePartNum/);
      expect(sim.orders()[0].lines).toHaveLength(0);
    });

    it('refuses a line whose quantity did not come from ChangeSellingQuantity (configurable)', async () => {
      for (const strict of [true, false]) {
        const sim = makeSim({ requireChangeSellingQuantity: strict });
        const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-10');
        const orderNum = ds.OrderHed[0].OrderNum;
        let r = await postJson(sim, `${SO}/GetNewOrderDtl`, { ds, orderNum });
        const withLine = r.body.parameters.ds;
        withLine.OrderDtl[0].PartNum = 'WIDGET-100';
        r = await postJson(sim, `${SO}/ChangePartNum`, { ds: withLine, lSubstitutePartsExist: false, uomCode: '' });
        const changed = r.body.parameters.ds;
        changed.OrderDtl[0].SellingQuantity = 4;
        r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderDtl', orderNum, 0, changed));
        if (strict) expectBL(r, /ChangeSellingQuantity/);
        else expect(r.status).toBe(200);
      }
    });

    it('refuses an unknown part and an inactive part at ChangePartNum', async () => {
      const sim = makeSim();
      const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-11');
      const r = await postJson(sim, `${SO}/GetNewOrderDtl`, { ds, orderNum: ds.OrderHed[0].OrderNum });
      const withLine = r.body.parameters.ds;
      withLine.OrderDtl[0].PartNum = 'NOPE';
      expectBL(await postJson(sim, `${SO}/ChangePartNum`, { ds: withLine, lSubstitutePartsExist: false, uomCode: '' }), /not found/);
      withLine.OrderDtl[0].PartNum = 'OLD-1';
      expectBL(await postJson(sim, `${SO}/ChangePartNum`, { ds: withLine, lSubstitutePartsExist: false, uomCode: '' }), /inactive/);
    });

    it('refuses a header update from a stale ds (SysRevID moved on)', async () => {
      const sim = makeSim();
      const stale = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-12');
      await addLine(sim, stale, 'WIDGET-100', 1); // touches the header totals
      stale.OrderHed[0].OrderComment = 'late edit';
      stale.OrderHed[0].RowMod = 'U';
      const r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', stale.OrderHed[0].OrderNum, 0, stale));
      expectBL(r, /modified by another user/);
    });

    it('refuses an unknown cTableName with 400', async () => {
      const r = await postJson(makeSim(), `${SO}/MasterUpdate`, masterUpdate('OrderThing', 0, 0, {}));
      expect(r.status).toBe(400);
    });
  });

  it('updates OrderHeld, OrderComment and OpenOrder with MasterUpdate RowMod U, bumping SysRevID', async () => {
    const sim = makeSim();
    const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-20');
    const before = ds.OrderHed[0].SysRevID;
    Object.assign(ds.OrderHed[0], { OrderHeld: true, OrderComment: 'customer cancelled', RowMod: 'U' });
    const r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', ds.OrderHed[0].OrderNum, 0, ds));
    expect(r.status).toBe(200);
    expect(r.body.parameters.ds.OrderHed[0]).toMatchObject({ OrderHeld: true, OrderComment: 'customer cancelled' });
    expect(r.body.parameters.ds.OrderHed[0].SysRevID).toBeGreaterThan(before);
    expect(sim.orders()[0].OrderHeld).toBe(true);
  });

  it('closes an order with CloseOrder {iOrderNum}: OpenOrder false, lines closed, later edits refused', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-21');
    ds = await addLine(sim, ds, 'WIDGET-100', 1);
    const orderNum = ds.OrderHed[0].OrderNum;
    expect((await postJson(sim, `${SO}/CloseOrder`, { iOrderNum: orderNum })).status).toBe(200);
    const [order] = sim.orders();
    expect(order.OpenOrder).toBe(false);
    expect(order.lines[0].OpenLine).toBe(false);
    const r = await postJson(sim, `${SO}/GetNewOrderDtl`, { ds, orderNum });
    expect(r.body.ErrorType).toBe('Ice.BLException');
  });

  it('deletes a line with RowMod D and recomputes the order amount', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-22');
    ds = await addLine(sim, ds, 'WIDGET-100', 1);
    ds = await addLine(sim, ds, 'WIDGET-200', 1);
    ds.OrderDtl[0].RowMod = 'D';
    const r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderDtl', ds.OrderHed[0].OrderNum, 0, ds));
    expect(r.body.parameters.ds.OrderDtl.map((l: any) => l.PartNum)).toEqual(['WIDGET-200']);
    expect(sim.orders()[0].DocOrderAmt).toBe('19.90');
  });

  it('adds a header-level misc charge (OHOrderMsc, OrderLine 0) through GetNewOHOrderMsc + MasterUpdate', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-23');
    ds = await addLine(sim, ds, 'WIDGET-100', 2);
    const orderNum = ds.OrderHed[0].OrderNum;
    let r = await postJson(sim, `${SO}/GetNewOHOrderMsc`, { ds, orderNum, orderLine: 0 });
    ds = r.body.parameters.ds;
    Object.assign(ds.OHOrderMsc[0], { MiscCode: 'FRT', DocMiscAmt: '7.95' });
    r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OHOrderMsc', orderNum, 0, ds));
    expect(r.status).toBe(200);
    expect(r.body.parameters.ds.OHOrderMsc).toHaveLength(1);
    const [order] = sim.orders();
    expect(order.miscCharges).toEqual([expect.objectContaining({ MiscCode: 'FRT', Description: 'Freight', DocMiscAmt: '7.95', OrderLine: 0 })]);
    expect(order.DocOrderAmt).toBe('32.95');
    const msc = await getJson(sim, `${SO}/OHOrderMscs?$filter=${q(`OrderNum eq ${orderNum}`)}`);
    expect(msc.text).toContain('"DocMiscAmt":7.95');
    expect((await getJson(sim, `${SO}/OrderMscs?$filter=${q(`OrderNum eq ${orderNum}`)}`)).body.value).toEqual([]);
    ds.OHOrderMsc = [{ ...ds.OHOrderMsc[0], MiscCode: 'BOGUS', SeqNum: 0, RowMod: 'A' }];
    r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OHOrderMsc', orderNum, 0, ds));
    expect(r.body.ErrorType).toBe('Ice.BLException');
  });

  it('adds line-level misc charges through GetNewOrderMsc, which refuses OrderLine 0', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-24');
    ds = await addLine(sim, ds, 'WIDGET-100', 1);
    const orderNum = ds.OrderHed[0].OrderNum;
    expect((await postJson(sim, `${SO}/GetNewOrderMsc`, { ds, orderNum, orderLine: 0 })).body.ErrorType).toBe('Ice.BLException');
    let r = await postJson(sim, `${SO}/GetNewOrderMsc`, { ds, orderNum, orderLine: 1 });
    ds = r.body.parameters.ds;
    Object.assign(ds.OrderMsc[0], { MiscCode: 'HAND', DocMiscAmt: 2 });
    r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderMsc', orderNum, 0, ds));
    expect(r.status).toBe(200);
    expect(sim.orders()[0].miscCharges).toEqual([expect.objectContaining({ MiscCode: 'HAND', OrderLine: 1, DocMiscAmt: '2' })]);
    expect(sim.orders()[0].DocOrderAmt).toBe('14.50');
  });

  it('creates orders on the plain OData path (POST SalesOrders, POST OrderDtls) with the same rules', async () => {
    const sim = makeSim();
    const acme = custNum(sim, 'ACME');
    const head = await postJson(sim, `${SO}/SalesOrders`, { Company: 'EPIC06', OrderNum: 0, CustNum: acme, PONum: 'WEB-30' });
    expect(head.status).toBe(201);
    const orderNum = head.body.OrderNum;
    const line = await postJson(sim, `${SO}/OrderDtls`, { Company: 'EPIC06', OrderNum: orderNum, OrderLine: 0, PartNum: 'WIDGET-100', LineDesc: 'Widget', DocUnitPrice: 11, SellingQuantity: 2 });
    expect(line.status).toBe(201);
    expect(line.text).toContain('"DocExtPriceDtl":22.00');
    const dup = await postJson(sim, `${SO}/SalesOrders`, { OrderNum: 0, CustNum: acme, PONum: 'WEB-30' });
    expect(dup.body.ErrorType).toBe('Ice.BLException');
    const hold = await postJson(sim, `${SO}/SalesOrders`, { OrderNum: 0, CustNum: custNum(sim, 'HOLD'), PONum: 'X' });
    expect(hold.body.ErrorType).toBe('Ice.BLException');
  });

  it('holds an order with PATCH SalesOrders(key) -> 204', async () => {
    const sim = makeSim();
    const ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-31');
    const res = await call(sim, `${SO}/SalesOrders('EPIC06',${ds.OrderHed[0].OrderNum})`, { method: 'PATCH', body: { OrderHeld: true } });
    expect(res.status).toBe(204);
    expect(sim.orders()[0].OrderHeld).toBe(true);
  });

  it('rolls back a whole MasterUpdate when one of its rows is refused', async () => {
    const sim = makeSim();
    let ds = await createHeader(sim, custNum(sim, 'ACME'), 'WEB-40');
    ds = await addLine(sim, ds, 'WIDGET-100', 1);
    const orderNum = ds.OrderHed[0].OrderNum;
    ds.OrderHed[0] = { ...ds.OrderHed[0], OrderComment: 'edited', RowMod: 'U' };
    ds.OrderDtl[0] = { ...ds.OrderDtl[0], PartNum: 'NOPE', RowMod: 'U' };
    const r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', orderNum, 0, ds));
    expect(r.body.ErrorType).toBe('Ice.BLException');
    expect(sim.orders()[0].OrderComment).toBe('');
    expect(sim.orders()[0].lines[0].PartNum).toBe('WIDGET-100');
  });

  it('answers 405 for a BO method called with the wrong verb', async () => {
    expect((await call(makeSim(), `${SO}/MasterUpdate`)).status).toBe(405);
  });
});
