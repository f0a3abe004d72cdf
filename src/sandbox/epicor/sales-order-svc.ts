import { randomUUID } from 'node:crypto';
import { dateOnly } from './clock';
import { Dec, decCmp, decMul, decRound, decSum } from './decimal';
import { badRequest, bl, notFound } from './errors';
import { orderDtlSchema, orderHedSchema, orderMscSchema, type Row, type Schema } from './schema';
import type { Ctx, ServiceDef } from './service';
import type { RowMarks, Store } from './store';
import { type Ds, checkRevision, dec, intParam, readDs } from './bo-params';
import { addFirstRelease, checkReleases, closeLine, deleteReleases, followLineQuantity, updateRelease } from './order-releases';

/**
 * Erp.BO.SalesOrderSvc (reference section 5). The UI-style sequence is enforced: a header must get
 * its customer through ChangeCustomer/ChangeOrderHedCustomerCustID and a line its part through
 * ChangePartNum (and quantity through ChangeSellingQuantity) before MasterUpdate accepts it. The sim
 * remembers those steps per ds row in `store.marks`, keyed by the SysRowID it handed out, because the
 * real BO's defaulting happens in those calls and a client that skips them gets wrong orders.
 */

const DS_TABLES = ['OrderHed', 'OrderDtl', 'OHOrderMsc', 'OrderMsc', 'OrderRel'];

/** Header-level misc charges live in OHOrderMsc (OrderLine 0), line-level ones in OrderMsc. */
const headerLevel = (r: Row) => Number(r.OrderLine ?? 0) === 0;
const mscTable = (orderLine: number) => (orderLine === 0 ? 'OHOrderMsc' : 'OrderMsc');

const changed = (r: Row) => r.RowMod === 'A' || r.RowMod === 'U';

/** The ds row a Change… method works on: the one the client is adding or editing. */
function currentRow(ds: Ds, table: string): Row {
  const row = [...ds[table]].reverse().find(changed);
  if (!row) throw bl(`No ${table} row with RowMod 'A' or 'U' in the dataset.`, table);
  return row;
}

function marksFor(store: Store, row: Row, table: string): RowMarks {
  const id = typeof row.SysRowID === 'string' ? row.SysRowID : '';
  let marks = store.marks.get(id);
  if (!marks && id && isStoredRow(store, id)) store.marks.set(id, (marks = {}));
  if (!marks) throw bl(`The ${table} row was not created by GetNew${table} (unknown SysRowID '${id}').`, table, 'SysRowID');
  return marks;
}

function isStoredRow(store: Store, id: string): boolean {
  return [store.orderHeds, store.orderDtls, store.orderMscs].some((t) => t.all().some((r) => r.SysRowID === id));
}

/** Copies the columns a client may set; decimals become exact, unknown non-UD columns are ignored. */
function assignColumns(target: Row, source: Row, schema: Schema, table: string, readOnly: string[]): void {
  for (const [k, v] of Object.entries(source)) {
    if (readOnly.includes(k) || k === 'RowMod' || k === 'SysRevID' || k === 'SysRowID') continue;
    if (schema[k] === 'decimal') target[k] = dec(v, table, k);
    else if (schema[k] || k.endsWith('_c')) target[k] = v;
  }
}

function customerFor(ctx: Ctx, custNum: unknown): Row {
  const cust = ctx.store.customers.get(ctx.company, Number(custNum));
  if (!cust) throw bl(`Customer ${String(custNum)} not found.`, 'OrderHed', 'CustNum');
  if (cust.CreditHold) throw bl(`Customer ${String(cust.CustID)} is on credit hold.`, 'OrderHed', 'CustNum');
  return cust;
}

function checkDuplicatePO(ctx: Ctx, cust: Row, poNum: unknown, orderNum: unknown): void {
  const po = String(poNum ?? '').trim();
  if (!po || !cust.CheckDuplicatePO) return;
  const dup = ctx.store.orderHeds
    .all(ctx.company)
    .find((o) => o.CustNum === cust.CustNum && o.OrderNum !== orderNum && String(o.PONum).trim().toUpperCase() === po.toUpperCase());
  if (dup) throw bl(`PO number ${po} has already been used for this customer.`, 'OrderHed', 'PONum');
}

function partFor(ctx: Ctx, partNum: unknown): Row {
  const part = ctx.store.parts.get(ctx.company, String(partNum ?? ''));
  if (!part) throw bl(`Part ${String(partNum ?? '')} not found.`, 'OrderDtl', 'PartNum');
  if (part.InActive) throw bl(`Part ${String(part.PartNum)} is inactive.`, 'OrderDtl', 'PartNum');
  return part;
}

function applyCustomer(row: Row, cust: Row, marks: RowMarks): void {
  row.CustNum = cust.CustNum;
  row.BTCustNum = cust.CustNum;
  row.ShipToCustNum = cust.CustNum;
  row.ShipToNum = cust.ShipToNum ?? '';
  row.UseOTS = false;
  row.CustAllowOTS = cust.AllowOTS === true;
  row.ShipViaCode = cust.ShipViaCode ?? '';
  row.CustomerCustID = cust.CustID;
  row.TermsCode = cust.TermsCode;
  row.CurrencyCode = cust.CurrencyCode;
  marks.custNum = cust.CustNum as number;
}

