import type { EpicorSimulator } from '../../../src/sandbox/epicor';
import { getJson, makeSim, postJson, q } from './helpers';

const AR = 'Erp.BO.ARInvoiceSvc';
const GRP = 'Erp.BO.InvcGrpSvc';

async function createGroup(sim: EpicorSimulator, groupId: string) {
  const fresh = await postJson(sim, `${GRP}/GetNewInvcGrp`, { ds: {} });
  const row = { ...fresh.body.parameters.ds.InvcGrp[0], GroupID: groupId };
  return postJson(sim, `${GRP}/Update`, { ds: { InvcGrp: [row] } });
}

async function orderFor(sim: EpicorSimulator, custNum: number): Promise<number> {
  const head = await postJson(sim, 'Erp.BO.SalesOrderSvc/SalesOrders', { OrderNum: 0, CustNum: custNum, PONum: 'WEB-AR1' });
  await postJson(sim, 'Erp.BO.SalesOrderSvc/OrderDtls', { OrderNum: head.body.OrderNum, PartNum: 'WIDGET-100', SellingQuantity: 3, DocUnitPrice: '12.50' });
  return head.body.OrderNum;
}

/** GetNewInvcHeadType -> fields -> Update: the header as the sim stored it, or the error. */
async function newCreditMemo(sim: EpicorSimulator, fields: Record<string, unknown>, groupId = 'WEBCM') {
  const fresh = await postJson(sim, `${AR}/GetNewInvcHeadType`, { GroupID: groupId, InvoiceType: 'CREDIT-MEMO', ds: {} });
  if (fresh.status !== 200) return fresh;
  const row = { ...fresh.body.parameters.ds.InvcHead[0], ...fields };
  return postJson(sim, `${AR}/Update`, { ds: { InvcHead: [row] } });
}

async function addLine(sim: EpicorSimulator, invoiceNum: number, fields: Record<string, unknown>) {
  const fresh = await postJson(sim, `${AR}/GetNewInvcDtl`, { invoiceNum, ds: {} });
  if (fresh.status !== 200) return fresh;
  const row = { ...fresh.body.parameters.ds.InvcDtl[0], ...fields };
  return postJson(sim, `${AR}/Update`, { ds: { InvcDtl: [row] } });
}

async function memoWithGroup(sim: EpicorSimulator, comment = 'woo-refund:1') {
  const custNum = sim.customer('ACME')!.CustNum as number;
  const orderNum = await orderFor(sim, custNum);
  expect((await createGroup(sim, 'WEBCM')).status).toBe(200);
  const head = await newCreditMemo(sim, { CustNum: custNum, OrderNum: orderNum, InvoiceComment: comment });
  expect([head.status, head.body.ErrorMessage]).toEqual([200, undefined]);
  return { custNum, orderNum, invoiceNum: head.body.parameters.ds.InvcHead[0].InvoiceNum as number };
}

describe('Epicor simulator: invoice groups', () => {
  it('creates a group only through GetNewInvcGrp + Update and lists it in InvcGrps', async () => {
    const sim = makeSim();
    const fresh = await postJson(sim, `${GRP}/GetNewInvcGrp`, { ds: {} });
    expect(fresh.body.parameters.ds.InvcGrp[0]).toMatchObject({ GroupID: '', RowMod: 'A' });
    expect((await createGroup(sim, 'WEBCM')).body.parameters.ds.InvcGrp[0]).toMatchObject({ GroupID: 'WEBCM', PostInProcess: false, RowMod: '' });
    const listed = await getJson(sim, `${GRP}/InvcGrps?$filter=${q("GroupID eq 'WEBCM'")}`);
    expect(listed.body.value.map((g: any) => g.GroupID)).toEqual(['WEBCM']);
  });

  it('refuses a second group with the same id and a group row that did not come from GetNewInvcGrp', async () => {
    const sim = makeSim();
    await createGroup(sim, 'WEBCM');
    const dup = await createGroup(sim, 'WEBCM');
    expect([dup.status, dup.body.ErrorType, dup.body.ErrorMessage]).toEqual([400, 'Ice.BLException', 'Invoice group WEBCM already exists.']);
    const forged = await postJson(sim, `${GRP}/Update`, { ds: { InvcGrp: [{ GroupID: 'OTHER', RowMod: 'A', SysRowID: 'made-up' }] } });
    expect([forged.status, forged.body.ErrorType]).toEqual([400, 'Ice.BLException']);
  });

  it('posts the invoices of a group with PostInvoices and removes the group, so its id can be used again', async () => {
    const sim = makeSim();
    const { invoiceNum } = await memoWithGroup(sim);
    const posted = await postJson(sim, `${GRP}/PostInvoices`, { groupID: 'WEBCM' });
    expect(posted.body.parameters.postedCount).toBe(1);
    expect(sim.credits().find((c) => c.InvoiceNum === invoiceNum)?.Posted).toBe(true);
    expect((await getJson(sim, `${GRP}/InvcGrps`)).body.value).toEqual([]);
    expect((await addLine(sim, invoiceNum, { PartNum: 'WIDGET-100', SellingShipQty: -1, DocUnitPrice: '12.50' })).body.ErrorMessage).toBe(
      `Invoice ${invoiceNum} has been posted.`,
    );
    expect((await createGroup(sim, 'WEBCM')).status).toBe(200);
  });
});

