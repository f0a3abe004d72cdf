import { randomUUID } from 'node:crypto';
import { dateOnly, dateTimeNoZone, secondsSinceMidnight } from './clock';
import { Dec, decAdd, toDec } from './decimal';
import type { Row } from './schema';
import type { SimCustomerInput, SimPartInput, SimSeed, SimShipToInput, SimWarehouseQtyInput } from './types';

/**
 * One table: rows keyed by their primary key. Keys compare case-insensitively because Epicor's SQL
 * collation does ('widget-100' finds 'WIDGET-100').
 */
export class Table {
  private rows = new Map<string, Row>();
  constructor(readonly keys: string[]) {}

  private id(values: unknown[]): string {
    return JSON.stringify(values.map((v) => (typeof v === 'string' ? v.toUpperCase() : String(v))));
  }
  get(...values: unknown[]): Row | undefined {
    return this.rows.get(this.id(values));
  }
  put(row: Row): Row {
    this.rows.set(this.id(this.keys.map((k) => row[k])), row);
    return row;
  }
  delete(row: Row): void {
    this.rows.delete(this.id(this.keys.map((k) => row[k])));
  }
  all(company?: string): Row[] {
    const all = [...this.rows.values()];
    return company === undefined ? all : all.filter((r) => r.Company === company);
  }
  clear(): void {
    this.rows.clear();
  }
  /** Shallow row copies: enough to undo a failed multi-row update (Dec values are immutable). */
  snapshot(): Map<string, Row> {
    return new Map([...this.rows].map(([k, r]) => [k, { ...r }]));
  }
  restore(snapshot: Map<string, Row>): void {
    this.rows = snapshot;
  }
}

/** What the sim remembers about a ds row between calls, keyed by SysRowID (never sent to clients). */
export interface RowMarks {
  custNum?: number;
  partNum?: string;
  sellingQty?: string;
  /** GetNewInvcHeadType's InvoiceType: the header's kind is fixed by the call, not by what the client sends back. */
  invoiceType?: string;
}

export interface StoreOptions {
  defaultCompany: string;
  /** Every company the sim serves: rows of CompanySvc's Companies. */
  companies?: string[];
  now: () => number;
  sysRevIdStart: bigint;
  changedBy: string;
  miscCodes?: Record<string, string>;
  returnReasons?: string[];
  /** Country.CountryNum -> ISO code (tenant data: the numbers differ between installations). */
  countries?: Record<number, string>;
  /** ShipVia codes (ShipVia table). */
  shipVias?: string[];
}

/** The sim's Country table: Kinetic numbers countries per tenant, these are this simulated tenant's. */
export const SIM_COUNTRIES: Record<number, string> = {
  1: 'US', 2: 'CA', 3: 'MX', 4: 'GB', 5: 'DE', 6: 'FR', 7: 'NL', 8: 'AT', 9: 'CH', 10: 'IT', 11: 'ES', 12: 'BE', 13: 'IE', 14: 'AU',
};

export class Store {
  parts = new Table(['Company', 'PartNum']);
  partWhses = new Table(['Company', 'PartNum', 'Plant', 'WarehouseCode']);
  customers = new Table(['Company', 'CustNum']);
  /** Customer ship-to addresses; ShipToNum '' is the customer's own address, kept in step with the Customer row. */
  shipTos = new Table(['Company', 'CustNum', 'ShipToNum']);
  orderHeds = new Table(['Company', 'OrderNum']);
  orderDtls = new Table(['Company', 'OrderNum', 'OrderLine']);
  orderMscs = new Table(['Company', 'OrderNum', 'OrderLine', 'SeqNum']);
  /** Order releases (order-releases.ts): what ships, and what shipped. */
  orderRels = new Table(['Company', 'OrderNum', 'OrderLine', 'OrderRelNum']);
  rmaHeads = new Table(['Company', 'RMANum']);
  rmaDtls = new Table(['Company', 'RMANum', 'RMALine']);
  invcHeads = new Table(['Company', 'InvoiceNum']);
  invcDtls = new Table(['Company', 'InvoiceNum', 'InvoiceLine']);
  invcGrps = new Table(['Company', 'GroupID']);
  /** Companies: OData spells the key column Company1 (Kinetic schema); not cleared by reset. */
  companies = new Table(['Company1']);
  marks = new Map<string, RowMarks>();
  /** Set: RMACreditAdd creates nothing and answers this in opErrMsg. */
  rmaCreditRefusal = '';
  /** MiscCode -> description; an order misc charge must use one of these. */
  miscCodes: Map<string, string>;
  /** RMA return reason codes (Reason table, type RMA): tenant data, so an unknown code is refused. */
  returnReasons: Set<string>;
  countries: Map<number, string>;
  shipVias: Set<string>;