function extPrice(row: Row): void {
  row.DocExtPriceDtl = decRound(decMul(dec(row.SellingQuantity, 'OrderDtl', 'SellingQuantity'), dec(row.DocUnitPrice, 'OrderDtl', 'DocUnitPrice')), 2);
}

function recomputeTotals(store: Store, head: Row): void {
  const of = (r: Row) => r.Company === head.Company && r.OrderNum === head.OrderNum;
  const misc = decSum(store.orderMscs.all().filter(of).map((m) => m.DocMiscAmt as Dec));
  const lines = decSum(store.orderDtls.all().filter(of).map((d) => d.DocExtPriceDtl as Dec));
  head.DocTotalMisc = misc;
  head.DocOrderAmt = decSum([lines, misc]);
  store.touch(head);
}

/** The stored order as a tableset, every row RowMod ''. */
export function orderDs(store: Store, company: string, orderNum: number): Ds {
  const head = store.orderHeds.get(company, orderNum);
  if (!head) throw notFound(`Sales order ${orderNum} not found.`);
  const of = (r: Row) => r.Company === company && r.OrderNum === orderNum;
  const out = (r: Row) => ({ ...r, RowMod: '' });
  return {
    OrderHed: [out(head)],
    OrderDtl: store.orderDtls.all().filter(of).sort((a, b) => (a.OrderLine as number) - (b.OrderLine as number)).map(out),
    OHOrderMsc: store.orderMscs.all().filter((r) => of(r) && headerLevel(r)).map(out),
    OrderMsc: store.orderMscs.all().filter((r) => of(r) && !headerLevel(r)).map(out),
    OrderRel: store.orderRels
      .all()
      .filter(of)
      .sort((a, b) => (a.OrderLine as number) - (b.OrderLine as number) || (a.OrderRelNum as number) - (b.OrderRelNum as number))
      .map(out),
  };
}

function openOrder(ctx: Ctx, orderNum: unknown, table: string): Row {
  const head = ctx.store.orderHeds.get(ctx.company, Number(orderNum));
  if (!head) throw bl(`Sales order ${String(orderNum)} not found.`, table, 'OrderNum');
  if (!head.OpenOrder) throw bl(`Sales order ${String(orderNum)} is closed.`, table, 'OrderNum');
  return head;
}

// ---- header ---------------------------------------------------------------------------------

function newOrderHed(ctx: Ctx): Row {
  const now = ctx.store.opts.now();
  return {
    Company: ctx.company,
    OrderNum: 0,
    CustNum: 0,
    BTCustNum: 0,
    ShipToCustNum: 0,
    ShipToNum: '',
    CustomerCustID: '',
    PONum: '',
    OrderDate: dateOnly(now),
    NeedByDate: null,
    RequestDate: dateOnly(now),
    TermsCode: '',
    CurrencyCode: 'USD',
    OpenOrder: true,
    OrderHeld: false,
    VoidOrder: false,
    OrderComment: '',
    ShipComment: '',
    ShipViaCode: '',
    UseOTS: false,
    CustAllowOTS: false,
    OTSName: '',
    OTSContact: '',
    OTSAddress1: '',
    OTSAddress2: '',
    OTSAddress3: '',
    OTSCity: '',
    OTSState: '',
    OTSZIP: '',
    OTSCountryNum: 0,
    OTSPhoneNum: '',
    NotifyFlag: false,
    NotifyEMail: '',
    EntryPerson: ctx.user,
    WebOrder: false,
    IntExternalKey: '',
    DocOrderAmt: new Dec('0.00'),
    DocTotalMisc: new Dec('0.00'),
    // Epicor computes tax from its tax setup; the simulator has none, so its orders carry no tax.
    DocTotalTax: new Dec('0.00'),
    ChangedBy: '',
    ChangeDate: null,
    ChangeTime: 0,
    SysRevID: 0,
    SysRowID: randomUUID(),
    RowMod: 'A',
  };
}

// WebOrder: "Not editable. When SF Synch creates orders, this flag is set to YES" (Kinetic schema): writes are ignored.
const HEAD_READ_ONLY = ['WebOrder', 'Company', 'OrderNum', 'CustNum', 'BTCustNum', 'ShipToCustNum', 'CustomerCustID', 'CustAllowOTS', 'DocOrderAmt', 'DocTotalMisc', 'DocTotalTax', 'ChangedBy', 'ChangeDate', 'ChangeTime'];

/**
 * What Kinetic checks about where an order ships: a ShipToNum of the ship-to customer's ShipTo table, a
 * one-time address only for a customer with AllowOTS, a known country and a known ShipVia. `changed`
 * limits an update to the columns it changes (a hold must not fail because AllowOTS was switched off later).
 */
