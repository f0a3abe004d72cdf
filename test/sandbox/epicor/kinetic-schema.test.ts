import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { kinetic } from '../../../src/sandbox/epicor/kinetic';
import { call, getJson, makeSim, postJson, q } from './helpers';

const SO = 'Erp.BO.SalesOrderSvc';
const RMA = 'Erp.BO.RMAProcSvc';
const AR = 'Erp.BO.ARInvoiceSvc';
const GRP = 'Erp.BO.InvcGrpSvc';
const custNum = (sim: EpicorSimulator, id: string) => sim.customer(id)!.CustNum as number;
const masterUpdate = (cTableName: string, iOrderNum: number, iCustNum: number, ds: unknown) => ({
  lCheckForOrderChangedMsg: false, lcheckForResponse: false, cTableName, iCustNum, iOrderNum, lweLicensed: false, ds,
});
const changePartNumMaster = (partNum: string, ds: unknown) => ({
  partNum, lSubstitutePartExist: false, lIsPhantom: false, uomCode: '', SysRowID: '00000000-0000-0000-0000-000000000000', rowType: '',
  salesKitView: false, removeKitComponents: false, suppressUserPrompts: true, getPartXRefInfo: true, checkPartRevisionChange: true,
  checkChangeKitParent: true, ds,
});
const errorOf = (r: { status: number; body: any }) => [r.status, r.body?.ErrorMessage];

/** The Sales Order screen's sequence, as the connector runs it: header, one line priced by hand, a freight charge. */
async function screenOrder(sim: EpicorSimulator, poNum: string, extraHeader: Record<string, unknown> = {}) {
  const cust = custNum(sim, 'ACME');
  let ds = (await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} })).body.parameters.ds;
  ds = (await postJson(sim, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: 'ACME', ds })).body.parameters.ds;
  Object.assign(ds.OrderHed[0], { PONum: poNum, ...extraHeader });
  let r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderHed', 0, cust, ds));
  expect(errorOf(r)).toEqual([200, undefined]);
  const orderNum = r.body.parameters.ds.OrderHed[0].OrderNum as number;
  ds = (await postJson(sim, `${SO}/GetNewOrderDtl`, { ds: r.body.parameters.ds, orderNum })).body.parameters.ds;
  ds.OrderDtl.at(-1).PartNum = 'WIDGET-100';
  r = await postJson(sim, `${SO}/ChangePartNumMaster`, changePartNumMaster('WIDGET-100', ds));
  expect(errorOf(r)).toEqual([200, undefined]);
  ds = (await postJson(sim, `${SO}/ChangeSellingQuantity`, { ds: r.body.parameters.ds, lKeepUnitPrice: false, ipSellingQuantity: 3 })).body.parameters.ds;
  Object.assign(ds.OrderDtl.at(-1), { DocUnitPrice: 11.25, Reference: 'woo-line:1' });
  r = await postJson(sim, `${SO}/ChangeUnitPrice`, { ds });
  expect(r.body.parameters.ds.OrderDtl.at(-1).DocExtPriceDtl).toBe(33.75);
  r = await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OrderDtl', orderNum, cust, r.body.parameters.ds));
  expect(errorOf(r)).toEqual([200, undefined]);
  ds = (await postJson(sim, `${SO}/GetNewOHOrderMsc`, { ds: r.body.parameters.ds, orderNum, orderLine: 0 })).body.parameters.ds;
  Object.assign(ds.OHOrderMsc.at(-1), { MiscCode: 'FRT', DocMiscAmt: 4.95 });
  expect(errorOf(await postJson(sim, `${SO}/MasterUpdate`, masterUpdate('OHOrderMsc', orderNum, cust, ds)))).toEqual([200, undefined]);
  return { orderNum, cust };
}

