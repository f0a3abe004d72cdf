import { dateOnly } from './clock';
import { Dec, decCmp, decMul, decNeg, decRound, decSum, toDec } from './decimal';
import { badRequest, bl } from './errors';
import { rmaDtlSchema, rmaHeadSchema, type Row } from './schema';
import type { Ctx, ServiceDef } from './service';

/**
 * Refunds (reference section 6, LEAF `lt_credits.py`): RMA header -> RMA line -> RMACreditAdd, which
 * creates an AR credit memo (or a correction invoice) in the RMACRREQ group. Amounts on the credit are
 * negative decimals. RMACreditAdd does not de-duplicate: calling it twice credits twice, so a client
 * must look up its refund id (RMADtl.ECCComment) first. The credits are read through ARInvoiceSvc
 * (ar-invoice-svc.ts), which also enters direct AR credit memos.
 */

function checkCompany(ctx: Ctx, body: Row): void {
  if (body.Company !== undefined && body.Company !== ctx.company) throw badRequest('Company in the body does not match the URL.');
}

function createRmaHead(ctx: Ctx, body: Row): Row {
  checkCompany(ctx, body);
  if (Number(body.RMANum ?? 0) !== 0) throw bl('A new RMA must have RMANum 0.', 'RMAHead', 'RMANum');
  const cust = ctx.store.customers.get(ctx.company, Number(body.CustNum));
  if (!cust) throw bl(`Customer ${String(body.CustNum)} not found.`, 'RMAHead', 'CustNum');
  const row: Row = {
    Company: ctx.company,
    RMANum: ctx.store.nextNum('rmaNum'),
    RMADate: typeof body.RMADate === 'string' ? body.RMADate : dateOnly(ctx.store.opts.now()),
    CustNum: cust.CustNum,
    BTCustNum: Number(body.BTCustNum ?? cust.CustNum) || cust.CustNum,
    OpenRMA: body.OpenRMA ?? true,
    RMAComment: typeof body.RMAComment === 'string' ? body.RMAComment : '',
    SysRevID: 0,
    SysRowID: '',
  };
  for (const [k, v] of Object.entries(body)) if (k.endsWith('_c')) row[k] = v;
  return ctx.store.rmaHeads.put(ctx.store.touch(row));
}