function checkShipping(ctx: Ctx, head: Row, changed: (column: string) => boolean = () => true): void {
  const cust = ctx.store.customers.get(ctx.company, head.CustNum);
  if (changed('ShipToNum') && !ctx.store.shipTos.get(ctx.company, head.ShipToCustNum, String(head.ShipToNum ?? '')))
    throw bl(`Ship To ${String(head.ShipToNum)} is not valid for customer ${String(cust?.CustID ?? head.CustNum)}.`, 'OrderHed', 'ShipToNum');
  if (head.UseOTS === true && (changed('UseOTS') || changed('OTSCountryNum'))) {
    if (cust?.AllowOTS !== true) throw bl('One Time Ship To is not allowed for this customer.', 'OrderHed', 'UseOTS');
    const country = Number(head.OTSCountryNum ?? 0);
    if (country !== 0 && !ctx.store.countries.has(country)) throw bl(`Country ${country} is not valid.`, 'OrderHed', 'OTSCountryNum');
  }
  const shipVia = String(head.ShipViaCode ?? '');
  if (changed('ShipViaCode') && shipVia && !ctx.store.shipVias.has(shipVia.toUpperCase()))
    throw bl(`Ship Via ${shipVia} is not valid.`, 'OrderHed', 'ShipViaCode');
}

/** Creates the header; `validated` is false on the plain OData path, which skips the Change… calls. */
function addHeader(ctx: Ctx, row: Row, validated: boolean): Row {
  if (Number(row.OrderNum ?? 0) !== 0) throw bl('A new order must have OrderNum 0.', 'OrderHed', 'OrderNum');
  if (validated) {
    const marks = marksFor(ctx.store, row, 'OrderHed');
    if (marks.custNum === undefined || marks.custNum !== Number(row.CustNum))
      throw bl('The customer was not validated: call ChangeCustomer or ChangeOrderHedCustomerCustID before MasterUpdate.', 'OrderHed', 'CustNum');
  }
  const cust = customerFor(ctx, row.CustNum);
  checkDuplicatePO(ctx, cust, row.PONum, undefined);
  if (!row.OrderDate && validated) throw bl('Order Date is required.', 'OrderHed', 'OrderDate');
  const head = newOrderHed(ctx);
  delete head.RowMod;
  if (!validated) head.SysRowID = randomUUID();
  else head.SysRowID = row.SysRowID;
  const marks: RowMarks = {};
  applyCustomer(head, cust, marks);
  // The client's row carries what ChangeOrderHedCustomerCustID defaulted (ship-to, ShipVia) and its own edits.
  assignColumns(head, row, orderHedSchema, 'OrderHed', HEAD_READ_ONLY);
  checkShipping(ctx, head);
  head.OrderNum = ctx.store.nextNum('orderNum');
  ctx.store.orderHeds.put(ctx.store.touch(head));
  return head;
}

function updateHeader(ctx: Ctx, row: Row): Row {
  const head = ctx.store.orderHeds.get(ctx.company, Number(row.OrderNum));
  if (!head) throw bl(`Sales order ${String(row.OrderNum)} not found.`, 'OrderHed', 'OrderNum');
  checkRevision(head, row, 'OrderHed');
  if (row.CustNum !== undefined && Number(row.CustNum) !== head.CustNum)
    throw bl('The customer of an existing order cannot be changed here.', 'OrderHed', 'CustNum');
  if (!head.OpenOrder && row.OpenOrder !== true) throw bl(`Sales order ${String(head.OrderNum)} is closed.`, 'OrderHed', 'OpenOrder');
  if (row.PONum !== undefined) {
    const cust = ctx.store.customers.get(ctx.company, head.CustNum);
    if (cust) checkDuplicatePO(ctx, cust, row.PONum, head.OrderNum);
  }
  const before = { ...head };
  assignColumns(head, row, orderHedSchema, 'OrderHed', HEAD_READ_ONLY);
  checkShipping(ctx, head, (column) => before[column] !== head[column]);
  return ctx.store.touch(head);
}

function deleteHeader(ctx: Ctx, row: Row): void {
  const head = ctx.store.orderHeds.get(ctx.company, Number(row.OrderNum));
  if (!head) throw bl(`Sales order ${String(row.OrderNum)} not found.`, 'OrderHed', 'OrderNum');
  const of = (r: Row) => r.Company === head.Company && r.OrderNum === head.OrderNum;
  for (const d of ctx.store.orderDtls.all().filter(of)) ctx.store.orderDtls.delete(d);
  for (const m of ctx.store.orderMscs.all().filter(of)) ctx.store.orderMscs.delete(m);
  ctx.store.orderHeds.delete(head);
}

// ---- lines ----------------------------------------------------------------------------------

