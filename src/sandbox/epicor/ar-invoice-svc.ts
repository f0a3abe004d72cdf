import { randomUUID } from 'node:crypto';
import { dateOnly } from './clock';
import { Dec, decCmp, decMul, decNeg, decRound, decSum } from './decimal';
import { badRequest, bl, notFound } from './errors';
import { openGroup } from './invc-grp-svc';
import { invcDtlSchema, invcHeadSchema, type Row } from './schema';
import type { Ctx, ServiceDef } from './service';
import { type Ds, checkRevision, dec, intParam, readDs } from './bo-params';

/**
 * Erp.BO.ARInvoiceSvc. Reads (ARInvoices/InvcDtls) show RMA credits too; writes are the direct AR credit
 * memo of reference section 6: `GetNewInvcHeadType {GroupID, InvoiceType:'CREDIT-MEMO', ds}` -> set
 * CustNum, OrderNum, InvoiceComment -> `Update {ds}` assigns InvoiceNum; then per line
 * `GetNewInvcDtl {ds, invoiceNum}` -> set PartNum (or none: a misc line), SellingShipQty, DocUnitPrice,
 * LineDesc -> `Update {ds}`. Rows must come from the GetNew… calls (tracked by the SysRowID handed out),
 * as for SalesOrderSvc, because that is where the real BO defaults them.
 *
 * A credit memo quantity is entered positive and stored negative (schema note on InvcHead.CreditMemo).
 * Assumptions ([U], listed in the README): the sign is on SellingShipQty, DocUnitPrice stays
 * non-negative, so DocExtPrice and the header total are negative, as RMA credits are; a
 * line without PartNum is a miscellaneous line and needs a LineDesc; InvcHead/InvcDtl.InvoiceComment are
 * free text a client may filter on; nothing is taxed here.
 */

/** GetNewInvcHeadType's InvoiceType -> what the stored header looks like. Advance billing is not simulated. */
const INVOICE_TYPES: Record<string, { creditMemo: boolean; suffix: string }> = {
  'CREDIT-MEMO': { creditMemo: true, suffix: 'CM' },
  'MISC-BILL': { creditMemo: false, suffix: '' },
};
const KNOWN_TYPES = ['MISC-BILL', 'ADV-BILL', 'CREDIT-MEMO', 'ADV-MEMO'];

function fromGetNew(ctx: Ctx, row: Row, table: string, method: string): void {
  if (!ctx.store.marks.has(String(row.SysRowID ?? ''))) throw bl(`The ${table} row was not created by ${method}.`, table, 'SysRowID');
}

/** An unposted invoice in an open group: the only kind that takes changes. */
function editableInvoice(ctx: Ctx, invoiceNum: unknown, table: string): Row {
  const head = ctx.store.invcHeads.get(ctx.company, Number(invoiceNum));
  if (!head) throw bl(`Invoice ${String(invoiceNum)} not found.`, table, 'InvoiceNum');
  if (head.Posted) throw bl(`Invoice ${String(head.InvoiceNum)} has been posted.`, table, 'InvoiceNum');
  openGroup(ctx, head.GroupID, table);
  return head;
}

function recomputeTotal(ctx: Ctx, head: Row): void {
  const lines = ctx.store.invcDtls.all(ctx.company).filter((l) => l.InvoiceNum === head.InvoiceNum);
  head.DocInvoiceAmt = decSum(lines.map((l) => l.DocExtPrice as Dec));
  head.InvoiceAmt = head.DocInvoiceAmt;
  ctx.store.touch(head);
}

// ---- header ---------------------------------------------------------------------------------

function newInvcHead(ctx: Ctx, group: Row, invoiceType: string): Row {
  const type = INVOICE_TYPES[invoiceType];
  return {
    Company: ctx.company,
    InvoiceNum: 0,
    InvoiceSuffix: type.suffix,
    InvoiceType: 'MIS',
    GroupID: group.GroupID,
    CreditMemo: type.creditMemo,
    CorrectionInv: false,
    Posted: false,
    CustNum: 0,
    RMANum: 0,
    OrderNum: 0,
    InvoiceRef: 0,
    InvoiceComment: '',
    InvoiceDate: group.InvoiceDate ?? dateOnly(ctx.store.opts.now()),
    DocInvoiceAmt: new Dec('0.00'),
    InvoiceAmt: new Dec('0.00'),
    SysRevID: 0,
    SysRowID: randomUUID(),
    RowMod: 'A',
  };
}

function customerFor(ctx: Ctx, custNum: unknown): Row {
  const cust = ctx.store.customers.get(ctx.company, Number(custNum ?? 0));
  if (!cust) throw bl(`Customer ${String(custNum ?? 0)} not found.`, 'InvcHead', 'CustNum');
  return cust;
}