function createRmaDtl(ctx: Ctx, body: Row): Row {
  checkCompany(ctx, body);
  const head = ctx.store.rmaHeads.get(ctx.company, Number(body.RMANum));
  if (!head) throw bl(`RMA ${String(body.RMANum)} not found.`, 'RMADtl', 'RMANum');
  if (!head.OpenRMA) throw bl(`RMA ${String(head.RMANum)} is closed.`, 'RMADtl', 'RMANum');
  const part = ctx.store.parts.get(ctx.company, String(body.PartNum ?? ''));
  if (!part) throw bl(`Part ${String(body.PartNum ?? '')} not found.`, 'RMADtl', 'PartNum');
  const qty = toDec(body.ReturnQty);
  if (!qty || decCmp(qty, new Dec('0')) <= 0) throw bl('Return quantity must be greater than zero.', 'RMADtl', 'ReturnQty');
  const reason = String(body.ReturnReasonCode ?? '');
  if (!ctx.store.returnReasons.has(reason.toUpperCase())) throw bl(`Return reason code '${reason}' is not valid.`, 'RMADtl', 'ReturnReasonCode');
  const uom = String(body.ReturnQtyUOM ?? part.SalesUM);
  if (![part.SalesUM, part.IUM].map((u) => String(u).toUpperCase()).includes(uom.toUpperCase()))
    throw bl(`Unit of measure ${uom} is not valid for part ${String(part.PartNum)}.`, 'RMADtl', 'ReturnQtyUOM');
  // RMAHead has no OrderNum in the real schema: the order link is on the line.
  const orderNum = Number(body.OrderNum ?? 0);
  const orderLine = Number(body.OrderLine ?? 0);
  if (orderNum) {
    const order = ctx.store.orderHeds.get(ctx.company, orderNum);
    if (!order) throw bl(`Sales order ${orderNum} not found.`, 'RMADtl', 'OrderNum');
    if (order.CustNum !== head.CustNum) throw bl(`Sales order ${orderNum} belongs to another customer.`, 'RMADtl', 'OrderNum');
  }
  if (orderLine) {
    const line = ctx.store.orderDtls.get(ctx.company, orderNum, orderLine);
    if (!line) throw bl(`Order line ${orderNum}/${orderLine} not found.`, 'RMADtl', 'OrderLine');
    if (String(line.PartNum).toUpperCase() !== String(part.PartNum).toUpperCase())
      throw bl(`Order line ${orderNum}/${orderLine} is for part ${String(line.PartNum)}.`, 'RMADtl', 'PartNum');
  }
  const lines = ctx.store.rmaDtls.all(ctx.company).filter((r) => r.RMANum === head.RMANum);
  let rmaLine = Number(body.RMALine ?? 0);
  if (rmaLine && ctx.store.rmaDtls.get(ctx.company, head.RMANum, rmaLine)) throw bl(`RMA line ${rmaLine} already exists.`, 'RMADtl', 'RMALine');
  if (!rmaLine) rmaLine = Math.max(0, ...lines.map((r) => r.RMALine as number)) + 1;
  const row: Row = {
    Company: ctx.company,
    RMANum: head.RMANum,
    RMALine: rmaLine,
    PartNum: part.PartNum,
    LineDesc: typeof body.LineDesc === 'string' ? body.LineDesc : part.PartDescription,
    ReturnQty: qty,
    ReturnQtyUOM: uom,
    ReturnReasonCode: reason.toUpperCase(),
    Note: typeof body.Note === 'string' ? body.Note : '',
    ECCComment: typeof body.ECCComment === 'string' ? body.ECCComment : '',
    OrderNum: orderNum,
    OrderLine: orderLine,
    OpenDtl: true,
    SysRevID: 0,
    SysRowID: '',
  };
  for (const [k, v] of Object.entries(body)) if (k.endsWith('_c')) row[k] = v;
  return ctx.store.rmaDtls.put(ctx.store.touch(row));
}

/** Unit price for the credit: the order line's price when the RMA line points at one, else the part's. */
function creditPrice(ctx: Ctx, dtl: Row): Dec {
  const line = dtl.OrderLine ? ctx.store.orderDtls.get(ctx.company, dtl.OrderNum, dtl.OrderLine) : undefined;
  if (line) return line.DocUnitPrice as Dec;
  return (ctx.store.parts.get(ctx.company, dtl.PartNum)?.UnitPrice as Dec | undefined) ?? new Dec('0.00');
}