function newOrderDtl(ctx: Ctx, ds: Ds, orderNum: number): Row {
  const existing = [...ctx.store.orderDtls.all(ctx.company), ...ds.OrderDtl].filter((r) => Number(r.OrderNum) === orderNum);
  const line = Math.max(0, ...existing.map((r) => Number(r.OrderLine) || 0)) + 1;
  return {
    Company: ctx.company,
    OrderNum: orderNum,
    OrderLine: line,
    LineType: 'PART',
    PartNum: '',
    LineDesc: '',
    Reference: '',
    IUM: '',
    SalesUM: '',
    SellingQuantity: new Dec('0'),
    OrderQty: new Dec('0'),
    UnitPrice: new Dec('0'),
    DocUnitPrice: new Dec('0'),
    DocExtPriceDtl: new Dec('0.00'),
    OverridePriceList: false,
    LockPrice: false,
    OpenLine: true,
    NeedByDate: null,
    RequestDate: null,
    SysRevID: 0,
    SysRowID: randomUUID(),
    RowMod: 'A',
  };
}

const DTL_READ_ONLY = ['Company', 'OrderNum', 'OrderLine', 'DocExtPriceDtl'];

function checkLine(ctx: Ctx, row: Row, marks: RowMarks | undefined): Row {
  if (marks && (!marks.partNum || marks.partNum.toUpperCase() !== String(row.PartNum ?? '').toUpperCase()))
    throw bl(`Part ${String(row.PartNum ?? '')} was not validated: call ChangePartNum before MasterUpdate.`, 'OrderDtl', 'PartNum');
  const part = partFor(ctx, row.PartNum);
  const qty = dec(row.SellingQuantity, 'OrderDtl', 'SellingQuantity');
  if (decCmp(qty, new Dec('0')) <= 0) throw bl('Order Quantity must be greater than zero.', 'OrderDtl', 'SellingQuantity');
  if (marks && ctx.options.requireChangeSellingQuantity && (marks.sellingQty === undefined || decCmp(new Dec(marks.sellingQty), qty) !== 0))
    throw bl('The selling quantity was not validated: call ChangeSellingQuantity before MasterUpdate.', 'OrderDtl', 'SellingQuantity');
  if (decCmp(dec(row.DocUnitPrice, 'OrderDtl', 'DocUnitPrice'), new Dec('0')) < 0)
    throw bl('Unit price cannot be negative.', 'OrderDtl', 'DocUnitPrice');
  return part;
}

function addLine(ctx: Ctx, row: Row, validated: boolean): Row {
  const head = openOrder(ctx, row.OrderNum, 'OrderDtl');
  const part = checkLine(ctx, row, validated ? marksFor(ctx.store, row, 'OrderDtl') : undefined);
  const dtl = newOrderDtl(ctx, { OrderDtl: [] }, head.OrderNum as number);
  delete dtl.RowMod;
  if (validated) dtl.SysRowID = row.SysRowID;
  const requested = Number(row.OrderLine ?? 0);
  if (requested) {
    if (ctx.store.orderDtls.get(ctx.company, head.OrderNum, requested))
      throw bl(`Order line ${requested} already exists.`, 'OrderDtl', 'OrderLine');
    dtl.OrderLine = requested;
  }
  // The plain OData path (UpdateExt) defaults from the part master, as Epicor's UpdateExt does.
  Object.assign(dtl, { PartNum: part.PartNum, LineDesc: part.PartDescription, SalesUM: part.SalesUM, IUM: part.IUM });
  Object.assign(dtl, { UnitPrice: part.UnitPrice, DocUnitPrice: part.UnitPrice });
  assignColumns(dtl, row, orderDtlSchema, 'OrderDtl', DTL_READ_ONLY);
  dtl.PartNum = part.PartNum;
  dtl.OrderQty = dtl.SellingQuantity;
  dtl.UnitPrice = dtl.DocUnitPrice;
  extPrice(dtl);
  ctx.store.orderDtls.put(ctx.store.touch(dtl));
  addFirstRelease(ctx.store, dtl);
  ctx.store.addDemand(ctx.company, dtl.PartNum, dtl.OrderQty);
  recomputeTotals(ctx.store, head);
  return dtl;
}

function updateLine(ctx: Ctx, row: Row): Row {
  const head = openOrder(ctx, row.OrderNum, 'OrderDtl');
  const dtl = ctx.store.orderDtls.get(ctx.company, head.OrderNum, Number(row.OrderLine));
  if (!dtl) throw bl(`Order line ${String(row.OrderLine)} not found.`, 'OrderDtl', 'OrderLine');
  checkRevision(dtl, row, 'OrderDtl');
  const merged = { ...dtl, ...row };
  const partChanged = String(merged.PartNum).toUpperCase() !== String(dtl.PartNum).toUpperCase();
  const qtyChanged = decCmp(dec(merged.SellingQuantity, 'OrderDtl', 'SellingQuantity'), dtl.SellingQuantity as Dec) !== 0;
  const marks = partChanged || qtyChanged ? marksFor(ctx.store, row, 'OrderDtl') : undefined;
  if (marks && !partChanged) marks.partNum ??= String(dtl.PartNum);
  checkLine(ctx, merged, marks);
  assignColumns(dtl, row, orderDtlSchema, 'OrderDtl', DTL_READ_ONLY);
  dtl.OrderQty = dtl.SellingQuantity;
  dtl.UnitPrice = dtl.DocUnitPrice;
  extPrice(dtl);
  ctx.store.touch(dtl);
  recomputeTotals(ctx.store, head);
  return dtl;
}

