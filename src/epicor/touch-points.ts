// The sync's column lists are imported, not copied, so a column added to a mapping is registered (and checked) at once.
import { CUSTOMER_SELECT } from '../mapping/customer-to-customer';
import { ONE_TIME_SHIP_TO_COLUMNS, SHIP_TO_SELECT } from '../mapping/ship-to';
import { PART_SELECT } from '../mapping/part-to-product';
import { PART_WHSE_SELECT } from '../mapping/stock';

/**
 * Every place the connector touches Epicor: entity sets with the columns it selects, filters, orders by or
 * writes, and business-object methods with the parameters it sends (in signature order) and the tableset
 * columns it sets. The client refuses a call that is not listed here, a contract test checks every entry
 * against the real Kinetic schema, and `npm run ping` probes each entry on the user's own Epicor. A new
 * call therefore starts here.
 */
export type ColumnType = 'string' | 'number' | 'boolean' | 'date';
export type ParamType = 'string' | 'number' | 'boolean' | 'tableset';

export interface SetTouchPoint {
  service: string;
  set: string;
  /** Columns in `$select` (and in create bodies: the probe reads back every column written). */
  select: string[];
  /** Columns in `$filter`, with their types (the ping builds a literal of that type). */
  filter: Record<string, ColumnType>;
  /** Columns in `$orderby`, including the keys the pager appends for a stable order. */
  orderBy: string[];
  /** Columns of a POST body (OData create). */
  create?: string[];
}

export interface MethodTouchPoint {
  service: string;
  method: string;
  /** Read-only BO methods are GET with query parameters. */
  verb: 'GET' | 'POST';
  /** Every parameter sent with its type, in the signature's order (all are required by the server). */
  params: Record<string, ParamType>;
  /** Tableset columns the connector sets before the call, by table. */
  writes?: Record<string, string[]>;
}

export const PART_SVC = 'Erp.BO.PartSvc';
export const CUSTOMER_SVC = 'Erp.BO.CustomerSvc';
export const SALES_ORDER_SVC = 'Erp.BO.SalesOrderSvc';
export const RMA_PROC_SVC = 'Erp.BO.RMAProcSvc';
export const AR_INVOICE_SVC = 'Erp.BO.ARInvoiceSvc';
export const INVC_GRP_SVC = 'Erp.BO.InvcGrpSvc';

export const SET_TOUCH_POINTS: SetTouchPoint[] = [
  {
    service: PART_SVC,
    set: 'Parts',
    select: PART_SELECT,
    filter: { SysRevID: 'number', ChangedOn: 'date', PartNum: 'string' },
    orderBy: ['SysRevID', 'ChangedOn', 'PartNum'],
  },
  {
    service: PART_SVC,
    set: 'PartWhses',
    select: PART_WHSE_SELECT,
    filter: { SysRevID: 'number', PartNum: 'string' },
    orderBy: ['SysRevID', 'PartNum', 'Plant', 'WarehouseCode'],
  },
  {
    service: CUSTOMER_SVC,
    set: 'Customers',
    select: [...CUSTOMER_SELECT, 'CreditHold', 'CurrencyCode', 'AllowOTS'],
    filter: { SysRevID: 'number', EMailAddress: 'string', CustID: 'string', CustNum: 'number' },
    orderBy: ['SysRevID', 'CustNum'],
    create: ['CustID', 'Name', 'EMailAddress', 'Address1', 'Address2', 'City', 'State', 'Zip', 'Country', 'CountryNum', 'PhoneNum', 'AllowOTS'],
  },
  {
    // The customer's ship-to addresses, to use a known ShipToNum instead of a one-time address (order-ship-to.ts).
    service: CUSTOMER_SVC,
    set: 'ShipToes',
    select: SHIP_TO_SELECT,
    filter: { CustNum: 'number' },
    orderBy: ['CustNum', 'ShipToNum'],
  },
  {
    service: SALES_ORDER_SVC,
    set: 'SalesOrders',
    // PONum: the stock sync asks which recent web orders Epicor already has (web-demand.ts).
    select: ['OrderNum', 'CustNum', 'CustomerCustID', 'OrderHeld', 'OpenOrder', 'VoidOrder', 'PONum'],
    filter: { PONum: 'string' },
    orderBy: ['OrderNum'],
  },
  {
    service: SALES_ORDER_SVC,
    set: 'OrderDtls',
    select: ['OrderLine', 'Reference', 'PartNum', 'SellingQuantity', 'DocUnitPrice', 'SalesUM'],
    filter: { OrderNum: 'number', Reference: 'string' },
    orderBy: ['OrderLine'],
  },
  { service: SALES_ORDER_SVC, set: 'OHOrderMscs', select: ['SeqNum'], filter: { OrderNum: 'number', Description: 'string' }, orderBy: [] },
  {
    service: RMA_PROC_SVC,
    set: 'RMAProcs',
    select: ['RMANum'],
    filter: { RMAComment: 'string' },
    orderBy: [],
    create: ['RMANum', 'CustNum', 'BTCustNum', 'RMADate', 'OpenRMA', 'RMAComment'],
  },
  {
    service: RMA_PROC_SVC,
    set: 'RMADtls',
    select: ['RMALine'],
    filter: { RMANum: 'number', ECCComment: 'string' },
    orderBy: ['RMALine'],
    create: ['RMANum', 'RMALine', 'OrderNum', 'OrderLine', 'PartNum', 'ReturnQty', 'ReturnQtyUOM', 'ReturnReasonCode', 'ECCComment', 'Note'],
  },
  {
    service: AR_INVOICE_SVC,
    set: 'ARInvoices',
    select: ['InvoiceNum', 'DocInvoiceAmt'],
    filter: { InvoiceComment: 'string', CreditMemo: 'boolean' },
    orderBy: ['InvoiceNum'],
  },
  {
    service: AR_INVOICE_SVC,
    set: 'InvcDtls',
    select: ['InvoiceNum', 'InvoiceLine', 'RMALine', 'DocExtPrice', 'InvoiceComment'],
    filter: { InvoiceNum: 'number', RMANum: 'number', RMALine: 'number' },
    orderBy: ['InvoiceLine'],
  },
  { service: INVC_GRP_SVC, set: 'InvcGrps', select: ['GroupID'], filter: { GroupID: 'string' }, orderBy: [] },
];

