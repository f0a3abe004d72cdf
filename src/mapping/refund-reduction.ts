import type { WooRefund } from '../woocommerce/types';
import { refundedItemId } from '../woocommerce/types';
import { divRound, fromMinor, toMinor } from './money';
import { wooLineIdOf } from './po-num';

/**
 * Which refunded units did not ship (pure). A refunded unit that has not shipped must not ship: it comes off
 * the open Epicor order line (and its release). Only units that shipped are credited (RMA or AR credit memo),
 * because only those were or will be invoiced. See docs/refunds-and-totals.md.
 *
 * The rule is a target, not a delta, so applying it again changes nothing (retries, new runs, resets):
 * for a Woo line ordered W times, of which Epicor shipped S, the units that will never ship are U = W - S
 * (taken off by a refund, by a CSR, or on a closed line). Refunds take those units first, in refund id order:
 * refund i, with Q(i) the units refunded by it and every earlier refund of the line, covers
 * min(Q(i), U) - min(Q(i-1), U) units that did not ship and credits the rest. After refund i, the units the
 * Epicor line may still ship are W - min(Q(i), U); anything open above that is taken off. A reduced unit never
 * ships, so S cannot later grow past the target and a refund's split never changes once made.
 */
export interface EpicorLineState {
  orderLine: number;
  /** OrderDtl.Reference: `woo-line:<id>` or `woo-line:<id>:rest`. */
  reference: string;
  /** SellingQuantity. */
  quantity: number;
  /** Sum of the releases' SellingStockShippedQty + SellingJobShippedQty. */
  shipped: number;
  /** OpenLine (and the order open): a closed line's unshipped units will not ship anyway. */
  open: boolean;
}

export interface LineReduction {
  orderLine: number;
  reference: string;
  from: number;
  /** 0: the line is closed (CloseOrderLine), nothing of it ships. */
  to: number;
}

export interface RefundSplit {
  wooLine: number;
  refunded: number;
  /** Of `refunded`, the units that did not ship: no credit for them. */
  notShipped: number;
}

type RefundLines = Pick<WooRefund, 'id' | 'line_items'>;

/** Units of each Woo line a refund gives back (whole positive quantities only; an amount-only line refund is 0). */
export function refundedUnits(refund: RefundLines): Map<number, number> {
  const out = new Map<number, number>();
  for (const item of refund.line_items) {
    const wooLine = refundedItemId(item);
    const qty = Math.abs(item.quantity);
    if (wooLine === undefined || !Number.isInteger(qty) || qty === 0) continue;
    out.set(wooLine, (out.get(wooLine) ?? 0) + qty);
  }
  return out;
}

export function planUnshippedRefund(input: {
  refundId: number;
  /** Every refund of the order (the one being credited included). */
  refunds: readonly RefundLines[];
  /** Woo line id -> quantity ordered (Woo keeps the ordered quantity on the order; refunds are separate). */
  ordered: ReadonlyMap<number, number>;
  lines: readonly EpicorLineState[];
}): { splits: RefundSplit[]; reductions: LineReduction[] } {
  const current = input.refunds.find((r) => r.id === input.refundId);
  const splits: RefundSplit[] = [];
  const reductions: LineReduction[] = [];
  if (!current) return { splits, reductions };
  for (const [wooLine, refunded] of refundedUnits(current)) {
    const ordered = input.ordered.get(wooLine);
    if (ordered === undefined) {
      splits.push({ wooLine, refunded, notShipped: 0 });
      continue;
    }
    const lines = input.lines
      .filter((l) => wooLineIdOf(l.reference) === wooLine)
      .sort((a, b) => Number(a.reference.endsWith(':rest')) - Number(b.reference.endsWith(':rest')) || a.orderLine - b.orderLine);
    const shipped = lines.reduce((n, l) => n + l.shipped, 0);
    const neverShips = Math.max(0, ordered - shipped);
    const before = input.refunds.filter((r) => r.id < input.refundId).reduce((n, r) => n + (refundedUnits(r).get(wooLine) ?? 0), 0);
    const upTo = before + refunded;
    const notShipped = Math.min(upTo, neverShips) - Math.min(before, neverShips);
    splits.push({ wooLine, refunded, notShipped });

    // What Epicor may still ship for the line, against what it may after this refund; never more than this
    // refund's own unshipped units (units a CSR added, or an earlier refund credited by an older version, stay).
    const allowed = ordered - Math.min(upTo, neverShips);
    let excess = Math.min(notShipped, lines.reduce((n, l) => n + (l.open ? l.quantity : l.shipped), 0) - allowed);
    for (const line of lines) {
      if (excess <= 0) break;
      if (!line.open) continue;
      const take = Math.min(excess, line.quantity - line.shipped);
      if (take <= 0) continue;
      reductions.push({ orderLine: line.orderLine, reference: line.reference, from: line.quantity, to: line.quantity - take });
      excess -= take;
    }
  }
  return { splits, reductions };
}

/**
 * The part of a refund that is credited: each refunded line loses its units that did not ship, with their share
 * of the line's refunded amount and tax (proportional, to the cent), and the refund amount drops by the same.
 * A line left with no units is dropped. Shipping, fees and amount-only refunds are untouched.
 */
export function shippedPart<T extends Pick<WooRefund, 'amount' | 'line_items'>>(refund: T, splits: readonly RefundSplit[]): T {
  const left = new Map(splits.filter((s) => s.notShipped > 0).map((s) => [s.wooLine, s.notShipped]));
  if (!left.size) return refund;
  let amountMinor = toMinor(refund.amount);
  const items: T['line_items'] = [];
  for (const item of refund.line_items) {
    const wooLine = refundedItemId(item);
    const qty = Math.abs(item.quantity);
    const notShipped = wooLine === undefined ? 0 : Math.min(left.get(wooLine) ?? 0, qty);
    if (!notShipped) {
      items.push(item);
      continue;
    }
    left.set(wooLine!, (left.get(wooLine!) ?? 0) - notShipped);
    const keep = qty - notShipped;
    const net = toMinor(item.total);
    const tax = toMinor(item.total_tax ?? '0');
    const keptNet = divRound(net * BigInt(keep), BigInt(qty));
    const keptTax = divRound(tax * BigInt(keep), BigInt(qty));
    // Woo writes refund lines negative; the refund amount is positive.
    amountMinor += net - keptNet + (tax - keptTax);
    if (keep > 0) items.push({ ...item, quantity: -keep, total: fromMinor(keptNet), total_tax: fromMinor(keptTax) });
  }
  return { ...refund, amount: fromMinor(amountMinor), line_items: items };
}