function deleteLine(ctx: Ctx, row: Row): void {
  const head = openOrder(ctx, row.OrderNum, 'OrderDtl');
  const dtl = ctx.store.orderDtls.get(ctx.company, head.OrderNum, Number(row.OrderLine));
  if (!dtl) throw bl(`Order line ${String(row.OrderLine)} not found.`, 'OrderDtl', 'OrderLine');
  deleteReleases(ctx.store, dtl);
  ctx.store.orderDtls.delete(dtl);
  for (const m of ctx.store.orderMscs.all(ctx.company)) {
    if (m.OrderNum === head.OrderNum && m.OrderLine === dtl.OrderLine) ctx.store.orderMscs.delete(m);
  }
  recomputeTotals(ctx.store, head);
}

// ---- misc charges ---------------------------------------------------------------------------

function newOrderMsc(ctx: Ctx, ds: Ds, orderNum: number, orderLine: number): Row {
  const existing = [...ctx.store.orderMscs.all(ctx.company), ...(ds.OHOrderMsc ?? []), ...(ds.OrderMsc ?? [])].filter(
    (r) => Number(r.OrderNum) === orderNum && Number(r.OrderLine) === orderLine,
  );
  return {
    Company: ctx.company,
    OrderNum: orderNum,
    OrderLine: orderLine,
    SeqNum: Math.max(0, ...existing.map((r) => Number(r.SeqNum) || 0)) + 1,
    MiscCode: '',
    Description: '',
    DocMiscAmt: new Dec('0.00'),
    MiscAmt: new Dec('0.00'),
    SysRevID: 0,
    SysRowID: randomUUID(),
    RowMod: 'A',
  };
}

function upsertMisc(ctx: Ctx, row: Row, table: string): Row {
  const head = openOrder(ctx, row.OrderNum, table);
  const orderLine = Number(row.OrderLine ?? 0);
  if (mscTable(orderLine) !== table)
    throw bl(table === 'OrderMsc' ? 'A line misc charge needs an OrderLine; header charges go in OHOrderMsc.' : 'OHOrderMsc rows are header-level (OrderLine 0).', table, 'OrderLine');
  if (orderLine && !ctx.store.orderDtls.get(ctx.company, head.OrderNum, orderLine))
    throw bl(`Order line ${orderLine} not found.`, 'OrderMsc', 'OrderLine');
  const code = String(row.MiscCode ?? '');
  const description = ctx.store.miscCodes.get(code.toUpperCase());
  if (description === undefined) throw bl(`Miscellaneous charge code '${code}' is not valid.`, 'OrderMsc', 'MiscCode');
  let msc = ctx.store.orderMscs.get(ctx.company, head.OrderNum, orderLine, Number(row.SeqNum ?? 0));
  if (row.RowMod === 'U') {
    if (!msc) throw bl('Miscellaneous charge not found.', 'OrderMsc', 'SeqNum');
    checkRevision(msc, row, 'OrderMsc');
  } else {
    if (msc) throw bl('Miscellaneous charge already exists.', 'OrderMsc', 'SeqNum');
    msc = newOrderMsc(ctx, { OrderMsc: [] }, head.OrderNum as number, orderLine);
    delete msc.RowMod;
    if (typeof row.SysRowID === 'string' && row.SysRowID) msc.SysRowID = row.SysRowID;
    if (Number(row.SeqNum)) msc.SeqNum = Number(row.SeqNum);
  }
  assignColumns(msc, row, orderMscSchema, 'OrderMsc', ['Company', 'OrderNum', 'OrderLine', 'SeqNum', 'MiscAmt']);
  msc.MiscCode = code.toUpperCase();
  if (!msc.Description) msc.Description = description;
  msc.MiscAmt = msc.DocMiscAmt;
  ctx.store.orderMscs.put(ctx.store.touch(msc));
  recomputeTotals(ctx.store, head);
  return msc;
}

function deleteMisc(ctx: Ctx, row: Row): void {
  const head = openOrder(ctx, row.OrderNum, 'OrderMsc');
  const msc = ctx.store.orderMscs.get(ctx.company, head.OrderNum, Number(row.OrderLine ?? 0), Number(row.SeqNum ?? 0));
  if (!msc) throw bl('Miscellaneous charge not found.', 'OrderMsc', 'SeqNum');
  ctx.store.orderMscs.delete(msc);
  recomputeTotals(ctx.store, head);
}

// ---- MasterUpdate ---------------------------------------------------------------------------

const MASTER_TABLES = ['OrderHed', 'OrderDtl', 'OHOrderMsc', 'OrderMsc', 'OrderRel'];