function checkReferences(ctx: Ctx, row: Row, custNum: number): void {
  const orderNum = Number(row.OrderNum ?? 0);
  if (orderNum) {
    const order = ctx.store.orderHeds.get(ctx.company, orderNum);
    if (!order) throw bl(`Sales order ${orderNum} not found.`, 'InvcHead', 'OrderNum');
    if (order.CustNum !== custNum) throw bl(`Sales order ${orderNum} belongs to another customer.`, 'InvcHead', 'OrderNum');
  }
  const ref = Number(row.InvoiceRef ?? 0);
  if (ref) {
    const inv = ctx.store.invcHeads.get(ctx.company, ref);
    if (!inv) throw bl(`Invoice ${ref} not found.`, 'InvcHead', 'InvoiceRef');
    if (inv.CustNum !== custNum) throw bl(`Invoice ${ref} belongs to another customer.`, 'InvcHead', 'InvoiceRef');
  }
}

const HEAD_WRITABLE = ['OrderNum', 'InvoiceRef', 'InvoiceComment', 'InvoiceDate'];

function addHead(ctx: Ctx, row: Row): Row {
  fromGetNew(ctx, row, 'InvcHead', 'GetNewInvcHeadType');
  if (Number(row.InvoiceNum ?? 0) !== 0) throw bl('A new invoice must have InvoiceNum 0.', 'InvcHead', 'InvoiceNum');
  const group = openGroup(ctx, row.GroupID, 'InvcHead');
  const cust = customerFor(ctx, row.CustNum);
  checkReferences(ctx, row, cust.CustNum as number);
  const type = ctx.store.marks.get(String(row.SysRowID))?.invoiceType ?? 'MISC-BILL';
  const head = newInvcHead(ctx, group, type);
  delete head.RowMod;
  head.SysRowID = row.SysRowID;
  for (const k of HEAD_WRITABLE) if (row[k] !== undefined) head[k] = row[k];
  head.CustNum = cust.CustNum;
  head.InvoiceNum = ctx.store.nextNum('invoiceNum');
  return ctx.store.invcHeads.put(ctx.store.touch(head));
}

function updateHead(ctx: Ctx, row: Row): Row {
  const head = editableInvoice(ctx, row.InvoiceNum, 'InvcHead');
  checkRevision(head, row, 'InvcHead');
  if (row.CustNum !== undefined && Number(row.CustNum) !== head.CustNum)
    throw bl('The customer of an existing invoice cannot be changed here.', 'InvcHead', 'CustNum');
  checkReferences(ctx, { OrderNum: row.OrderNum ?? head.OrderNum, InvoiceRef: row.InvoiceRef ?? head.InvoiceRef }, head.CustNum as number);
  for (const k of HEAD_WRITABLE) if (row[k] !== undefined) head[k] = row[k];
  return ctx.store.touch(head);
}

function deleteHead(ctx: Ctx, row: Row): void {
  const head = editableInvoice(ctx, row.InvoiceNum, 'InvcHead');
  for (const d of ctx.store.invcDtls.all(ctx.company).filter((l) => l.InvoiceNum === head.InvoiceNum)) ctx.store.invcDtls.delete(d);
  ctx.store.invcHeads.delete(head);
}

// ---- lines ----------------------------------------------------------------------------------

function newInvcDtl(ctx: Ctx, ds: Ds, head: Row): Row {
  const taken = [...ctx.store.invcDtls.all(ctx.company), ...ds.InvcDtl].filter((l) => Number(l.InvoiceNum) === head.InvoiceNum);
  return {
    Company: ctx.company,
    InvoiceNum: head.InvoiceNum,
    InvoiceLine: Math.max(0, ...taken.map((l) => Number(l.InvoiceLine) || 0)) + 1,
    PartNum: '',
    LineDesc: '',
    RMANum: 0,
    RMALine: 0,
    OrderNum: head.OrderNum,
    OrderLine: 0,
    SellingShipQty: new Dec('0'),
    DocUnitPrice: new Dec('0'),
    DocExtPrice: new Dec('0.00'),
    InvoiceComment: '',
    SysRevID: 0,
    SysRowID: randomUUID(),
    RowMod: 'A',
  };
}

