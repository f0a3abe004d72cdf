import { randomUUID } from 'node:crypto';
import { Dec, decAdd, decCmp, decNeg, decSum } from './decimal';
import { bl } from './errors';
import { dec, checkRevision, type Ds } from './bo-params';
import type { Row } from './schema';
import type { Ctx } from './service';
import type { Store } from './store';

/**
 * Order releases (OrderRel), the part of a sales order line that ships. Kinetic creates release 1 with the line
 * and keeps the releases' SellingReqQty adding up to the line's SellingQuantity; shipping (Customer Shipment
 * Entry, not simulated as a BO: `ship` below is the test/admin stand-in) raises SellingStockShippedQty and
 * closes a release, then the line, then the order once everything shipped. Shipped quantity cannot be taken
 * back off a line: a release never goes below what it shipped, and a line with shipments cannot be deleted.
 */
const ZERO = () => new Dec('0');

export const shippedOf = (rel: Row): Dec => decSum([dec(rel.SellingStockShippedQty ?? 0, 'OrderRel', 'SellingStockShippedQty'), dec(rel.SellingJobShippedQty ?? 0, 'OrderRel', 'SellingJobShippedQty')], ZERO());

export function releasesOf(store: Store, company: string, orderNum: unknown, orderLine: unknown): Row[] {
  return store.orderRels
    .all(company)
    .filter((r) => r.OrderNum === Number(orderNum) && r.OrderLine === Number(orderLine))
    .sort((a, b) => (a.OrderRelNum as number) - (b.OrderRelNum as number));
}

/** Release 1 of a new line, for its whole quantity. */
export function addFirstRelease(store: Store, dtl: Row): void {
  const qty = dtl.SellingQuantity as Dec;
  store.orderRels.put(
    store.touch({
      Company: dtl.Company,
      OrderNum: dtl.OrderNum,
      OrderLine: dtl.OrderLine,
      OrderRelNum: 1,
      OurReqQty: qty,
      SellingReqQty: qty,
      OurStockQty: qty,
      SellingStockQty: qty,
      OurStockShippedQty: ZERO(),
      OurJobShippedQty: ZERO(),
      SellingStockShippedQty: ZERO(),
      SellingJobShippedQty: ZERO(),
      OpenRelease: true,
      FirmRelease: true,
      VoidRelease: false,
      SysRevID: 0,
      SysRowID: randomUUID(),
    }),
  );
}

/**
 * ChangeSellingQuantity on a stored line: like Kinetic, the change goes to the line's releases in the ds, the
 * last open release first, never below what a release shipped (raising goes to the last open release).
 */
export function followLineQuantity(ds: Ds, line: Row, oldQty: Dec, newQty: Dec): void {
  const rels = (ds.OrderRel ?? [])
    .filter((r) => Number(r.OrderNum) === Number(line.OrderNum) && Number(r.OrderLine) === Number(line.OrderLine) && r.OpenRelease !== false)
    .sort((a, b) => Number(b.OrderRelNum) - Number(a.OrderRelNum));
  if (!rels.length) return;
  let delta = decAdd(newQty, decNeg(oldQty));
  if (decCmp(delta, ZERO()) > 0) {
    rels[0].SellingReqQty = decAdd(dec(rels[0].SellingReqQty, 'OrderRel', 'SellingReqQty'), delta);
    rels[0].RowMod ||= 'U';
    return;
  }
  for (const rel of rels) {
    if (decCmp(delta, ZERO()) >= 0) break;
    const req = dec(rel.SellingReqQty, 'OrderRel', 'SellingReqQty');
    const room = decAdd(req, decNeg(shippedOf(rel)));
    const take = decCmp(room, decNeg(delta)) < 0 ? room : decNeg(delta);
    if (decCmp(take, ZERO()) <= 0) continue;
    rel.SellingReqQty = decAdd(req, decNeg(take));
    rel.RowMod ||= 'U';
    delta = decAdd(delta, take);
  }
}

/** MasterUpdate of an OrderRel 'U' row: only the required quantity is taken, and never below what shipped. */
export function updateRelease(ctx: Ctx, row: Row): Row {
  const rel = ctx.store.orderRels.get(ctx.company, Number(row.OrderNum), Number(row.OrderLine), Number(row.OrderRelNum));
  if (!rel) throw bl(`Release ${String(row.OrderLine)}/${String(row.OrderRelNum)} not found.`, 'OrderRel', 'OrderRelNum');
  checkRevision(rel, row, 'OrderRel');
  const req = dec(row.SellingReqQty ?? rel.SellingReqQty, 'OrderRel', 'SellingReqQty');
  if (decCmp(req, rel.SellingReqQty as Dec) === 0) return rel;
  if (rel.OpenRelease === false) throw bl('The release is closed.', 'OrderRel', 'SellingReqQty');
  if (decCmp(req, shippedOf(rel)) < 0) throw bl('The release quantity cannot be less than the quantity shipped.', 'OrderRel', 'SellingReqQty');
  if (decCmp(req, ZERO()) <= 0) throw bl('Release quantity must be greater than zero.', 'OrderRel', 'SellingReqQty');
  Object.assign(rel, { SellingReqQty: req, OurReqQty: req, SellingStockQty: req, OurStockQty: req });
  return ctx.store.touch(rel);
}