/** Applies every row with a RowMod ('A' add, 'U' update, 'D' delete; '' = unchanged) and returns the order's ds. */
function applyDs(ctx: Ctx, ds: Ds, iOrderNum: number | undefined): Ds {
  let orderNum = iOrderNum || 0;
  for (const row of ds.OrderHed) {
    if (row.RowMod === 'A') {
      if (iOrderNum) throw bl(`iOrderNum must be 0 when adding an order (got ${iOrderNum}).`, 'OrderHed', 'OrderNum');
      orderNum = addHeader(ctx, row, true).OrderNum as number;
    } else if (row.RowMod === 'U') orderNum = updateHeader(ctx, row).OrderNum as number;
    else if (row.RowMod === 'D') {
      deleteHeader(ctx, row);
      return { OrderHed: [], OrderDtl: [], OHOrderMsc: [], OrderMsc: [], OrderRel: [] };
    } else if (!orderNum && Number(row.OrderNum)) orderNum = Number(row.OrderNum);
  }
  const touched: Row[] = [];
  for (const row of ds.OrderDtl) {
    if (!row.RowMod) continue;
    if (iOrderNum && Number(row.OrderNum) !== iOrderNum)
      throw bl(`Line belongs to order ${String(row.OrderNum)}, not iOrderNum ${iOrderNum}.`, 'OrderDtl', 'OrderNum');
    if (row.RowMod === 'A') addLine(ctx, row, true);
    else if (row.RowMod === 'U') touched.push(updateLine(ctx, row));
    else if (row.RowMod === 'D') deleteLine(ctx, row);
    orderNum ||= Number(row.OrderNum);
  }
  for (const row of ds.OrderRel) {
    if (!row.RowMod) continue;
    if (row.RowMod !== 'U') throw bl('The simulator only updates releases (RowMod U).', 'OrderRel', 'OrderRelNum');
    openOrder(ctx, row.OrderNum, 'OrderRel');
    updateRelease(ctx, row);
    const dtl = ctx.store.orderDtls.get(ctx.company, Number(row.OrderNum), Number(row.OrderLine));
    if (dtl && !touched.includes(dtl)) touched.push(dtl);
    orderNum ||= Number(row.OrderNum);
  }
  for (const dtl of touched) checkReleases(ctx, dtl);
  for (const table of ['OHOrderMsc', 'OrderMsc']) {
    for (const row of ds[table]) {
      if (!row.RowMod) continue;
      if (row.RowMod === 'D') deleteMisc(ctx, row);
      else upsertMisc(ctx, row, table);
      orderNum ||= Number(row.OrderNum);
    }
  }
  if (!orderNum) throw bl('Nothing to update: no row has RowMod A, U or D.');
  return orderDs(ctx.store, ctx.company, orderNum);
}

function masterUpdate(ctx: Ctx, input: Row): unknown {
  const table = input.cTableName;
  if (typeof table !== 'string' || !MASTER_TABLES.includes(table))
    throw badRequest(`cTableName must be one of ${MASTER_TABLES.join(', ')} (got '${String(table)}').`);
  const ds = ctx.store.atomically(() => applyDs(ctx, readDs(input, DS_TABLES), Number(input.iOrderNum ?? 0)));
  return {
    parameters: {
      ds,
      lContinue: true,
      cResponseMsg: '',
      cCreditShipAction: '',
      cDisplayMsg: '',
      cCompliantMsg: '',
      cResponseMsgOrdRel: '',
      cAgingMessage: '',
      cShipByDateMessage: '',
      cNeedByDateMessage: '',
    },
  };
}

// ---- Change… methods ------------------------------------------------------------------------

function changeCustomer(ctx: Ctx, input: Row): unknown {
  const ds = readDs(input, DS_TABLES);
  const row = currentRow(ds, 'OrderHed');
  const marks = marksFor(ctx.store, row, 'OrderHed');
  applyCustomer(row, customerFor(ctx, row.CustNum), marks);
  return { parameters: { ds } };
}

function changeCustomerCustID(ctx: Ctx, input: Row): unknown {
  const ds = readDs(input, DS_TABLES);
  const row = currentRow(ds, 'OrderHed');
  const marks = marksFor(ctx.store, row, 'OrderHed');
  const custId = String(input.proposedCustomerCustID ?? '');
  const found = ctx.store.findCustomerById(ctx.company, custId);
  if (!found) throw bl(`Customer ${custId} not found.`, 'OrderHed', 'CustomerCustID');
  applyCustomer(row, customerFor(ctx, found.CustNum), marks);
  return { parameters: { ds, creditLimitMessage: '', agingMessage: '' } };
}

