import type { EpicorClient } from '../../epicor';
import { EpicorError } from '../../epicor/errors';
import { permanent } from './failures';
import { refundReference } from '../../mapping/po-num';
import { planUnshippedRefund, refundedUnits, shippedPart, type EpicorLineState, type LineReduction } from '../../mapping/refund-reduction';
import type { WooClient } from '../../woocommerce';
import type { WooRefund } from '../../woocommerce/types';

const SO = 'Erp.BO.SalesOrderSvc';
type Row = Record<string, unknown>;
type Ds = Record<string, Row[]>;

export interface UnshippedResult {
  /** The part of the refund to credit: only units that shipped (plus shipping, fees and amounts). */
  creditable: WooRefund;
  /** Order lines this refund took its unshipped units off (from -> to; to 0 = line closed). */
  reduced: LineReduction[];
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Takes a refund's units that have not shipped off the open Epicor order line (mapping/refund-reduction.ts has
 * the rule) and returns the part of the refund left to credit. Each line is reduced the way the Sales Order
 * screen does it: ChangeSellingQuantity on the line (Kinetic moves the release with it; the release is set here
 * too when it did not), then MasterUpdate; a line left with nothing closes with CloseOrderLine. The line's
 * OrderComment records `woo-refund:<id>: <n> not shipped, taken off` in the same save, so staff see why.
 *
 * Reducing is safe to repeat: the planner aims at a target quantity, so a retry, a new run or a reset finds the
 * line already there and writes nothing. A refund that already has a credit in Epicor is never reduced: an
 * older version (or a person) credited all of it, and taking its units off as well would count it twice.
 */
export async function takeOffUnshipped(
  { epicor, woo }: { epicor: EpicorClient; woo: WooClient },
  input: { wooOrderId: number; wooRefundId: number; orderNum: number; custNum: number },
  refund: WooRefund,
  alreadyCredited: () => Promise<boolean>,
): Promise<UnshippedResult> {
  // Money-only refunds and charge refunds have no units: nothing to look up.
  if (!refundedUnits(refund).size) return { creditable: refund, reduced: [] };
  const [order, refunds, ds] = [await woo.getOrder(input.wooOrderId), await woo.listRefunds(input.wooOrderId), await orderDs(epicor, input.orderNum)];
  const plan = planUnshippedRefund({
    refundId: refund.id,
    refunds: refunds.some((r) => r.id === refund.id) ? refunds : [...refunds, refund],
    ordered: new Map(order.line_items.map((l) => [l.id, l.quantity])),
    lines: lineStates(ds),
  });
  const creditable = shippedPart(refund, plan.splits);
  if (!plan.reductions.length || (await alreadyCredited())) return { creditable, reduced: [] };

  let current = ds;
  for (const cut of plan.reductions) {
    try {
      current = await reduceLine(epicor, input, current, cut);
    } catch (err) {
      // A refusal (an inactive part, a BPM, a line locked by shipping) will answer the same next time: a person
      // takes the units off (or closes the line) by hand; the next pass then finds nothing left to take off.
      if (!(err instanceof EpicorError) || err.category !== 'business') throw err;
      throw permanent(
        'RefundNotCreditable',
        `Epicor refused to take the ${cut.from - cut.to} unshipped unit(s) of Woo refund ${input.wooRefundId} off order ${input.orderNum} line ${cut.orderLine}: ${err.message}; reduce or close the line in Epicor, then send the retry signal (or send refundHandled)`,
      );
    }
  }
  return { creditable, reduced: plan.reductions };
}

async function orderDs(epicor: EpicorClient, orderNum: number): Promise<Ds> {
  const res = await epicor.callGet<{ returnObj?: Ds }>(SO, 'GetByID', { orderNum });
  if (!res?.returnObj?.OrderHed) throw new Error(`Epicor GetByID(${orderNum}) answered without returnObj.OrderHed`);
  return res.returnObj;
}