/** Validates a line's business fields and fills PartNum/LineDesc/DocExtPrice. */
function checkLine(ctx: Ctx, head: Row, line: Row): void {
  const partNum = String(line.PartNum ?? '').trim();
  if (partNum) {
    const part = ctx.store.parts.get(ctx.company, partNum);
    if (!part) throw bl(`Part ${partNum} not found.`, 'InvcDtl', 'PartNum');
    line.PartNum = part.PartNum;
    if (!String(line.LineDesc ?? '').trim()) line.LineDesc = part.PartDescription;
  } else {
    line.PartNum = '';
    if (!String(line.LineDesc ?? '').trim()) throw bl('A line without a part needs a description.', 'InvcDtl', 'LineDesc');
  }
  const qty = dec(line.SellingShipQty, 'InvcDtl', 'SellingShipQty');
  const price = dec(line.DocUnitPrice, 'InvcDtl', 'DocUnitPrice');
  const zero = new Dec('0');
  if (decCmp(qty, zero) === 0) throw bl('Quantity cannot be zero.', 'InvcDtl', 'SellingShipQty');
  if (head.CreditMemo && decCmp(qty, zero) > 0) throw bl('A credit memo line must have a negative quantity.', 'InvcDtl', 'SellingShipQty');
  if (!head.CreditMemo && decCmp(qty, zero) < 0) throw bl('An invoice line must have a positive quantity.', 'InvcDtl', 'SellingShipQty');
  if (decCmp(price, zero) < 0) throw bl('Unit price cannot be negative.', 'InvcDtl', 'DocUnitPrice');
  const orderLine = Number(line.OrderLine ?? 0);
  if (orderLine) {
    const orderNum = Number(line.OrderNum ?? head.OrderNum ?? 0);
    const ol = ctx.store.orderDtls.get(ctx.company, orderNum, orderLine);
    if (!ol || orderNum !== head.OrderNum) throw bl(`Order line ${orderNum}/${orderLine} is not on the invoice's order.`, 'InvcDtl', 'OrderLine');
    if (String(ol.PartNum).toUpperCase() !== String(line.PartNum).toUpperCase())
      throw bl(`Order line ${orderNum}/${orderLine} is for part ${String(ol.PartNum)}.`, 'InvcDtl', 'PartNum');
  }
  line.SellingShipQty = qty;
  line.DocUnitPrice = price;
  line.DocExtPrice = decRound(decMul(qty, price), 2);
}

/**
 * InvcHead.CreditMemo (Kinetic schema): credit memo amounts are "always stored with a negative sign but will be
 * entered as a positive", so a positive entry is stored negated and a negative one is refused.
 */
function enteredQty(head: Row, row: Row, line: Row): void {
  if (!head.CreditMemo || row.SellingShipQty === undefined) return;
  const qty = dec(row.SellingShipQty, 'InvcDtl', 'SellingShipQty');
  if (decCmp(qty, new Dec('0')) < 0) throw bl('Credit memo quantities are entered as positive numbers.', 'InvcDtl', 'SellingShipQty');
  line.SellingShipQty = decNeg(qty);
}

const DTL_WRITABLE = ['PartNum', 'LineDesc', 'OrderLine', 'SellingShipQty', 'DocUnitPrice', 'InvoiceComment'];

function addLine(ctx: Ctx, row: Row): Row {
  fromGetNew(ctx, row, 'InvcDtl', 'GetNewInvcDtl');
  const head = editableInvoice(ctx, row.InvoiceNum, 'InvcDtl');
  const lineNum = Number(row.InvoiceLine ?? 0);
  if (!lineNum) throw bl('InvoiceLine is required.', 'InvcDtl', 'InvoiceLine');
  if (ctx.store.invcDtls.get(ctx.company, head.InvoiceNum, lineNum)) throw bl(`Invoice line ${lineNum} already exists.`, 'InvcDtl', 'InvoiceLine');
  const line = newInvcDtl(ctx, { InvcDtl: [] }, head);
  delete line.RowMod;
  line.SysRowID = row.SysRowID;
  line.InvoiceLine = lineNum;
  for (const k of DTL_WRITABLE) if (row[k] !== undefined) line[k] = row[k];
  enteredQty(head, row, line);
  checkLine(ctx, head, line);
  ctx.store.invcDtls.put(ctx.store.touch(line));
  recomputeTotal(ctx, head);
  return line;
}

function updateLine(ctx: Ctx, row: Row): Row {
  const head = editableInvoice(ctx, row.InvoiceNum, 'InvcDtl');
  const line = ctx.store.invcDtls.get(ctx.company, head.InvoiceNum, Number(row.InvoiceLine));
  if (!line) throw bl(`Invoice line ${String(row.InvoiceLine)} not found.`, 'InvcDtl', 'InvoiceLine');
  checkRevision(line, row, 'InvcDtl');
  const next = { ...line };
  for (const k of DTL_WRITABLE) if (row[k] !== undefined) next[k] = row[k];
  enteredQty(head, row, next);
  checkLine(ctx, head, next);
  Object.assign(line, next);
  ctx.store.touch(line);
  recomputeTotal(ctx, head);
  return line;
}

