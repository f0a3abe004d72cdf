import type { WooRefund } from '../woocommerce/types';
import { refundedItemId } from '../woocommerce/types';
import { fromMinor, sumMinor, toMinor } from './money';
import { refundReference, wooLineIdOf } from './po-num';

/**
 * WooCommerce refund -> Epicor credit plan (pure). One Woo refund = one RMA = one credit memo, keyed
 * `woo-refund:<id>` (RMAHead.RMAComment and every RMADtl.ECCComment), so it is looked up before creating
 * and never credited twice.
 *
 * Epicor's RMACreditAdd credits `ReturnQty x` the order line's unit price; it takes no amount. So a refund
 * can only be credited through an RMA when each refunded Woo line is a returned quantity whose Woo refund
 * total equals quantity x the Epicor unit price, exactly. A Woo line that the import split into a main
 * line and a `:rest` line (uneven totals, see order-plan.ts) is returned from whichever of the two makes
 * the amount exact.
 *
 * Tax is Epicor's: the credit memo computes its own tax, so a refund line's `total_tax` counts as covered.
 * Whatever the returned lines do not explain (a shipping or fee refund, a manual amount, a line refunded
 * without quantity) cannot be credited this way; it is reported as a problem before anything is written,
 * so the import parks with the reason instead of leaving a half-credited refund.
 */
export interface EpicorOrderLine {
  orderLine: number;
  partNum: string;
  /** OrderDtl.Reference (`woo-line:<id>` or `woo-line:<id>:rest`). */
  reference: string;
  /** SellingQuantity, a whole number for web lines. */
  quantity: number;
  /** DocUnitPrice as an exact decimal string. */
  unitPrice: string;
  /** OrderDtl.SalesUM, sent as RMADtl.ReturnQtyUOM. */
  salesUM?: string;
}

export interface PlannedCreditLine {
  orderLine: number;
  partNum: string;
  returnQty: number;
  salesUM?: string;
  /** returnQty x unit price: what Epicor will credit for the line (positive, exact). */
  amount: string;
}

export interface CreditPlan {
  reference: string;
  lines: PlannedCreditLine[];
  /** Net amount Epicor will credit (sum of the lines); equals the Woo refund minus its tax when there are no problems. */
  total: string;
  problems: string[];
}

type RefundInput = Pick<WooRefund, 'id' | 'amount' | 'line_items'>;

export function planRefundCredit(refund: RefundInput, orderLines: readonly EpicorOrderLine[]): CreditPlan {
  const problems: string[] = [];
  const lines: PlannedCreditLine[] = [];
  let coveredMinor = 0n;

  for (const item of refund.line_items) {
    const wooLine = refundedItemId(item);
    const netMinor = -toMinor(item.total);
    const taxMinor = -toMinor(item.total_tax ?? '0');
    const qty = Math.abs(item.quantity);
    if (qty === 0 && netMinor === 0n) {
      coveredMinor += taxMinor;
      continue;
    }
    const targets = orderLines
      .filter((l) => wooLineIdOf(l.reference) === wooLine)
      .sort((a, b) => Number(a.reference.endsWith(':rest')) - Number(b.reference.endsWith(':rest')) || a.orderLine - b.orderLine);
    if (wooLine === undefined || targets.length === 0) {
      problems.push(`refund ${refund.id} refunds Woo line ${wooLine ?? '?'}, which is not on the Epicor order`);
      continue;
    }
    if (!Number.isInteger(qty) || qty === 0) {
      problems.push(`refund ${refund.id} refunds ${fromMinor(netMinor)} on Woo line ${wooLine} without a returned quantity; an RMA credit needs one`);
      continue;
    }
    const allocation = exactAllocation(targets, qty, netMinor);
    if (!allocation) {
      const prices = targets.map((t) => t.unitPrice).join(' / ');
      problems.push(`refund ${refund.id} refunds ${fromMinor(netMinor)} for ${qty} x Woo line ${wooLine}, which Epicor prices at ${prices} per unit`);
      continue;
    }
    lines.push(...allocation);
    coveredMinor += netMinor + taxMinor;
  }

  const residual = toMinor(refund.amount) - coveredMinor;
  if (residual !== 0n && problems.length === 0) {
    problems.push(
      `refund ${refund.id}: ${fromMinor(residual)} of ${refund.amount} is not for returned items (shipping, fees or a manual amount) and cannot be credited through an RMA`,
    );
  }
  return {
    reference: refundReference(refund.id),
    lines,
    total: fromMinor(sumMinor(lines.map((l) => toMinor(l.amount)))),
    problems,
  };
}

/** Returned units spread over the Epicor lines of one Woo line (main first, or `:rest` first) so the credit is exact. */
function exactAllocation(targets: EpicorOrderLine[], qty: number, netMinor: bigint): PlannedCreditLine[] | undefined {
  for (const order of [targets, [...targets].reverse()]) {
    let left = qty;
    const out: PlannedCreditLine[] = [];
    for (const t of order) {
      const take = Math.min(left, t.quantity);
      if (take <= 0) continue;
      left -= take;
      out.push({
        orderLine: t.orderLine,
        partNum: t.partNum,
        returnQty: take,
        ...(t.salesUM ? { salesUM: t.salesUM } : {}),
        amount: fromMinor(toMinor(t.unitPrice) * BigInt(take)),
      });
    }
    if (left === 0 && sumMinor(out.map((l) => toMinor(l.amount))) === netMinor) return out.sort((a, b) => a.orderLine - b.orderLine);
  }
  return undefined;
}