/** Lines with what their releases shipped; a line on a closed order counts as closed. */
function lineStates(ds: Ds): EpicorLineState[] {
  const orderOpen = ds.OrderHed?.[0]?.OpenOrder !== false;
  return (ds.OrderDtl ?? []).map((d) => {
    const rels = (ds.OrderRel ?? []).filter((r) => num(r.OrderLine) === num(d.OrderLine));
    return {
      orderLine: num(d.OrderLine),
      reference: String(d.Reference ?? ''),
      quantity: num(d.SellingQuantity),
      shipped: rels.reduce((n, r) => n + num(r.SellingStockShippedQty) + num(r.SellingJobShippedQty), 0),
      open: orderOpen && d.OpenLine !== false,
    };
  });
}

async function reduceLine(epicor: EpicorClient, input: { wooRefundId: number; orderNum: number; custNum: number }, ds: Ds, cut: LineReduction): Promise<Ds> {
  const clean = (rows: Row[] = []) => rows.map((r) => ({ ...r, RowMod: '' }));
  const fresh: Ds = { ...ds, OrderHed: clean(ds.OrderHed), OrderDtl: clean(ds.OrderDtl), OrderRel: clean(ds.OrderRel) };
  const line = fresh.OrderDtl.find((d) => num(d.OrderLine) === cut.orderLine);
  if (!line) throw new Error(`Epicor order ${input.orderNum} has no line ${cut.orderLine} any more`);
  const note = `${refundReference(input.wooRefundId)}: ${cut.from - cut.to} not shipped, taken off`;
  const comment = String(line.OrderComment ?? '');
  Object.assign(line, { RowMod: 'U', OrderComment: comment.includes(note) ? comment : [comment, note].filter(Boolean).join('\n') });
  let saved: Ds;
  if (cut.to > 0) {
    const { parameters } = await epicor.call<{ ds: Ds }>(SO, 'ChangeSellingQuantity', { ds: fresh, lKeepUnitPrice: true, ipSellingQuantity: cut.to });
    const changed = parameters.ds;
    followReleases(changed, cut);
    saved = await masterUpdate(epicor, input, changed);
  } else {
    // Nothing of the line ships any more: the note is saved first, then the line closes (a quantity of 0 is refused).
    saved = await masterUpdate(epicor, input, fresh);
    await epicor.call(SO, 'CloseOrderLine', { iOrderNum: input.orderNum, iOrderLine: cut.orderLine });
    saved = await orderDs(epicor, input.orderNum);
  }
  return saved;
}

/**
 * Kinetic moves a single release with the line quantity; whether it does so for every release layout is not
 * confirmed (docs/unconfirmed-facts.md), so when the open releases do not add up to the new quantity, the last
 * open ones give up the difference, never below what they shipped.
 */
function followReleases(ds: Ds, cut: LineReduction): void {
  const rels = (ds.OrderRel ?? []).filter((r) => num(r.OrderLine) === cut.orderLine).sort((a, b) => num(b.OrderRelNum) - num(a.OrderRelNum));
  let excess = rels.reduce((n, r) => n + num(r.SellingReqQty), 0) - cut.to;
  for (const rel of rels) {
    if (excess <= 0) break;
    if (rel.OpenRelease === false) continue;
    const shipped = num(rel.SellingStockShippedQty) + num(rel.SellingJobShippedQty);
    const take = Math.min(excess, num(rel.SellingReqQty) - shipped);
    if (take <= 0) continue;
    Object.assign(rel, { SellingReqQty: num(rel.SellingReqQty) - take, RowMod: 'U' });
    excess -= take;
  }
}

async function masterUpdate(epicor: EpicorClient, input: { orderNum: number; custNum: number }, ds: Ds): Promise<Ds> {
  const { parameters } = await epicor.call<{ ds: Ds }>(SO, 'MasterUpdate', {
    lCheckForOrderChangedMsg: false,
    lcheckForResponse: false,
    cTableName: 'OrderDtl',
    iCustNum: input.custNum,
    iOrderNum: input.orderNum,
    lweLicensed: false,
    ds,
  });
  return parameters.ds;
}