describe('Epicor simulator: AR credit memos', () => {
  it('hands out a credit memo header with RowMod A, CreditMemo true and suffix CM, and Update assigns the InvoiceNum', async () => {
    const sim = makeSim();
    const { invoiceNum, orderNum, custNum } = await memoWithGroup(sim);
    const fresh = await postJson(sim, `${AR}/GetNewInvcHeadType`, { GroupID: 'WEBCM', InvoiceType: 'CREDIT-MEMO', ds: {} });
    expect(fresh.body.parameters.ds.InvcHead[0]).toMatchObject({ InvoiceNum: 0, RowMod: 'A', CreditMemo: true, InvoiceSuffix: 'CM', GroupID: 'WEBCM' });
    expect(invoiceNum).toBeGreaterThan(0);
    const stored = await getJson(sim, `${AR}/ARInvoices?$filter=${q("InvoiceComment eq 'woo-refund:1'")}`);
    expect(stored.body.value).toEqual([
      expect.objectContaining({ InvoiceNum: invoiceNum, CustNum: custNum, OrderNum: orderNum, CreditMemo: true, InvoiceSuffix: 'CM', GroupID: 'WEBCM', Posted: false }),
    ]);
  });

  it('adds a part line and a misc line entered with positive quantities, stores them negative with exact decimal amounts, totalled on the header', async () => {
    const sim = makeSim();
    const { invoiceNum, orderNum } = await memoWithGroup(sim);
    const part = await addLine(sim, invoiceNum, {
      PartNum: 'WIDGET-100', OrderLine: 1, SellingShipQty: 2, DocUnitPrice: '12.50', InvoiceComment: 'woo-refund:1/1',
    });
    expect([part.status, part.body.ErrorMessage]).toEqual([200, undefined]);
    const misc = await addLine(sim, invoiceNum, { LineDesc: 'Shipping refund', SellingShipQty: 1, DocUnitPrice: '4.90', InvoiceComment: 'woo-refund:1/2' });
    expect(misc.body.parameters.ds.InvcDtl.map((l: any) => l.InvoiceLine)).toEqual([1, 2]);

    const lines = await getJson(sim, `${AR}/InvcDtls?$filter=${q(`InvoiceNum eq ${invoiceNum}`)}&$orderby=InvoiceLine`);
    expect(lines.text).toContain('"DocExtPrice":-25.00');
    expect(lines.body.value.map((l: any) => [l.PartNum, l.LineDesc, l.OrderNum, l.OrderLine, l.InvoiceComment])).toEqual([
      ['WIDGET-100', 'Widget, steel, 100mm', orderNum, 1, 'woo-refund:1/1'],
      ['', 'Shipping refund', orderNum, 0, 'woo-refund:1/2'],
    ]);
    const memo = sim.credits().find((c) => c.InvoiceNum === invoiceNum)!;
    expect([memo.DocInvoiceAmt, memo.lines.map((l) => [l.SellingShipQty, l.DocUnitPrice, l.DocExtPrice])]).toEqual([
      '-29.90',
      [
        ['-2', '12.50', '-25.00'],
        ['-1', '4.90', '-4.90'],
      ],
    ]);
  });

  it('refuses an unknown customer, a missing group and a group that is being posted with 400 Ice.BLException', async () => {
    const sim = makeSim();
    const missing = await newCreditMemo(sim, { CustNum: sim.customer('ACME')!.CustNum });
    expect([missing.status, missing.body.ErrorType, missing.body.ErrorMessage]).toEqual([400, 'Ice.BLException', 'Invoice group WEBCM not found.']);

    await createGroup(sim, 'WEBCM');
    const unknown = await newCreditMemo(sim, { CustNum: 4242 });
    expect([unknown.status, unknown.body.ErrorType, unknown.body.ErrorMessage]).toEqual([400, 'Ice.BLException', 'Customer 4242 not found.']);

    sim.setInvoiceGroupPosting('WEBCM', true);
    const closed = await newCreditMemo(sim, { CustNum: sim.customer('ACME')!.CustNum });
    expect([closed.status, closed.body.ErrorMessage]).toEqual([400, 'Invoice group WEBCM is being posted and cannot be changed.']);
    expect(sim.credits()).toEqual([]);
  });

  it('refuses an unknown part, a quantity entered negative, a part-less line without description and a forged line row', async () => {
    const sim = makeSim();
    const { invoiceNum } = await memoWithGroup(sim);
    const cases = [
      { PartNum: 'NOPE-1', SellingShipQty: 1, DocUnitPrice: '1.00' },
      { PartNum: 'WIDGET-100', SellingShipQty: -1, DocUnitPrice: '12.50' },
      { SellingShipQty: 1, DocUnitPrice: '4.90' },
      { PartNum: 'WIDGET-200', OrderLine: 1, SellingShipQty: 1, DocUnitPrice: '19.90' },
    ];
    const answers = [];
    for (const c of cases) {
      const r = await addLine(sim, invoiceNum, c);
      answers.push([r.status, r.body.ErrorType, r.body.ErrorMessage]);
    }
    expect(answers).toEqual([
      [400, 'Ice.BLException', 'Part NOPE-1 not found.'],
      [400, 'Ice.BLException', 'Credit memo quantities are entered as positive numbers.'],
      [400, 'Ice.BLException', 'A line without a part needs a description.'],
      [400, 'Ice.BLException', expect.stringMatching(/^Order line \d+\/1 is for part WIDGET-100\.$/)],
    ]);
    const forged = await postJson(sim, `${AR}/Update`, {
      ds: { InvcDtl: [{ InvoiceNum: invoiceNum, InvoiceLine: 9, PartNum: 'WIDGET-100', SellingShipQty: -1, DocUnitPrice: 1, RowMod: 'A', SysRowID: 'x' }] },
    });
    expect([forged.status, forged.body.ErrorMessage]).toEqual([400, 'The InvcDtl row was not created by GetNewInvcDtl.']);
    expect(sim.credits()[0].lines).toEqual([]);
  });

  it('refuses GetNewInvcDtl for an invoice that does not exist and an unknown invoice type', async () => {
    const sim = makeSim();
    await createGroup(sim, 'WEBCM');
    const noInvoice = await postJson(sim, `${AR}/GetNewInvcDtl`, { invoiceNum: 77, ds: {} });
    expect([noInvoice.status, noInvoice.body.ErrorMessage]).toEqual([400, 'Invoice 77 not found.']);
    const badType = await postJson(sim, `${AR}/GetNewInvcHeadType`, { GroupID: 'WEBCM', InvoiceType: 'REFUND', ds: {} });
    expect([badType.status, badType.body.ErrorType]).toEqual([400, 'Ice.BLException']);
  });

  it('rolls back the whole Update when one line in it is refused', async () => {
    const sim = makeSim();
    const { invoiceNum } = await memoWithGroup(sim);
    const a = (await postJson(sim, `${AR}/GetNewInvcDtl`, { invoiceNum, ds: {} })).body.parameters.ds;
    const both = (await postJson(sim, `${AR}/GetNewInvcDtl`, { invoiceNum, ds: a })).body.parameters.ds;
    both.InvcDtl[0] = { ...both.InvcDtl[0], PartNum: 'WIDGET-100', SellingShipQty: -1, DocUnitPrice: '12.50' };
    both.InvcDtl[1] = { ...both.InvcDtl[1], PartNum: 'NOPE-1', SellingShipQty: -1, DocUnitPrice: '1.00' };
    expect((await postJson(sim, `${AR}/Update`, { ds: both })).status).toBe(400);
    expect(sim.credits()[0]).toMatchObject({ DocInvoiceAmt: '0.00', lines: [] });
  });
});