describe('Epicor simulator: strict as the real Kinetic schema', () => {
  it('answers 404 for an entity set the service does not have (ARInvoiceSvc has ARInvoices, not InvcHeads)', async () => {
    const sim = makeSim();
    expect((await getJson(sim, `${AR}/InvcHeads`)).status).toBe(404);
    expect((await getJson(sim, `${AR}/ARInvoices`)).status).toBe(200);
    // Releases hang off OrderDtls; SalesOrders has no OrderRels (nor OrderMscs) navigation.
    const { orderNum } = await screenOrder(sim, 'WEB-NAV');
    expect((await getJson(sim, `${SO}/SalesOrders('EPIC06',${orderNum})/OrderRels`)).status).toBe(404);
    expect((await getJson(sim, `${SO}/SalesOrders('EPIC06',${orderNum})/OrderMscs`)).status).toBe(404);
    expect((await getJson(sim, `${SO}/OrderDtls('EPIC06',${orderNum},1)/OrderMscs`)).status).toBe(200);
  });

  it.each([
    ['$select', 'Erp.BO.CustomerSvc/Customers?$select=CustNum,BTCustNum', 'BTCustNum', 'Customer'],
    ['$filter', `Erp.BO.PartSvc/Parts?$filter=${q("ChangedBy eq 'x'")}`, 'ChangedBy', 'Part'],
    ['$orderby', `${RMA}/RMAProcs?$orderby=OrderNum`, 'OrderNum', 'RMAHead'],
  ])('answers 400 naming the row type for a %s on a property it lacks', async (_option, path, property, row) => {
    const r = await getJson(makeSim(), path);
    expect(errorOf(r)).toEqual([400, `Could not find a property named '${property}' on type 'Erp.Tablesets.${row}Row'.`]);
  });

  it('answers 400 for a POST or PATCH body with a property the row type lacks, and writes nothing', async () => {
    const sim = makeSim();
    const cust = custNum(sim, 'ACME');
    const post = await postJson(sim, `${RMA}/RMAProcs`, { RMANum: 0, CustNum: cust, OrderNum: 5001, Plant: 'MfgSys' });
    expect(errorOf(post)).toEqual([400, "The property 'OrderNum' does not exist on type 'Erp.Tablesets.RMAHeadRow'. Make sure to only use property names that are defined by the type."]);
    expect((await getJson(sim, `${RMA}/RMAProcs`)).body.value).toEqual([]);
    const patch = await call(sim, `Erp.BO.CustomerSvc/Customers('EPIC06',${cust})`, { method: 'PATCH', body: { BTCustNum: cust } });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { ErrorMessage: string }).ErrorMessage).toMatch(/^The property 'BTCustNum' does not exist on type 'Erp\.Tablesets\.CustomerRow'/);
  });

  it.each([
    ['CloseOrder', 'iOrderNum', { orderNum: 5001 }],
    ['MasterUpdate', 'lweLicensed', { lCheckForOrderChangedMsg: false, lcheckForResponse: false, cTableName: 'OrderHed', iCustNum: 0, iOrderNum: 0, ds: {} }],
    ['ChangePartNum', 'lSubstitutePartsExist', { ds: {}, lSubstitutePartExist: false, uomCode: '' }],
    ['ChangePartNumMaster', 'lSubstitutePartExist', { ...changePartNumMaster('WIDGET-100', {}), lSubstitutePartExist: undefined, lSubstitutePartsExist: false }],
    ['GetNewOHOrderMsc', 'orderLine', { ds: {}, orderNum: 5001 }],
    ['UpdateExt', 'rollbackParentOnChildError', { ds: {}, continueProcessingOnError: true }],
  ])('refuses %s without %s: "Parameter <name> is not found in the input object"', async (method, missing, body) => {
    const r = await postJson(makeSim(), `${SO}/${method}`, JSON.parse(JSON.stringify(body)));
    expect(errorOf(r)).toEqual([400, `Parameter ${missing} is not found in the input object`]);
  });

  it('refuses RMACreditAdd without iCorrection, GetByID without its key and GetRows without a whereClause of every table', async () => {
    const sim = makeSim();
    expect(errorOf(await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: 1, iRMALine: 1, ds: {} }))).toEqual([400, 'Parameter iCorrection is not found in the input object']);
    expect(errorOf(await getJson(sim, `${SO}/GetByID`))).toEqual([400, 'Parameter orderNum is not found in the input object']);
    // GetRows wants a whereClause<Table> for every table of the tableset; past the signature it is not simulated.
    const where = Object.fromEntries(kinetic.services[SO].methods.GetRows.params.map((p) => [p[0], p[1] === 'number' ? 0 : '']));
    const { whereClauseOrderRel: _left, ...short } = where;
    expect(errorOf(await getJson(sim, `${SO}/GetRows?${new URLSearchParams(short as Record<string, string>)}`))).toEqual([400, 'Parameter whereClauseOrderRel is not found in the input object']);
    expect((await getJson(sim, `${SO}/GetRows?${new URLSearchParams(where as Record<string, string>)}`)).status).toBe(501);
  });

  it('refuses a tableset row with a column its table lacks', async () => {
    const sim = makeSim();
    const ds = (await postJson(sim, `${SO}/GetNewOrderHed`, { ds: {} })).body.parameters.ds;
    ds.OrderHed[0].Plant_typo = 'MfgSys';
    const r = await postJson(sim, `${SO}/ChangeOrderHedCustomerCustID`, { orderNum: 0, proposedCustomerCustID: 'ACME', ds });
    expect(errorOf(r)).toEqual([400, "The property 'Plant_typo' does not exist on type 'Erp.Tablesets.OrderHedRow'. Make sure to only use property names that are defined by the type."]);
  });

  it('ignores writes to OrderHed.WebOrder, which the schema documents as not editable', async () => {
    const sim = makeSim();
    await screenOrder(sim, 'WEB-WO', { WebOrder: true });
    const r = await getJson(sim, `${SO}/SalesOrders?$filter=${q("PONum eq 'WEB-WO'")}&$select=PONum,WebOrder`);
    expect(r.body.value).toEqual([{ PONum: 'WEB-WO', WebOrder: false }]);
  });

  it('keys PartWhses by Company, PartNum, Plant and WarehouseCode, and Companies-style keys by the schema', async () => {
    const sim = makeSim();
    expect((await getJson(sim, `Erp.BO.PartSvc/PartWhses('EPIC06','WIDGET-100','MfgSys','MAIN')`)).body.OnHandQty).toBe(40);
    expect((await getJson(sim, `Erp.BO.PartSvc/PartWhses('EPIC06','WIDGET-100','MAIN')`)).status).toBe(400);
    expect(kinetic.services['Erp.BO.CompanySvc'].sets.Companies.odataNames).toEqual({ Company: 'Company1' });
  });

  it('enters credit memo quantities positive and stores them negative; reports an RMACreditAdd refusal in opErrMsg', async () => {
    const sim = makeSim();
    const { orderNum, cust } = await screenOrder(sim, 'WEB-CM');
    const rma = (await postJson(sim, `${RMA}/RMAProcs`, { RMANum: 0, CustNum: cust, RMAComment: 'woo-refund:1' })).body.RMANum;
    const line = await postJson(sim, `${RMA}/RMADtls`, { RMANum: rma, RMALine: 1, OrderNum: orderNum, OrderLine: 1, PartNum: 'WIDGET-100', ReturnQty: 1, ReturnReasonCode: 'DAMAGED' });
    expect(line.status).toBe(201);
    sim.refuseRmaCredits('RMA line has not been received.');
    const refused = await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rma, iRMALine: 1, iCorrection: false, ds: {} });
    expect([refused.status, refused.body.parameters.opErrMsg, refused.body.parameters.iInvoiceNum]).toEqual([200, 'RMA line has not been received.', 0]);
    expect(sim.credits()).toEqual([]);
    sim.refuseRmaCredits('');
    const credited = await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rma, iRMALine: 1, iCorrection: false, ds: {} });
    expect(credited.body.parameters.opErrMsg).toBe('');
    expect(sim.credits().map((c) => [c.OrderNum, c.lines.map((l) => l.SellingShipQty)])).toEqual([[orderNum, ['-1']]]);
  });

  it('stores and answers only columns of the real row types, through a whole order, RMA credit and AR credit memo', async () => {
    const sim = makeSim();
    const { orderNum, cust } = await screenOrder(sim, 'WEB-ALL');
    const rma = (await postJson(sim, `${RMA}/RMAProcs`, { RMANum: 0, CustNum: cust, BTCustNum: cust, OpenRMA: true, RMAComment: 'woo-refund:2' })).body.RMANum;
    await postJson(sim, `${RMA}/RMADtls`, { RMANum: rma, RMALine: 1, OrderNum: orderNum, OrderLine: 1, PartNum: 'WIDGET-100', ReturnQty: 1, ReturnReasonCode: 'DAMAGED', ECCComment: 'woo-refund:2' });
    expect((await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rma, iRMALine: 1, iCorrection: false, ds: {} })).status).toBe(200);
    const grp = (await postJson(sim, `${GRP}/GetNewInvcGrp`, { ds: {} })).body.parameters.ds;
    grp.InvcGrp[0].GroupID = 'WEBCM';
    expect(errorOf(await postJson(sim, `${GRP}/Update`, { ds: grp }))).toEqual([200, undefined]);
    const head = (await postJson(sim, `${AR}/GetNewInvcHeadType`, { GroupID: 'WEBCM', InvoiceType: 'CREDIT-MEMO', ds: {} })).body.parameters.ds.InvcHead[0];
    const saved = await postJson(sim, `${AR}/Update`, { ds: { InvcHead: [{ ...head, CustNum: cust, OrderNum: orderNum, InvoiceComment: 'woo-refund:3' }] } });
    const invoiceNum = saved.body.parameters.ds.InvcHead[0].InvoiceNum;
    const dtl = (await postJson(sim, `${AR}/GetNewInvcDtl`, { ds: {}, invoiceNum })).body.parameters.ds.InvcDtl[0];
    expect(errorOf(await postJson(sim, `${AR}/Update`, { ds: { InvcDtl: [{ ...dtl, LineDesc: 'Shipping', SellingShipQty: 1, DocUnitPrice: 4.95 }] } }))).toEqual([200, undefined]);

    for (const [service, def] of Object.entries(kinetic.services)) {
      for (const [set, { row }] of Object.entries(def.sets)) {
        const r = await getJson(sim, `${service}/${set}`);
        if (r.status === 404) continue; // a set the simulator does not serve (OrderRels, Companies)
        const columns = new Set<string>(r.body.value.flatMap((v: object) => Object.keys(v)));
        expect([set, [...columns].filter((c) => !(c in kinetic.rows[row]))]).toEqual([set, []]);
        expect([set, r.body.value.length > 0 || ['OrderMscs'].includes(set)]).toEqual([set, true]);
      }
    }
  });
});