  private rev: bigint;
  private next = { custNum: 100, orderNum: 5000, rmaNum: 1000, invoiceNum: 90000 };
  private tables: Table[];

  constructor(readonly opts: StoreOptions) {
    this.rev = opts.sysRevIdStart;
    const codes = opts.miscCodes ?? { FRT: 'Freight', HAND: 'Handling', FEE: 'Fee', DISC: 'Discount' };
    const reasons = opts.returnReasons ?? ['WEB', 'DAMAGED', 'DEFECT', 'WRONGITEM', 'NOLONGERNEEDED', 'OTHER'];
    this.returnReasons = new Set(reasons.map((r) => r.toUpperCase()));
    this.miscCodes = new Map(Object.entries(codes).map(([code, text]) => [code.toUpperCase(), text]));
    this.countries = new Map(Object.entries(opts.countries ?? SIM_COUNTRIES).map(([num, iso]) => [Number(num), iso.toUpperCase()]));
    this.shipVias = new Set((opts.shipVias ?? ['UPS', 'FEDEX', 'DHL', 'WILLCALL', 'BEST']).map((c) => c.toUpperCase()));
    this.tables = [this.parts, this.partWhses, this.customers, this.shipTos, this.orderHeds, this.orderDtls, this.orderMscs, this.orderRels];
    this.tables.push(this.rmaHeads, this.rmaDtls, this.invcHeads, this.invcDtls, this.invcGrps);
    // Not touched: company rows consume no SysRevID, so the other tables' numbering stays as tests expect.
    for (const company of opts.companies ?? [opts.defaultCompany]) this.companies.put({ Company1: company, Name: company, SysRevID: 0n, SysRowID: randomUUID() });
  }

  reset(): void {
    for (const t of this.tables) t.clear();
    this.marks.clear();
    this.rmaCreditRefusal = '';
    this.next = { custNum: 100, orderNum: 5000, rmaNum: 1000, invoiceNum: 90000 };
    // SysRevID is a rowversion: it never goes back, not even when the sim is reset.
  }

  /**
   * Runs a multi-row write as one transaction: if any row is refused, the written tables (the order
   * tables unless told) go back to how they were, as Epicor rolls back the whole MasterUpdate/Update.
   * SysRevID and numbers stay consumed.
   */
  atomically<T>(fn: () => T, tables: Table[] = [this.orderHeds, this.orderDtls, this.orderMscs, this.orderRels]): T {
    const saved = tables.map((t) => t.snapshot());
    try {
      return fn();
    } catch (err) {
      tables.forEach((t, i) => t.restore(saved[i]));
      throw err;
    }
  }

  currentRev(): bigint {
    return this.rev;
  }

  nextNum(kind: keyof Store['next']): number {
    return ++this.next[kind];
  }

  /**
   * Every write bumps the database-wide SysRevID (reference section 4: SQL rowversion shared by all
   * tables) and the table's own change stamp: Part.ChangedOn, or ChangeDate (date only) + ChangeTime.
   */
  touch(row: Row): Row {
    row.SysRevID = ++this.rev;
    if (!row.SysRowID) row.SysRowID = randomUUID();
    const now = this.opts.now();
    if ('ChangedOn' in row) row.ChangedOn = dateTimeNoZone(now);
    if ('ChangeDate' in row) {
      row.ChangeDate = dateOnly(now);
      row.ChangeTime = secondsSinceMidnight(now);
    }
    if ('ChangedBy' in row) row.ChangedBy = this.opts.changedBy;
    return row;
  }

  seed(data: SimSeed): void {
    for (const p of data.parts ?? []) this.upsertPart(p);
    for (const c of data.customers ?? []) this.upsertCustomer(c);
    for (const w of data.warehouses ?? []) this.setStock(w);
  }

  upsertPart(p: SimPartInput): Row {
    const company = p.company ?? this.opts.defaultCompany;
    const existing = this.parts.get(company, p.partNum);
    const row: Row = existing ?? {
      Company: company,
      PartNum: p.partNum,
      PartDescription: '',
      TypeCode: 'P',
      UnitPrice: new Dec('0'),
      SalesUM: 'EA',
      IUM: 'EA',
      InActive: false,
      WebPart: false,
      CreatedBy: this.opts.changedBy,
      CreatedOn: dateTimeNoZone(this.opts.now()),
      ChangedOn: null,
      SysRevID: 0n,
      SysRowID: '',
    };
    applyPartChanges(row, p as SimPartInput & Row);
    return this.parts.put(this.touch(row));
  }

