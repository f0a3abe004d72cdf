import type { ActivityDeps } from '../deps';
import { readAll, type EpicorClient } from '../../epicor';
import { f } from '../../epicor/odata';
import { formatDecimal } from '../../mapping/money';
import type { PlannedCharge, PlannedLine } from '../../mapping/order-plan';
import type { EpicorOrderLine } from '../../mapping/refund-plan';
import { lineReference, shippingReference } from '../../mapping/po-num';
import type { WooOrder } from '../../woocommerce/types';
import { createCustomerLookup } from './epicor-customer';
import { guard, permanent } from './failures';
import { createShipToApplier } from './order-ship-to';

const SO = 'Erp.BO.SalesOrderSvc';

export type Ds = Record<string, Row[]>;
type Row = Record<string, unknown>;

export interface EpicorOrderRef {
  orderNum: number;
  custNum: number;
  held: boolean;
  open: boolean;
}

interface FoundOrder extends EpicorOrderRef {
  custId: string;
  poNum?: string;
}

export interface HeaderInput {
  poNum: string;
  custNum: number;
  custId: string;
}

/**
 * The lines on an Epicor order, as the import (references), the ownership check and both refund routes (part,
 * quantity, price, UOM) read them: one query, so what counts as "on the order" is the same everywhere.
 */
export async function readOrderLines(epicor: EpicorClient, orderNum: number): Promise<EpicorOrderLine[]> {
  const rows = await readAll<Row>(epicor, SO, 'OrderDtls', {
    filter: f.eq('OrderNum', orderNum),
    select: ['OrderLine', 'Reference', 'PartNum', 'SellingQuantity', 'DocUnitPrice', 'SalesUM'],
    orderBy: ['OrderLine'],
  });
  return rows.map(toOrderLine);
}

function toOrderLine(d: Row): EpicorOrderLine {
  return {
    orderLine: Number(d.OrderLine),
    partNum: String(d.PartNum ?? ''),
    reference: String(d.Reference ?? ''),
    quantity: Number(d.SellingQuantity ?? 0),
    unitPrice: formatDecimal((d.DocUnitPrice ?? 0) as number | string),
    salesUM: typeof d.SalesUM === 'string' && d.SalesUM ? d.SalesUM : undefined,
  };
}

/** What is on an order, read from its tableset: lines and the references of its header misc charges. */
export interface OrderContents {
  lines: EpicorOrderLine[];
  chargeRefs: string[];
  /** The tableset itself, for the writes of the same pass. */
  ds: Ds;
}

/**
 * ChangePartNumMaster's 13 parameters (note the spelling lSubstitutePartExist). No prompts: nobody is there to
 * answer them; SysRowID is the empty GUID because no substitute/cross-reference row was chosen.
 */
export function changePartNumMaster(partNum: string, ds: Ds): Record<string, unknown> {
  return {
    partNum,
    lSubstitutePartExist: false,
    lIsPhantom: false,
    uomCode: '',
    SysRowID: '00000000-0000-0000-0000-000000000000',
    rowType: '',
    salesKitView: false,
    removeKitComponents: false,
    suppressUserPrompts: true,
    getPartXRefInfo: true,
    checkPartRevisionChange: true,
    checkChangeKitParent: true,
    ds,
  };
}

/** JSON has no decimal type and Epicor's OData wants a number; 2-decimal strings round-trip exactly. */
const wireDecimal = (value: string): number => Number(value);

/**
 * The sales-order reads and writes both the import pass and the single-step activities are made of. Writes
 * chain the tableset: each save answers the order's tableset, which the next GetNew* call takes, so a pass reads
 * the order (GetByID) at most once.
 */