function changePart(ctx: Ctx, ds: Ds, uomCode: unknown): Row {
  const row = currentRow(ds, 'OrderDtl');
  const marks = marksFor(ctx.store, row, 'OrderDtl');
  const part = partFor(ctx, row.PartNum);
  const uom = typeof uomCode === 'string' && uomCode ? uomCode : (part.SalesUM as string);
  if (uom.toUpperCase() !== String(part.SalesUM).toUpperCase() && uom.toUpperCase() !== String(part.IUM).toUpperCase())
    throw bl(`Unit of measure ${uom} is not valid for part ${String(part.PartNum)}.`, 'OrderDtl', 'SalesUM');
  Object.assign(row, {
    PartNum: part.PartNum,
    LineDesc: part.PartDescription,
    LineType: 'PART',
    SalesUM: uom,
    IUM: part.IUM,
    UnitPrice: part.UnitPrice,
    DocUnitPrice: part.UnitPrice,
  });
  extPrice(row);
  marks.partNum = part.PartNum as string;
  return row;
}

function changeSellingQty(ctx: Ctx, ds: Ds, qtyIn: unknown, keepPrice: unknown): Row {
  const row = currentRow(ds, 'OrderDtl');
  const marks = marksFor(ctx.store, row, 'OrderDtl');
  if (!marks.partNum && !isStoredRow(ctx.store, String(row.SysRowID))) throw bl('Part number is required before the quantity.', 'OrderDtl', 'PartNum');
  const qty = dec(qtyIn, 'OrderDtl', 'SellingQuantity');
  if (decCmp(qty, new Dec('0')) <= 0) throw bl('Order Quantity must be greater than zero.', 'OrderDtl', 'SellingQuantity');
  if (row.RowMod === 'U') followLineQuantity(ds, row, dec(row.SellingQuantity, 'OrderDtl', 'SellingQuantity'), qty);
  row.SellingQuantity = qty;
  row.OrderQty = qty;
  if (keepPrice !== true) {
    const part = partFor(ctx, row.PartNum);
    row.UnitPrice = part.UnitPrice;
    row.DocUnitPrice = part.UnitPrice;
  }
  extPrice(row);
  marks.sellingQty = qty.text;
  return row;
}