function rmaCreditAdd(ctx: Ctx, input: Row): unknown {
  const rmaNum = Number(input.iRMANum);
  const rmaLine = Number(input.iRMALine);
  if (!Number.isInteger(rmaNum) || !Number.isInteger(rmaLine)) throw badRequest('Parameters iRMANum and iRMALine are required integers.');
  if (typeof input.iCorrection !== 'boolean') throw badRequest('Parameter iCorrection is required (true: correction invoice, false: credit memo).');
  if (!input.ds || typeof input.ds !== 'object' || Array.isArray(input.ds)) throw badRequest("Parameter 'ds' must be an object of table arrays.");
  const head = ctx.store.rmaHeads.get(ctx.company, rmaNum);
  if (!head) throw bl(`RMA ${rmaNum} not found.`, 'RMAHead', 'RMANum');
  const dtl = ctx.store.rmaDtls.get(ctx.company, rmaNum, rmaLine);
  if (!dtl) throw bl(`RMA line ${rmaNum}/${rmaLine} not found.`, 'RMADtl', 'RMALine');
  // RMACreditAdd reports some refusals in its opErrMsg output rather than as an error (the sim: refuseRmaCredits).
  if (ctx.store.rmaCreditRefusal) return { parameters: { ds: { RMAHead: [{ ...head, RowMod: '' }], RMADtl: [{ ...dtl, RowMod: '' }] }, iInvoiceNum: 0, iInvoiceLine: 0, opErrMsg: ctx.store.rmaCreditRefusal } };

  const correction = input.iCorrection;
  // Lines of one RMA collect on its open (unposted) credit memo, as Epicor's RMACRREQ group does.
  let invc = ctx.store.invcHeads
    .all(ctx.company)
    .find((i) => i.RMANum === rmaNum && !i.Posted && i.CorrectionInv === correction);
  if (!invc) {
    invc = {
      Company: ctx.company,
      InvoiceNum: ctx.store.nextNum('invoiceNum'),
      InvoiceSuffix: correction ? '' : 'CM',
      InvoiceType: correction ? 'SHP' : 'CRM',
      GroupID: 'RMACRREQ',
      CreditMemo: !correction,
      CorrectionInv: correction,
      Posted: false,
      CustNum: head.CustNum,
      RMANum: rmaNum,
      OrderNum: dtl.OrderNum,
      InvoiceRef: 0,
      InvoiceComment: '',
      InvoiceDate: dateOnly(ctx.store.opts.now()),
      DocInvoiceAmt: new Dec('0.00'),
      InvoiceAmt: new Dec('0.00'),
      SysRevID: 0,
      SysRowID: '',
    };
  }
  const price = creditPrice(ctx, dtl);
  const lines = ctx.store.invcDtls.all(ctx.company).filter((l) => l.InvoiceNum === invc!.InvoiceNum);
  const line: Row = {
    Company: ctx.company,
    InvoiceNum: invc.InvoiceNum,
    InvoiceLine: Math.max(0, ...lines.map((l) => l.InvoiceLine as number)) + 1,
    PartNum: dtl.PartNum,
    LineDesc: dtl.LineDesc,
    RMANum: rmaNum,
    RMALine: rmaLine,
    OrderNum: dtl.OrderNum,
    OrderLine: dtl.OrderLine,
    SellingShipQty: decNeg(dtl.ReturnQty as Dec),
    DocUnitPrice: price,
    DocExtPrice: decNeg(decRound(decMul(dtl.ReturnQty as Dec, price), 2)),
    InvoiceComment: '',
    SysRevID: 0,
    SysRowID: '',
  };
  ctx.store.invcDtls.put(ctx.store.touch(line));
  invc.DocInvoiceAmt = decSum([...lines, line].map((l) => l.DocExtPrice as Dec));
  invc.InvoiceAmt = invc.DocInvoiceAmt;
  ctx.store.invcHeads.put(ctx.store.touch(invc));
  return {
    parameters: {
      ds: { RMAHead: [{ ...head, RowMod: '' }], RMADtl: [{ ...dtl, RowMod: '' }] },
      iInvoiceNum: invc.InvoiceNum,
      iInvoiceLine: line.InvoiceLine,
      opErrMsg: '',
    },
  };
}

export const rmaProcSvc: ServiceDef = {
  name: 'Erp.BO.RMAProcSvc',
  sets: {
    RMAProcs: {
      table: (s) => s.rmaHeads,
      schema: rmaHeadSchema,
      keys: ['Company', 'RMANum'],
      nav: { RMADtls: { set: 'RMADtls', link: [['Company', 'Company'], ['RMANum', 'RMANum']] } },
      create: createRmaHead,
    },
    RMADtls: {
      table: (s) => s.rmaDtls,
      schema: rmaDtlSchema,
      keys: ['Company', 'RMANum', 'RMALine'],
      create: createRmaDtl,
    },
  },
  methods: {
    RMACreditAdd: { verb: 'POST', run: rmaCreditAdd },
  },
};