export function createEpicorOrderWrites({ config, epicor, woo }: Pick<ActivityDeps, 'config' | 'epicor' | 'woo'>) {
  const lookupCustomer = createCustomerLookup({ config, epicor, woo });
  const applyShipping = createShipToApplier({ config, epicor });

  /**
   * Every Epicor order carrying the PONum, oldest first. PONum is not unique across customers, so a B2B
   * customer's order may share it with this import: the caller picks the one that is ours (see ownerOf).
   */
  async function findByPoNum(poNum: string): Promise<FoundOrder[]> {
    const rows = await readAll<Row>(epicor, SO, 'SalesOrders', {
      filter: f.eq('PONum', poNum),
      select: ['OrderNum', 'CustNum', 'CustomerCustID', 'OrderHeld', 'OpenOrder', 'VoidOrder'],
      orderBy: ['OrderNum'],
    });
    return rows.map((row) => ({
      orderNum: Number(row.OrderNum),
      custNum: Number(row.CustNum),
      held: row.OrderHeld === true,
      open: row.OpenOrder !== false,
      custId: String(row.CustomerCustID ?? ''),
    }));
  }

  const refOf = (o: FoundOrder): EpicorOrderRef => ({ orderNum: o.orderNum, custNum: o.custNum, held: o.held, open: o.open });

  /**
   * PONum is only unique per customer in Epicor (and only when the customer checks duplicate POs): a B2B
   * customer's own PO "WEB-1001" or a second store's order with the same number would otherwise be taken for
   * this import, and lines and credits appended to someone else's order. OrderHed.WebOrder cannot tell: the
   * schema documents it "Not editable" (only Epicor's storefront synch sets it). An order counts as ours when
   * - it has lines and at least one carries a reference of this Woo order's lines: the references are the
   *   proof. The customer is not compared then, because the customer an order resolves to changes over time
   *   (a shopper imported to the web customer whose email later gets its own Epicor customer) and the order's
   *   refunds must still be credited to the order it was imported as;
   * - it has no lines yet (a run died after the header): only the customer can tell, so it must be the one
   *   this Woo order resolves to now (`custNum` is asked only then, it costs a customer lookup).
   */
  async function conflictOf(
    found: FoundOrder,
    order: Pick<WooOrder, 'line_items' | 'shipping_lines'>,
    custNum: () => Promise<number | undefined>,
    lines: EpicorOrderLine[],
  ): Promise<string | undefined> {
    const why: string[] = [];
    const refs = lines.map((l) => l.reference);
    const ours = new Set([
      ...order.line_items.flatMap((l) => [lineReference(l.id), lineReference(l.id, 'rest')]),
      ...order.shipping_lines.map((s) => shippingReference(s.id)),
    ]);
    if (refs.length > 0) {
      if (!refs.some((r) => ours.has(r))) why.push('none of its lines carries a reference of this Woo order');
    } else if ((await custNum()) !== found.custNum) {
      why.push(`it belongs to Epicor customer ${found.custId || found.custNum}, not to the customer this Woo order resolves to`);
    }
    return why.length ? `Epicor order ${found.orderNum} has PONum ${found.poNum ?? ''} but ${why.join(', ')}` : undefined;
  }

  /**
   * The order among `candidates` that is this Woo order's import (with its lines, read for the check), or a
   * PoNumConflict naming why none is. Every candidate is checked: another customer's order with the same PONum
   * may sort before ours. `order`: the Woo order, or its id to read it.
   */
  async function ownerOf(
    candidates: FoundOrder[],
    poNum: string,
    wooOrder: number | WooOrder,
    custNum?: number,
  ): Promise<{ found: FoundOrder } & OrderContents | undefined> {
    if (!candidates.length) return undefined;
    const order = typeof wooOrder === 'number' ? await woo.getOrder(wooOrder) : wooOrder;
    let resolved: Promise<number | undefined> | undefined;
    const customer = () => (resolved ??= custNum !== undefined ? Promise.resolve(custNum) : lookupCustomer(order).then((c) => c.row?.CustNum));
    const conflicts: string[] = [];
    for (const found of candidates) {
      // The whole tableset (one call): the check needs the lines, the pass the misc charges and the ds to write on.
      const ds = await dsOf(found.orderNum);
      const lines = (ds.OrderDtl ?? []).map(toOrderLine).sort((a, b) => a.orderLine - b.orderLine);
      const conflict = await conflictOf({ ...found, poNum }, order, customer, lines);
      if (!conflict) return { found, lines, chargeRefs: (ds.OHOrderMsc ?? []).map((m) => String(m.Description ?? '')), ds };
      conflicts.push(conflict);
    }
    // No advice to change ORDER_PONUM_FORMAT or to rename an order this connector imported: either makes the
    // next pass find no order under this Woo order's PONum and import it a second time.
    throw permanent(
      'PoNumConflict',
      `${conflicts.join('; ')}; if that order is not this Woo order's import, change its PONum in Epicor, then send the retry signal ` +
        '(renaming an order the connector imported makes the next pass create a duplicate order)',
    );
  }

  /** The order's tableset: GET GetByID answers `{returnObj: {OrderHed, OrderDtl, OHOrderMsc, ...}}` (reference §2). */
  async function dsOf(orderNum: number): Promise<Ds> {
    const res = await epicor.callGet<{ returnObj?: Ds }>(SO, 'GetByID', { orderNum });
    if (!res?.returnObj?.OrderHed) throw new Error(`Epicor GetByID(${orderNum}) answered without returnObj.OrderHed`);
    return res.returnObj;
  }

  async function masterUpdate(table: string, custNum: number, orderNum: number, ds: Ds): Promise<Ds> {
    const { parameters } = await epicor.call<{ ds: Ds }>(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: table,
      iCustNum: custNum,
      iOrderNum: orderNum,
      lweLicensed: false,
      ds,
    });
    return parameters.ds;
  }

  /** The row a GetNew* call just added (RowMod "A"), last of its table. */
  const added = (ds: Ds, table: string): Row => {
    const row = [...(ds[table] ?? [])].reverse().find((r) => r.RowMod === 'A');
    if (!row) throw new Error(`Epicor returned no new ${table} row`);
    return row;
  };

  /**
   * Header: GetNewOrderHed -> ChangeOrderHedCustomerCustID -> header fields -> MasterUpdate. Answers the saved
   * tableset, which the lines of the same pass are added to (no GetByID). `order`: the Woo order when the caller
   * has read it (header fields from it without another read).
   */
  async function writeHeader(input: HeaderInput, order?: WooOrder, newHed: Promise<Ds> = newOrderHed()): Promise<{ ref: EpicorOrderRef; ds: Ds }> {
    let { parameters } = await epicor.call<{ ds: Ds }>(SO, 'ChangeOrderHedCustomerCustID', {
      orderNum: 0,
      proposedCustomerCustID: input.custId,
      ds: await newHed,
    });
    const ds = parameters.ds;
    headerFields(ds.OrderHed[0], input);
    if (order) await applyShipping(ds.OrderHed[0], order, input);
    const saved = await masterUpdate('OrderHed', input.custNum, 0, ds);
    const orderNum = Number(saved?.OrderHed?.[0]?.OrderNum);
    if (!orderNum) throw new Error('Epicor MasterUpdate returned no OrderNum');
    return { ref: { orderNum, custNum: input.custNum, held: false, open: true }, ds: saved };
  }

  /** GetNewOrderHed: a new header row, nothing saved yet (the import pass asks for it beside its look-ups). */
  async function newOrderHed(): Promise<Ds> {
    return (await epicor.call<{ ds: Ds }>(SO, 'GetNewOrderHed', { ds: { OrderHed: [] } })).parameters.ds;
  }

  /**
   * One line on `ds` (the order's tableset, from GetByID or the previous save): the Sales Order screen's sequence
   * GetNewOrderDtl -> ChangePartNumMaster -> ChangeSellingQuantity -> DocUnitPrice -> ChangeUnitPrice ->
   * MasterUpdate (ChangePartNum is documented "not currently used in Sales Order UI"). Every parameter of a
   * signature is required by the server, defaults included. Answers the saved tableset and the new OrderLine.
   */
  async function writeLine(ds: Ds, ref: Pick<EpicorOrderRef, 'orderNum' | 'custNum'>, line: PlannedLine): Promise<{ ds: Ds; orderLine: number }> {
    let { parameters } = await epicor.call<{ ds: Ds }>(SO, 'GetNewOrderDtl', { ds, orderNum: ref.orderNum });
    const fresh = added(parameters.ds, 'OrderDtl');
    fresh.PartNum = line.partNum;
    ({ parameters } = await epicor.call<{ ds: Ds }>(SO, 'ChangePartNumMaster', changePartNumMaster(line.partNum, parameters.ds)));
    ({ parameters } = await epicor.call<{ ds: Ds }>(SO, 'ChangeSellingQuantity', {
      ds: parameters.ds,
      lKeepUnitPrice: false,
      ipSellingQuantity: line.quantity,
    }));
    // The Woo price wins over the Epicor price list: the shopper paid it.
    Object.assign(added(parameters.ds, 'OrderDtl'), {
      DocUnitPrice: wireDecimal(line.unitPrice),
      OverridePriceList: true,
      LockPrice: true,
      Reference: line.reference,
    });
    ({ parameters } = await epicor.call<{ ds: Ds }>(SO, 'ChangeUnitPrice', { ds: parameters.ds }));
    const saved = await masterUpdate('OrderDtl', ref.custNum, ref.orderNum, parameters.ds);
    const row = (saved?.OrderDtl ?? []).find((r) => r.Reference === line.reference);
    return { ds: saved, orderLine: Number(row?.OrderLine ?? 0) };
  }

  /** One header misc charge on `ds`: GetNewOHOrderMsc -> MiscCode/DocMiscAmt -> MasterUpdate. */
  async function writeCharge(ds: Ds, ref: Pick<EpicorOrderRef, 'orderNum' | 'custNum'>, charge: PlannedCharge): Promise<Ds> {
    const { parameters } = await epicor.call<{ ds: Ds }>(SO, 'GetNewOHOrderMsc', { ds, orderNum: ref.orderNum, orderLine: 0 });
    Object.assign(added(parameters.ds, 'OHOrderMsc'), {
      MiscCode: charge.miscCode,
      Description: charge.reference,
      DocMiscAmt: wireDecimal(charge.amount),
    });
    return masterUpdate('OHOrderMsc', ref.custNum, ref.orderNum, parameters.ds);
  }

  /**
   * This Woo order's Epicor order and its lines, or undefined. Parks with PoNumConflict when the order with the
   * PONum is someone else's (see conflictOf). `custNum`: the customer it resolves to, when already known.
   */
  async function findOwnOrder(poNum: string, order: WooOrder, custNum?: number): Promise<{ ref: EpicorOrderRef } & OrderContents | undefined> {
    const own = await ownerOf(await findByPoNum(poNum), poNum, order, custNum);
    return own && { ...own, ref: refOf(own.found) };
  }

  return { findOwnOrder, newOrderHed, writeHeader, writeLine, writeCharge, dsOf, masterUpdate, internals: { findByPoNum, ownerOf, refOf } };
}

