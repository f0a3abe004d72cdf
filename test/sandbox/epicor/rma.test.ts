import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { getJson, makeSim, postJson, q } from './helpers';

const RMA = 'Erp.BO.RMAProcSvc';

async function orderFor(sim: EpicorSimulator, custNum: number): Promise<number> {
  const head = await postJson(sim, 'Erp.BO.SalesOrderSvc/SalesOrders', { OrderNum: 0, CustNum: custNum, PONum: 'WEB-R1' });
  await postJson(sim, 'Erp.BO.SalesOrderSvc/OrderDtls', { OrderNum: head.body.OrderNum, PartNum: 'WIDGET-100', SellingQuantity: 3, DocUnitPrice: '12.50' });
  return head.body.OrderNum;
}

async function rmaWithLine(sim: EpicorSimulator, refundId: string) {
  const custNum = sim.customer('ACME')!.CustNum as number;
  const orderNum = await orderFor(sim, custNum);
  const head = await postJson(sim, `${RMA}/RMAProcs`, {
    Company: 'EPIC06', RMANum: 0, CustNum: custNum, BTCustNum: custNum, RMADate: '2025-03-04T00:00:00', OpenRMA: true,
  });
  expect(head.status).toBe(201);
  const line = await postJson(sim, `${RMA}/RMADtls`, {
    Company: 'EPIC06', RMANum: head.body.RMANum, RMALine: 0, PartNum: 'WIDGET-100', ReturnQty: 2, ReturnQtyUOM: 'EA',
    ReturnReasonCode: 'DAMAGED', Note: 'box crushed', ECCComment: refundId, OrderNum: orderNum, OrderLine: 1,
  });
  expect([line.status, line.body.ErrorMessage]).toEqual([201, undefined]);
  return { rmaNum: head.body.RMANum as number, rmaLine: line.body.RMALine as number, orderNum };
}

describe('Epicor simulator: RMA credits', () => {
  it('creates an RMA header (201 + new RMANum) and a line (201)', async () => {
    const sim = makeSim();
    const { rmaNum, rmaLine } = await rmaWithLine(sim, 'woo-refund-1');
    expect(rmaNum).toBeGreaterThan(0);
    expect(rmaLine).toBe(1);
  });

  it('finds an RMA line by ECCComment through OData $filter', async () => {
    const sim = makeSim();
    const { rmaNum } = await rmaWithLine(sim, 'woo-refund-7');
    const { body } = await getJson(sim, `${RMA}/RMADtls?$filter=${q("ECCComment eq 'woo-refund-7'")}`);
    expect(body.value.map((r: any) => r.RMANum)).toEqual([rmaNum]);
    expect((await getJson(sim, `${RMA}/RMAProcs?$filter=${q(`RMANum eq ${rmaNum}`)}`)).body.value).toHaveLength(1);
  });

  it('creates a credit memo with RMACreditAdd (iCorrection false) and returns iInvoiceNum/iInvoiceLine', async () => {
    const sim = makeSim();
    const { rmaNum, rmaLine } = await rmaWithLine(sim, 'woo-refund-2');
    const r = await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rmaNum, iRMALine: rmaLine, iCorrection: false, ds: { RMAHead: [], RMADtl: [] } });
    expect(r.status).toBe(200);
    expect(r.body.parameters.iInvoiceNum).toBeGreaterThan(0);
    expect(r.body.parameters.iInvoiceLine).toBe(1);
    const [credit] = sim.credits();
    expect(credit).toMatchObject({ InvoiceNum: r.body.parameters.iInvoiceNum, CreditMemo: true, CorrectionInv: false, DocInvoiceAmt: '-25.00', RMANum: rmaNum });
    expect(credit.lines[0]).toMatchObject({ ECCComment: 'woo-refund-2', DocUnitPrice: '12.50', DocExtPrice: '-25.00' });
    const inv = await getJson(sim, `Erp.BO.ARInvoiceSvc/ARInvoices?$filter=${q('CreditMemo eq true')}`);
    expect(inv.text).toContain('"DocInvoiceAmt":-25.00');
    expect(inv.body.value[0]).toMatchObject({ InvoiceSuffix: 'CM', GroupID: 'RMACRREQ' });
  });

  it('creates a correction invoice when iCorrection is true', async () => {
    const sim = makeSim();
    const { rmaNum, rmaLine } = await rmaWithLine(sim, 'woo-refund-3');
    await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rmaNum, iRMALine: rmaLine, iCorrection: true, ds: {} });
    expect(sim.credits()[0]).toMatchObject({ CreditMemo: false, CorrectionInv: true });
  });

  it('credits twice when RMACreditAdd is called twice: the client must de-duplicate', async () => {
    const sim = makeSim();
    const { rmaNum, rmaLine } = await rmaWithLine(sim, 'woo-refund-4');
    const body = { iRMANum: rmaNum, iRMALine: rmaLine, iCorrection: false, ds: {} };
    await postJson(sim, `${RMA}/RMACreditAdd`, body);
    const second = await postJson(sim, `${RMA}/RMACreditAdd`, body);
    expect(second.body.parameters.iInvoiceLine).toBe(2);
    expect(sim.credits()[0].DocInvoiceAmt).toBe('-50.00');
  });

  it('accepts only configured return reason codes', async () => {
    const sim = makeSim({ returnReasons: ['REFUND'] });
    const custNum = sim.customer('ACME')!.CustNum as number;
    const head = await postJson(sim, `${RMA}/RMAProcs`, { RMANum: 0, CustNum: custNum });
    const base = { RMANum: head.body.RMANum, PartNum: 'WIDGET-100', ReturnQty: 1 };
    expect((await postJson(sim, `${RMA}/RMADtls`, { ...base, ReturnReasonCode: 'DAMAGED' })).status).toBe(400);
    expect((await postJson(sim, `${RMA}/RMADtls`, { ...base, ReturnReasonCode: 'refund' })).status).toBe(201);
  });

  it('refuses bad RMA input with Ice.BLException: unknown customer, unknown part, bad reason code, unknown RMA line', async () => {
    const sim = makeSim();
    const bad = [
      await postJson(sim, `${RMA}/RMAProcs`, { RMANum: 0, CustNum: 999 }),
      await postJson(sim, `${RMA}/RMADtls`, { RMANum: 424242, PartNum: 'WIDGET-100', ReturnQty: 1, ReturnReasonCode: 'DAMAGED' }),
    ];
    const { rmaNum } = await rmaWithLine(sim, 'x');
    bad.push(await postJson(sim, `${RMA}/RMADtls`, { RMANum: rmaNum, PartNum: 'NOPE', ReturnQty: 1, ReturnReasonCode: 'DAMAGED' }));
    bad.push(await postJson(sim, `${RMA}/RMADtls`, { RMANum: rmaNum, PartNum: 'WIDGET-100', ReturnQty: 1, ReturnReasonCode: 'WHIM' }));
    bad.push(await postJson(sim, `${RMA}/RMADtls`, { RMANum: rmaNum, PartNum: 'WIDGET-100', ReturnQty: 0, ReturnReasonCode: 'DAMAGED' }));
    bad.push(await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rmaNum, iRMALine: 99, iCorrection: false, ds: {} }));
    for (const r of bad) expect([r.status, r.body.ErrorType]).toEqual([400, 'Ice.BLException']);
    const noDs = await postJson(sim, `${RMA}/RMACreditAdd`, { iRMANum: rmaNum, iRMALine: 1, iCorrection: false });
    expect(noDs.status).toBe(400);
  });
});