export const salesOrderSvc: ServiceDef = {
  name: 'Erp.BO.SalesOrderSvc',
  sets: {
    SalesOrders: {
      table: (s) => s.orderHeds,
      schema: orderHedSchema,
      keys: ['Company', 'OrderNum'],
      nav: {
        OrderDtls: { set: 'OrderDtls', link: [['Company', 'Company'], ['OrderNum', 'OrderNum']] },
        OHOrderMscs: { set: 'OHOrderMscs', link: [['Company', 'Company'], ['OrderNum', 'OrderNum']] },
      },
      // Plain OData create (LEAF's production path): UpdateExt, no Change… calls, still the same rules.
      create: (ctx, body) => {
        if (body.Company !== undefined && body.Company !== ctx.company) throw badRequest('Company in the body does not match the URL.');
        return addHeader(ctx, body, false);
      },
      patch: (ctx, row, body) => {
        updateHeader(ctx, { ...body, OrderNum: row.OrderNum });
      },
    },
    OrderDtls: {
      table: (s) => s.orderDtls,
      schema: orderDtlSchema,
      keys: ['Company', 'OrderNum', 'OrderLine'],
      // Releases and line charges hang off lines; SalesOrders has no OrderRels/OrderMscs navigation.
      nav: { OrderMscs: { set: 'OrderMscs', link: [['Company', 'Company'], ['OrderNum', 'OrderNum'], ['OrderLine', 'OrderLine']] } },
      create: (ctx, body) => addLine(ctx, body, false),
    },
    OHOrderMscs: {
      table: (s) => s.orderMscs,
      where: headerLevel,
      schema: orderMscSchema,
      keys: ['Company', 'OrderNum', 'OrderLine', 'SeqNum'],
    },
    OrderMscs: {
      table: (s) => s.orderMscs,
      where: (r) => !headerLevel(r),
      schema: orderMscSchema,
      keys: ['Company', 'OrderNum', 'OrderLine', 'SeqNum'],
    },
  },
  methods: {
    GetNewOrderHed: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        const row = newOrderHed(ctx);
        ctx.store.marks.set(row.SysRowID as string, {});
        ds.OrderHed.push(row);
        return { parameters: { ds } };
      },
    },
    ChangeCustomer: { verb: 'POST', run: changeCustomer },
    ChangeSoldToID: { verb: 'POST', run: changeCustomer },
    ChangeOrderHedCustomerCustID: { verb: 'POST', run: changeCustomerCustID },
    GetNewOrderDtl: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        const head = openOrder(ctx, intParam(input, 'orderNum'), 'OrderDtl');
        const row = newOrderDtl(ctx, ds, head.OrderNum as number);
        ctx.store.marks.set(row.SysRowID as string, {});
        ds.OrderDtl.push(row);
        return { parameters: { ds } };
      },
    },
    ChangePartNum: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        changePart(ctx, ds, input.uomCode);
        return { parameters: { ds } };
      },
    },
    ChangePartNumMaster: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        if (typeof input.partNum === 'string') currentRow(ds, 'OrderDtl').PartNum = input.partNum;
        changePart(ctx, ds, input.uomCode);
        return {
          parameters: { ds, partNum: currentRow(ds, 'OrderDtl').PartNum, lSubstitutePartExist: false, lIsPhantom: false, uomCode: currentRow(ds, 'OrderDtl').SalesUM, cDeleteComponentsMessage: '', questionString: '', cWarningMessage: '', multipleMatch: false, promptToExplodeBOM: false, cConfigPartMessage: '', cSubPartMessage: '', explodeBOMerrMessage: '', cMsgType: '', multiSubsAvail: false, runOutQtyAvail: false },
        };
      },
    },
    ChangeSellingQuantity: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        changeSellingQty(ctx, ds, input.ipSellingQuantity, input.lKeepUnitPrice);
        return { parameters: { ds, opWarningMsg: '' } };
      },
    },
    ChangeSellingQtyMaster: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        changeSellingQty(ctx, ds, input.ipSellingQuantity, input.lKeepUnitPrice);
        return { parameters: { ds, pcPartNum: currentRow(ds, 'OrderDtl').PartNum, pcWhseCode: '', pcBinNum: '', pcLotNum: '', pcAttributeSetID: 0, pcDimCode: '', pdDimConvFactor: 1, pcNeqQtyAction: '', opWarningMsg: '', cSellingQuantityChangedMsgText: '' } };
      },
    },
    /** Header-level misc charge (freight, handling): a new OHOrderMsc row. */
    GetNewOHOrderMsc: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        const head = openOrder(ctx, intParam(input, 'orderNum'), 'OHOrderMsc');
        ds.OHOrderMsc.push(newOrderMsc(ctx, ds, head.OrderNum as number, 0));
        return { parameters: { ds } };
      },
    },
    /** Line-level misc charge: orderLine must name an existing line. */
    GetNewOrderMsc: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        const head = openOrder(ctx, intParam(input, 'orderNum'), 'OrderMsc');
        const orderLine = intParam(input, 'orderLine');
        if (!orderLine || !ctx.store.orderDtls.get(ctx.company, head.OrderNum, orderLine))
          throw bl(`Order line ${orderLine} not found (header charges use GetNewOHOrderMsc).`, 'OrderMsc', 'OrderLine');
        ds.OrderMsc.push(newOrderMsc(ctx, ds, head.OrderNum as number, orderLine));
        return { parameters: { ds } };
      },
    },
    /** The screen calls it after a price is typed: recomputes the extended price from DocUnitPrice. */
    ChangeUnitPrice: {
      verb: 'POST',
      run: (ctx, input) => {
        const ds = readDs(input, DS_TABLES);
        const row = currentRow(ds, 'OrderDtl');
        marksFor(ctx.store, row, 'OrderDtl');
        if (decCmp(dec(row.DocUnitPrice, 'OrderDtl', 'DocUnitPrice'), new Dec('0')) < 0) throw bl('Unit price cannot be negative.', 'OrderDtl', 'DocUnitPrice');
        row.UnitPrice = row.DocUnitPrice;
        extPrice(row);
        return { parameters: { ds } };
      },
    },
    MasterUpdate: { verb: 'POST', run: masterUpdate },
    /** Generic BO Update {ds} (BEDROCK's route): same rules as MasterUpdate. */
    Update: { verb: 'POST', run: (ctx, input) => ({ parameters: { ds: ctx.store.atomically(() => applyDs(ctx, readDs(input, DS_TABLES), undefined)) } }) },
    // Read-only methods are GET with query parameters (reference section 2, EPY).
    GetByID: {
      verb: 'GET',
      run: (ctx, input) => ({ returnObj: orderDs(ctx.store, ctx.company, intParam(input, 'orderNum')) }),
    },
    CloseOrder: {
      verb: 'POST',
      run: (ctx, input) => {
        const orderNum = intParam(input, 'iOrderNum');
        const head = ctx.store.orderHeds.get(ctx.company, orderNum);
        if (!head) throw bl(`Sales order ${orderNum} not found.`, 'OrderHed', 'OrderNum');
        head.OpenOrder = false;
        ctx.store.touch(head);
        for (const d of ctx.store.orderDtls.all(ctx.company)) {
          if (d.OrderNum === orderNum) closeLine(ctx.store, d);
        }
        return { parameters: { ds: orderDs(ctx.store, ctx.company, orderNum) } };
      },
    },
    /** Closes one line and its releases: what has not shipped will not ship. A closed line stays closed. */
    CloseOrderLine: {
      verb: 'POST',
      run: (ctx, input) => {
        const orderNum = intParam(input, 'iOrderNum');
        const head = openOrder(ctx, orderNum, 'OrderDtl');
        const dtl = ctx.store.orderDtls.get(ctx.company, head.OrderNum, intParam(input, 'iOrderLine'));
        if (!dtl) throw bl(`Order line ${String(input.iOrderLine)} not found.`, 'OrderDtl', 'OrderLine');
        closeLine(ctx.store, dtl);
        return { returnObj: orderDs(ctx.store, ctx.company, orderNum) };
      },
    },
  },
};