  updatePart(partNum: string, changes: Partial<SimPartInput> & Row, company = this.opts.defaultCompany): Row {
    const row = this.parts.get(company, partNum);
    if (!row) throw new Error(`no part ${partNum} in ${company}`);
    applyPartChanges(row, changes);
    return this.touch(row);
  }

  upsertCustomer(c: SimCustomerInput): Row {
    const company = c.company ?? this.opts.defaultCompany;
    const existing =
      (c.custNum !== undefined ? this.customers.get(company, c.custNum) : undefined) ??
      this.customers.all(company).find((r) => String(r.CustID).toUpperCase() === c.custId.toUpperCase());
    const custNum = (existing?.CustNum as number | undefined) ?? c.custNum ?? this.nextNum('custNum');
    if (c.custNum !== undefined && c.custNum > this.next.custNum) this.next.custNum = c.custNum;
    const row: Row = existing ?? newCustomerRow(company, custNum);
    const { shipTos, ...changes } = c;
    applyCustomerChanges(row, changes as Row);
    this.customers.put(this.touch(row));
    this.syncOwnShipTo(row);
    for (const t of shipTos ?? []) this.upsertShipTo(row, t);
    return row;
  }

  /** Real Kinetic creates a ShipTo with ShipToNum '' for every customer: the customer's own address. */
  syncOwnShipTo(cust: Row): void {
    const own = this.shipTos.get(cust.Company, cust.CustNum, '') ?? newShipToRow(cust, '');
    Object.assign(own, {
      Name: cust.Name,
      Address1: cust.Address1,
      Address2: cust.Address2,
      Address3: cust.Address3,
      City: cust.City,
      State: cust.State,
      ZIP: cust.Zip,
      Country: cust.Country,
      CountryNum: cust.CountryNum,
      PhoneNum: cust.PhoneNum,
    });
    this.shipTos.put(untracked(own));
  }

  upsertShipTo(cust: Row, t: SimShipToInput): Row {
    if (!t.shipToNum) throw new Error('a ship-to needs a shipToNum (the customer\'s own address is ShipToNum \'\')');
    const row = this.shipTos.get(cust.Company, cust.CustNum, t.shipToNum) ?? newShipToRow(cust, t.shipToNum);
    Object.assign(row, {
      Name: t.name ?? cust.Name,
      Address1: t.address1 ?? '',
      Address2: t.address2 ?? '',
      Address3: t.address3 ?? '',
      City: t.city ?? '',
      State: t.state ?? '',
      ZIP: t.zip ?? '',
      CountryNum: t.countryNum ?? 0,
      Country: t.countryNum ? (this.countries.get(t.countryNum) ?? '') : '',
      PhoneNum: t.phone ?? '',
      ShipViaCode: t.shipViaCode ?? '',
    });
    return this.shipTos.put(untracked(row));
  }

  updateCustomer(custNum: number, changes: Partial<SimCustomerInput> & Row, company = this.opts.defaultCompany): Row {
    const row = this.customers.get(company, custNum);
    if (!row) throw new Error(`no customer ${custNum} in ${company}`);
    applyCustomerChanges(row, changes);
    this.touch(row);
    this.syncOwnShipTo(row);
    return row;
  }

  findCustomerById(company: string, custId: string): Row | undefined {
    return this.customers.all(company).find((r) => String(r.CustID).toUpperCase() === custId.toUpperCase());
  }

  /**
   * A new order line is open demand at once, allocated or not (PartWhse.DemandQty of the part's primary
   * warehouse, here its first), and its row gets a new SysRevID: on a real Epicor the import moves the
   * warehouse row too. Shipping and closing orders are not modelled.
   */
  addDemand(company: string, partNum: unknown, qty: unknown): void {
    const row = this.partWhses.all(company).find((r) => r.PartNum === partNum);
    const add = toDec(qty);
    if (!row || !add) return;
    row.DemandQty = decAdd((row.DemandQty as Dec | undefined) ?? new Dec('0'), add);
    this.partWhses.put(this.touch(row));
  }