/** After a MasterUpdate: an open line's releases must add up to its quantity, which cannot go below what shipped. */
export function checkReleases(ctx: Ctx, dtl: Row): void {
  const rels = releasesOf(ctx.store, ctx.company, dtl.OrderNum, dtl.OrderLine);
  if (!rels.length) return;
  const qty = dtl.SellingQuantity as Dec;
  const shipped = decSum(rels.map(shippedOf), ZERO());
  if (decCmp(qty, shipped) < 0)
    throw bl(`Order line ${String(dtl.OrderLine)}: the quantity ${qty.text} is less than the ${shipped.text} already shipped.`, 'OrderDtl', 'SellingQuantity');
  const req = decSum(rels.map((r) => r.SellingReqQty as Dec), ZERO());
  if (dtl.OpenLine !== false && decCmp(req, qty) !== 0)
    throw bl(`Order line ${String(dtl.OrderLine)}: the releases add up to ${req.text}, not to the line quantity ${qty.text}.`, 'OrderRel', 'SellingReqQty');
}

/** A line with shipments cannot be deleted; its releases go with it. */
export function deleteReleases(store: Store, dtl: Row): void {
  const rels = releasesOf(store, dtl.Company as string, dtl.OrderNum, dtl.OrderLine);
  if (rels.some((r) => decCmp(shippedOf(r), ZERO()) > 0)) throw bl(`Order line ${String(dtl.OrderLine)} has shipments and cannot be deleted.`, 'OrderDtl', 'OrderLine');
  for (const r of rels) store.orderRels.delete(r);
}

/** CloseOrderLine: the line and its open releases close; what did not ship will not ship. */
export function closeLine(store: Store, dtl: Row): void {
  for (const rel of releasesOf(store, dtl.Company as string, dtl.OrderNum, dtl.OrderLine)) {
    if (rel.OpenRelease === false) continue;
    rel.OpenRelease = false;
    store.touch(rel);
  }
  if (dtl.OpenLine !== false) {
    dtl.OpenLine = false;
    store.touch(dtl);
  }
}

/**
 * Ships `qty` units of an open line (release by release, from the first), as Customer Shipment Entry does:
 * a release that shipped its quantity closes, a line whose releases all closed closes, and the order closes
 * when it has no open line left. Refuses more than the line has open.
 */
export function ship(store: Store, company: string, orderNum: number, orderLine: number, qty: number): void {
  const head = store.orderHeds.get(company, orderNum);
  const dtl = store.orderDtls.get(company, orderNum, orderLine);
  if (!head || !dtl) throw new Error(`no order line ${orderNum}/${orderLine}`);
  if (dtl.OpenLine === false) throw new Error(`order line ${orderNum}/${orderLine} is closed`);
  let left = new Dec(String(qty));
  const rels = releasesOf(store, company, orderNum, orderLine).filter((r) => r.OpenRelease !== false);
  const open = decSum(rels.map((r) => decAdd(r.SellingReqQty as Dec, decNeg(shippedOf(r)))), ZERO());
  if (decCmp(left, ZERO()) <= 0 || decCmp(left, open) > 0) throw new Error(`order line ${orderNum}/${orderLine} has ${open.text} open, cannot ship ${qty}`);
  for (const rel of rels) {
    const room = decAdd(rel.SellingReqQty as Dec, decNeg(shippedOf(rel)));
    const take = decCmp(room, left) < 0 ? room : left;
    if (decCmp(take, ZERO()) <= 0) continue;
    rel.SellingStockShippedQty = decAdd(rel.SellingStockShippedQty as Dec, take);
    rel.OurStockShippedQty = decAdd(rel.OurStockShippedQty as Dec, take);
    if (decCmp(shippedOf(rel), rel.SellingReqQty as Dec) >= 0) rel.OpenRelease = false;
    store.touch(rel);
    left = decAdd(left, decNeg(take));
  }
  if (releasesOf(store, company, orderNum, orderLine).every((r) => r.OpenRelease === false)) closeLine(store, dtl);
  const lines = store.orderDtls.all(company).filter((d) => d.OrderNum === orderNum);
  if (lines.every((d) => d.OpenLine === false) && head.OpenOrder !== false) {
    head.OpenOrder = false;
    store.touch(head);
  }
}