export const METHOD_TOUCH_POINTS: MethodTouchPoint[] = [
  { service: SALES_ORDER_SVC, method: 'GetByID', verb: 'GET', params: { orderNum: 'number' } },
  { service: SALES_ORDER_SVC, method: 'GetNewOrderHed', verb: 'POST', params: { ds: 'tableset' } },
  { service: SALES_ORDER_SVC, method: 'ChangeOrderHedCustomerCustID', verb: 'POST', params: { orderNum: 'number', proposedCustomerCustID: 'string', ds: 'tableset' } },
  {
    service: SALES_ORDER_SVC,
    method: 'MasterUpdate',
    verb: 'POST',
    params: {
      lCheckForOrderChangedMsg: 'boolean',
      lcheckForResponse: 'boolean',
      cTableName: 'string',
      iCustNum: 'number',
      iOrderNum: 'number',
      lweLicensed: 'boolean',
      ds: 'tableset',
    },
    writes: {
      OrderHed: [
        'PONum',
        'OrderHeld',
        // Where it ships and how (order-ship-to.ts).
        'ShipToNum',
        'ShipViaCode',
        'OrderComment',
        'NotifyEMail',
        ...ONE_TIME_SHIP_TO_COLUMNS,
      ],
      // OrderComment and OrderRel.SellingReqQty: a refund's unshipped units taken off a line (unshipped-refund.ts).
      OrderDtl: ['PartNum', 'DocUnitPrice', 'OverridePriceList', 'LockPrice', 'Reference', 'OrderComment'],
      OHOrderMsc: ['MiscCode', 'Description', 'DocMiscAmt'],
      OrderRel: ['SellingReqQty'],
    },
  },
  { service: SALES_ORDER_SVC, method: 'GetNewOrderDtl', verb: 'POST', params: { ds: 'tableset', orderNum: 'number' } },
  {
    service: SALES_ORDER_SVC,
    method: 'ChangePartNumMaster',
    verb: 'POST',
    params: {
      partNum: 'string',
      lSubstitutePartExist: 'boolean',
      lIsPhantom: 'boolean',
      uomCode: 'string',
      SysRowID: 'string',
      rowType: 'string',
      salesKitView: 'boolean',
      removeKitComponents: 'boolean',
      suppressUserPrompts: 'boolean',
      getPartXRefInfo: 'boolean',
      checkPartRevisionChange: 'boolean',
      checkChangeKitParent: 'boolean',
      ds: 'tableset',
    },
    writes: { OrderDtl: ['PartNum'] },
  },
  { service: SALES_ORDER_SVC, method: 'ChangeSellingQuantity', verb: 'POST', params: { ds: 'tableset', lKeepUnitPrice: 'boolean', ipSellingQuantity: 'number' } },
  { service: SALES_ORDER_SVC, method: 'ChangeUnitPrice', verb: 'POST', params: { ds: 'tableset' }, writes: { OrderDtl: ['DocUnitPrice'] } },
  { service: SALES_ORDER_SVC, method: 'GetNewOHOrderMsc', verb: 'POST', params: { ds: 'tableset', orderNum: 'number', orderLine: 'number' } },
  { service: SALES_ORDER_SVC, method: 'CloseOrder', verb: 'POST', params: { iOrderNum: 'number' } },
  // A refunded line with nothing shipped: what is left of it will not ship.
  { service: SALES_ORDER_SVC, method: 'CloseOrderLine', verb: 'POST', params: { iOrderNum: 'number', iOrderLine: 'number' } },
  { service: RMA_PROC_SVC, method: 'RMACreditAdd', verb: 'POST', params: { iRMANum: 'number', iRMALine: 'number', iCorrection: 'boolean', ds: 'tableset' } },
  { service: AR_INVOICE_SVC, method: 'GetNewInvcHeadType', verb: 'POST', params: { GroupID: 'string', InvoiceType: 'string', ds: 'tableset' } },
  { service: AR_INVOICE_SVC, method: 'GetNewInvcDtl', verb: 'POST', params: { ds: 'tableset', invoiceNum: 'number' } },
  {
    service: AR_INVOICE_SVC,
    method: 'Update',
    verb: 'POST',
    params: { ds: 'tableset' },
    writes: {
      InvcHead: ['CustNum', 'OrderNum', 'InvoiceComment'],
      InvcDtl: ['PartNum', 'OrderLine', 'LineDesc', 'SellingShipQty', 'DocUnitPrice', 'InvoiceComment'],
    },
  },
  { service: INVC_GRP_SVC, method: 'GetNewInvcGrp', verb: 'POST', params: { ds: 'tableset' } },
  { service: INVC_GRP_SVC, method: 'Update', verb: 'POST', params: { ds: 'tableset' }, writes: { InvcGrp: ['GroupID'] } },
];