  /** Stock lives on PartWhse rows with their own SysRevID: a stock change does not touch the Part row. */
  setStock(w: SimWarehouseQtyInput): Row {
    const company = w.company ?? this.opts.defaultCompany;
    if (!this.parts.get(company, w.partNum)) throw new Error(`no part ${w.partNum} in ${company}`);
    const plant = w.plant ?? DEFAULT_PLANT;
    const row: Row = this.partWhses.get(company, w.partNum, plant, w.warehouseCode) ?? {
      Company: company,
      PartNum: this.parts.get(company, w.partNum)!.PartNum,
      Plant: plant,
      WarehouseCode: w.warehouseCode,
      WarehouseDescription: WAREHOUSE_NAMES[w.warehouseCode] ?? w.warehouseCode,
      OnHandQty: new Dec('0'),
      AllocatedQty: new Dec('0'),
      DemandQty: new Dec('0'),
      SysRevID: 0n,
      SysRowID: '',
    };
    row.OnHandQty = toDec(w.onHandQty) ?? new Dec('0');
    if (w.allocatedQty !== undefined) row.AllocatedQty = toDec(w.allocatedQty) ?? new Dec('0');
    if (w.demandQty !== undefined) row.DemandQty = toDec(w.demandQty) ?? new Dec('0');
    return this.partWhses.put(this.touch(row));
  }
}

/** Epicor's demo database names its plant MfgSys. */
export const DEFAULT_PLANT = 'MfgSys';

const WAREHOUSE_NAMES: Record<string, string> = { MAIN: 'Main Warehouse', EAST: 'East Distribution Center' };

function applyPartChanges(row: Row, p: Partial<SimPartInput> & Row): void {
  const { partNum: _p, description, unitPrice, salesUM, ium, inActive, webPart, company: _c, ...rest } = p;
  if (description !== undefined) row.PartDescription = description;
  if (unitPrice !== undefined) {
    const d = toDec(unitPrice);
    if (!d) throw new Error(`unitPrice must be a decimal string, got ${String(unitPrice)}`);
    row.UnitPrice = d;
  }
  if (salesUM !== undefined) row.SalesUM = salesUM;
  if (ium !== undefined) row.IUM = ium;
  if (inActive !== undefined) row.InActive = inActive;
  if (webPart !== undefined) row.WebPart = webPart;
  for (const [k, v] of Object.entries(rest)) {
    if (k === 'UnitPrice') row.UnitPrice = toDec(v) ?? row.UnitPrice;
    else if (!['Company', 'PartNum', 'SysRevID', 'SysRowID'].includes(k)) row[k] = v;
  }
}

function newCustomerRow(company: string, custNum: number): Row {
  return {
    Company: company,
    CustNum: custNum,
    CustID: '',
    Name: '',
    EMailAddress: '',
    Address1: '',
    Address2: '',
    Address3: '',
    City: '',
    State: '',
    Zip: '',
    Country: '',
    CountryISOCode: '',
    PhoneNum: '',
    WebCustomer: false,
    GroupCode: '',
    TermsCode: 'NET30',
    CurrencyCode: 'USD',
    ShipToNum: '',
    ShipViaCode: '',
    CountryNum: 0,
    // Kinetic's default for a new customer: one-time ship-to addresses must be allowed on purpose.
    AllowOTS: false,
    CreditHold: false,
    CheckDuplicatePO: false,
    ChangedBy: '',
    ChangeDate: null,
    ChangeTime: 0,
    SysRevID: 0n,
    SysRowID: '',
  };
}

const CUSTOMER_FIELDS: Record<string, string> = {
  custId: 'CustID',
  name: 'Name',
  email: 'EMailAddress',
  address1: 'Address1',
  address2: 'Address2',
  address3: 'Address3',
  city: 'City',
  state: 'State',
  zip: 'Zip',
  country: 'Country',
  phone: 'PhoneNum',
  termsCode: 'TermsCode',
  creditHold: 'CreditHold',
  checkDuplicatePO: 'CheckDuplicatePO',
  allowOts: 'AllowOTS',
  currencyCode: 'CurrencyCode',
  countryNum: 'CountryNum',
  shipViaCode: 'ShipViaCode',
};

/**
 * Ship-to rows take no SysRevID: nothing reads them incrementally, and seeding them must not shift the
 * customer and part watermarks tests expect.
 */
function untracked(row: Row): Row {
  if (!row.SysRowID) row.SysRowID = randomUUID();
  return row;
}

function newShipToRow(cust: Row, shipToNum: string): Row {
  return {
    Company: cust.Company,
    CustNum: cust.CustNum,
    ShipToNum: shipToNum,
    Name: '',
    Address1: '',
    Address2: '',
    Address3: '',
    City: '',
    State: '',
    ZIP: '',
    Country: '',
    CountryNum: 0,
    PhoneNum: '',
    ShipViaCode: '',
    SysRevID: 0n,
    SysRowID: '',
  };
}

function applyCustomerChanges(row: Row, c: Row): void {
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined || ['company', 'custNum', 'Company', 'CustNum', 'SysRevID', 'SysRowID'].includes(k)) continue;
    row[CUSTOMER_FIELDS[k] ?? k] = v;
  }
}