export type EpicorOrderWrites = ReturnType<typeof createEpicorOrderWrites>;

/** The header row's own fields; where it ships comes from the Woo order (applyShipping, order-ship-to.ts). */
function headerFields(hed: Row, input: HeaderInput): void {
  Object.assign(hed, { PONum: input.poNum, RowMod: 'A' });
}

/**
 * Epicor sales-order writes, each one a retry-safe step: it first looks up what a previous attempt (or a
 * previous run, or a run before a reset) may already have written, and only writes what is missing.
 * PONum identifies the order, OrderDtl.Reference a line, OrderMsc.Description a misc charge. The import pass
 * (import-pass.ts) writes a whole pass in one activity with the same steps; these are what workflows started
 * before it schedule.
 */
export function createEpicorOrderActivities(deps: ActivityDeps) {
  const { config, epicor, woo } = deps;
  const writes = createEpicorOrderWrites(deps);
  const { findByPoNum, ownerOf, refOf } = writes.internals;

  return {
    /**
     * The Epicor order this Woo order was imported as, or null. Parks with PoNumConflict when the order with
     * the PONum is someone else's (see conflictOf). A bare PONum string is what workflows started before the
     * ownership check schedule; it is still accepted, unchecked.
     */
    async findEpicorOrder(input: string | { poNum: string; wooOrderId: number }): Promise<EpicorOrderRef | null> {
      return guard(async () => {
        const { poNum, wooOrderId } = typeof input === 'string' ? { poNum: input, wooOrderId: undefined } : input;
        const candidates = await findByPoNum(poNum);
        const found = wooOrderId === undefined ? candidates[0] : (await ownerOf(candidates, poNum, wooOrderId))?.found;
        return found ? refOf(found) : null;
      });
    },

    /** GetNewOrderHed -> ChangeOrderHedCustomerCustID -> PONum -> MasterUpdate, unless PONum already exists. */
    async createOrderHeader(input: HeaderInput & { wooOrderId?: number }): Promise<EpicorOrderRef> {
      return guard(async () => {
        const candidates = await findByPoNum(input.poNum);
        if (candidates.length) {
          // Written since findEpicorOrder looked (a concurrent run, or a previous attempt whose answer was lost).
          const existing = input.wooOrderId === undefined ? candidates[0] : (await ownerOf(candidates, input.poNum, input.wooOrderId, input.custNum))?.found;
          if (existing) return refOf(existing);
        }
        // Ship-to, ShipVia, note and e-mail (order-ship-to.ts) need the Woo order; workflows scheduled before wooOrderId existed skip them.
        return (await writes.writeHeader(input, input.wooOrderId !== undefined ? await woo.getOrder(input.wooOrderId, { dp: 6 }) : undefined)).ref;
      });
    },

    /** Line references already on the order (a retried import adds only the missing ones). */
    async listOrderLines(orderNum: number): Promise<{ reference: string; orderLine: number; partNum: string }[]> {
      return guard(async () => {
        return (await readOrderLines(epicor, orderNum)).map(({ reference, orderLine, partNum }) => ({ reference, orderLine, partNum }));
      });
    },

    /** One line (see writeLine), unless its reference is on the order already. */
    async addOrderLine(input: { orderNum: number; custNum: number; line: PlannedLine }): Promise<number> {
      return guard(async () => {
        const { orderNum, line } = input;
        const existing = await epicor.query<Row>(SO, 'OrderDtls', {
          filter: f.and(f.eq('OrderNum', orderNum), f.eq('Reference', line.reference)),
          select: ['OrderLine'],
          top: 1,
        });
        if (existing[0]) return Number(existing[0].OrderLine);
        return (await writes.writeLine(await writes.dsOf(orderNum), input, line)).orderLine;
      });
    },

    /** GetNewOHOrderMsc -> MiscCode/DocMiscAmt -> MasterUpdate, unless the charge's reference exists. */
    async addMiscCharge(input: { orderNum: number; custNum: number; charge: PlannedCharge }): Promise<void> {
      return guard(async () => {
        const { orderNum, charge } = input;
        const existing = await epicor.query<Row>(SO, 'OHOrderMscs', {
          filter: f.and(f.eq('OrderNum', orderNum), f.eq('Description', charge.reference)),
          select: ['SeqNum'],
          top: 1,
        });
        if (existing[0]) return;
        await writes.writeCharge(await writes.dsOf(orderNum), input, charge);
      });
    },

    /** Woo `cancelled` -> OrderHeld (hold) or CloseOrder (close); no-op when already so. */
    async cancelEpicorOrder(input: { orderNum: number; custNum: number }): Promise<'hold' | 'close'> {
      const action = config.orders.cancelAction;
      await guard(async () => {
        const ds = await writes.dsOf(input.orderNum);
        const hed = ds.OrderHed?.[0];
        if (!hed) throw permanent('EpicorRejected', `Epicor order ${input.orderNum} not found`);
        if (action === 'close') {
          if (hed.OpenOrder === false) return;
          await epicor.call(SO, 'CloseOrder', { iOrderNum: input.orderNum });
          return;
        }
        if (hed.OrderHeld === true) return;
        Object.assign(hed, { OrderHeld: true, RowMod: 'U' });
        await writes.masterUpdate('OrderHed', input.custNum, input.orderNum, { OrderHed: [hed] });
      });
      return action;
    },
  };
}