function deleteLine(ctx: Ctx, row: Row): void {
  const head = editableInvoice(ctx, row.InvoiceNum, 'InvcDtl');
  const line = ctx.store.invcDtls.get(ctx.company, head.InvoiceNum, Number(row.InvoiceLine));
  if (!line) throw bl(`Invoice line ${String(row.InvoiceLine)} not found.`, 'InvcDtl', 'InvoiceLine');
  ctx.store.invcDtls.delete(line);
  recomputeTotal(ctx, head);
}

/** The stored invoice as a tableset, every row RowMod ''. */
function invoiceDs(ctx: Ctx, invoiceNum: number): Ds {
  const head = ctx.store.invcHeads.get(ctx.company, invoiceNum);
  if (!head) return { InvcHead: [], InvcDtl: [] };
  const lines = ctx.store.invcDtls
    .all(ctx.company)
    .filter((l) => l.InvoiceNum === invoiceNum)
    .sort((a, b) => (a.InvoiceLine as number) - (b.InvoiceLine as number));
  return { InvcHead: [{ ...head, RowMod: '' }], InvcDtl: lines.map((l) => ({ ...l, RowMod: '' })) };
}

function applyDs(ctx: Ctx, ds: Ds): Ds {
  let invoiceNum = 0;
  let deleted = false;
  for (const row of ds.InvcHead) {
    if (row.RowMod === 'A') invoiceNum = addHead(ctx, row).InvoiceNum as number;
    else if (row.RowMod === 'U') invoiceNum = updateHead(ctx, row).InvoiceNum as number;
    else if (row.RowMod === 'D') {
      deleteHead(ctx, row);
      deleted = true;
    }
  }
  for (const row of ds.InvcDtl) {
    if (!row.RowMod) continue;
    if (row.RowMod === 'A') addLine(ctx, row);
    else if (row.RowMod === 'U') updateLine(ctx, row);
    else if (row.RowMod === 'D') deleteLine(ctx, row);
    invoiceNum ||= Number(row.InvoiceNum);
  }
  if (!invoiceNum && !deleted) throw bl('Nothing to update: no row has RowMod A, U or D.');
  return invoiceDs(ctx, invoiceNum);
}

export const arInvoiceSvc: ServiceDef = {
  name: 'Erp.BO.ARInvoiceSvc',
  sets: {
    ARInvoices: {
      table: (s) => s.invcHeads,
      schema: invcHeadSchema,
      keys: ['Company', 'InvoiceNum'],
      nav: { InvcDtls: { set: 'InvcDtls', link: [['Company', 'Company'], ['InvoiceNum', 'InvoiceNum']] } },
    },
    InvcDtls: {
      table: (s) => s.invcDtls,
      schema: invcDtlSchema,
      keys: ['Company', 'InvoiceNum', 'InvoiceLine'],
    },
  },
  methods: {
    GetNewInvcHeadType: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, ['InvcHead', 'InvcDtl']);
        const type = String(input.InvoiceType ?? input.invoiceType ?? '').toUpperCase();
        if (!KNOWN_TYPES.includes(type)) throw bl(`Invoice type '${type}' is not valid (${KNOWN_TYPES.join(', ')}).`, 'InvcHead', 'InvoiceType');
        if (!INVOICE_TYPES[type]) throw badRequest(`Invoice type ${type} is not simulated.`);
        const group = openGroup(ctx, input.GroupID ?? input.groupID, 'InvcHead');
        const row = newInvcHead(ctx, group, type);
        ctx.store.marks.set(row.SysRowID as string, { invoiceType: type });
        ds.InvcHead.push(row);
        return { parameters: { ds } };
      },
    },
    GetNewInvcDtl: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, ['InvcHead', 'InvcDtl']);
        const head = editableInvoice(ctx, intParam(input, 'invoiceNum'), 'InvcDtl');
        const row = newInvcDtl(ctx, ds, head);
        ctx.store.marks.set(row.SysRowID as string, {});
        ds.InvcDtl.push(row);
        return { parameters: { ds } };
      },
    },
    Update: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, ['InvcHead', 'InvcDtl']);
        const out = ctx.store.atomically(() => applyDs(ctx, ds), [ctx.store.invcHeads, ctx.store.invcDtls]);
        return { parameters: { ds: out } };
      },
    },
    GetByID: {
      verb: 'GET',
      run: (ctx, input) => {
        const invoiceNum = intParam(input, 'invoiceNum');
        // reference section 7: GetByID of a missing key is a 404.
        if (!ctx.store.invcHeads.get(ctx.company, invoiceNum)) throw notFound(`Invoice ${invoiceNum} not found.`);
        return { returnObj: invoiceDs(ctx, invoiceNum) };
      },
    },
  },
};