/** The entity set whose rows have a tableset table's columns: where the ping reads written columns back. */
export const TABLE_SETS: Record<string, { service: string; set: string }> = {
  OrderHed: { service: SALES_ORDER_SVC, set: 'SalesOrders' },
  OrderDtl: { service: SALES_ORDER_SVC, set: 'OrderDtls' },
  OHOrderMsc: { service: SALES_ORDER_SVC, set: 'OHOrderMscs' },
  InvcHead: { service: AR_INVOICE_SVC, set: 'ARInvoices' },
  InvcDtl: { service: AR_INVOICE_SVC, set: 'InvcDtls' },
  InvcGrp: { service: INVC_GRP_SVC, set: 'InvcGrps' },
};

const sets = new Map(SET_TOUCH_POINTS.map((t) => [`${t.service}/${t.set}`, t]));
const methods = new Map(METHOD_TOUCH_POINTS.map((t) => [`${t.service}/${t.method}`, t]));

export const setTouchPoint = (service: string, set: string) => sets.get(`${service}/${set}`);
export const methodTouchPoint = (service: string, method: string) => methods.get(`${service}/${method}`);

/** Every column of a set the connector names anywhere: read, filtered, ordered, created or written through a method. */
export function knownColumns(t: SetTouchPoint): Set<string> {
  const table = Object.entries(TABLE_SETS).find(([, s]) => s.service === t.service && s.set === t.set)?.[0];
  const written = METHOD_TOUCH_POINTS.flatMap((m) => (table && m.writes?.[table]) || []);
  return new Set([...t.select, ...Object.keys(t.filter), ...t.orderBy, ...(t.create ?? []), ...written]);
}

/** Column names in a rendered `$filter` (quoted literals removed first, so a value never reads as a name). */
export function filterColumns(filter: string): string[] {
  const bare = filter.replace(/'(?:[^']|'')*'/g, "''");
  const names = new Set<string>();
  for (const m of bare.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s+(?:eq|ne|gt|ge|lt|le)\s/g)) names.add(m[1]);
  for (const m of bare.matchAll(/[a-z]+\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g)) names.add(m[1]);
  return [...names];
}

/**
 * Why a call is not a registered touch point, or undefined when it is. The client refuses unregistered calls:
 * a name missing here has not been checked against the Kinetic schema or probed by `npm run ping`.
 */
export function unregistered(
  call:
    | { kind: 'query'; service: string; set: string; select?: string[]; filter?: string; orderBy?: string[] }
    | { kind: 'create'; service: string; set: string; body: Record<string, unknown> }
    | { kind: 'method'; service: string; method: string; params: string[] },
): string | undefined {
  const where = 'src/epicor/touch-points.ts';
  if (call.kind === 'method') {
    const t = methodTouchPoint(call.service, call.method);
    if (!t) return `${call.service}/${call.method} is not in ${where}`;
    const listed = Object.keys(t.params);
    const extra = call.params.filter((p) => !listed.includes(p));
    const missing = listed.filter((p) => !call.params.includes(p));
    if (extra.length || missing.length)
      return `${call.service}/${call.method} is sent with parameters ${call.params.join(', ')}; ${where} lists ${listed.join(', ')}`;
    return undefined;
  }
  if (call.set === '' && call.kind === 'query') return undefined; // the service document (ping), no columns
  const t = setTouchPoint(call.service, call.set);
  if (!t) return `${call.service}/${call.set} is not in ${where}`;
  const known = knownColumns(t);
  const unknown =
    call.kind === 'create'
      ? Object.keys(call.body).filter((c) => !t.create?.includes(c))
      : [
          ...(call.select ?? []).filter((c) => !known.has(c)),
          ...filterColumns(call.filter ?? '').filter((c) => !(c in t.filter)),
          ...(call.orderBy ?? []).map((o) => o.trim().split(/\s+/)[0]).filter((c) => !known.has(c)),
        ];
  return unknown.length ? `${call.service}/${call.set} ${call.kind === 'create' ? 'create' : 'query'} uses ${unknown.join(', ')}, not in ${where}` : undefined;
}
