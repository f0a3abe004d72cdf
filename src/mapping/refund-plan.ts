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

/**
 * WooCommerce refund -> direct AR credit memo plan (pure), for ORDER_REFUND_ROUTE=ar-credit-memo.
 *
 * A credit memo line takes its own quantity and price, so unlike an RMA it can credit anything: every
 * refunded item with a whole returned quantity becomes a part line (the Epicor order line's price when the
 * returned units make the refund exact, as the RMA route would credit them; else the refunded amount
 * spread evenly per unit when that is exact to the cent), and whatever is left (shipping, fees, a manual
 * amount, an item refunded without quantity or at an uneven amount) becomes one misc line. So the memo's
 * lines add up to the Woo refund minus the tax Woo reports on it, exactly: tax is Epicor's, as for the
 * order, which the import also books net. Lines are keyed `woo-refund:<id>/<n>` so a retry finds them.
 */
export interface PlannedMemoLine {
  /** InvcDtl.InvoiceComment: `woo-refund:<id>/<n>`, n = 1-based position in the plan. */
  key: string;
  /** Empty for the misc line. */
  partNum: string;
  /** The Epicor order line credited, 0 for the misc line. */
  orderLine: number;
  /** Units credited (positive; the memo writes it negative). */
  qty: number;
  /** Positive unit price, exact decimal string. */
  unitPrice: string;
  /** qty x unitPrice, positive exact decimal string. */
  amount: string;
  /** LineDesc; no customer data, only ids and kinds. */
  description: string;
}

export interface CreditMemoPlan {
  reference: string;
  lines: PlannedMemoLine[];
  /** Sum of the lines: what the credit memo credits (positive; Epicor stores it negative). */
  total: string;
  problems: string[];
}

type MemoRefundInput = Pick<WooRefund, 'id' | 'amount' | 'line_items'> & Partial<Pick<WooRefund, 'shipping_lines' | 'fee_lines'>>;

export function planCreditMemo(refund: MemoRefundInput, orderLines: readonly EpicorOrderLine[]): CreditMemoPlan {
  const reference = refundReference(refund.id);
  const parts: Omit<PlannedMemoLine, 'key'>[] = [];
  const taxes = [
    ...refund.line_items.map((i) => i.total_tax ?? '0'),
    ...(refund.shipping_lines ?? []).map((s) => s.total_tax),
    ...(refund.fee_lines ?? []).map((f) => f.total_tax),
  ];
  // Woo writes refund lines negative; taken as positive amounts here.
  const taxMinor = -sumMinor(taxes.map((t) => toMinor(t)));
  const uncovered: string[] = [];

  for (const item of refund.line_items) {
    const wooLine = refundedItemId(item);
    const netMinor = -toMinor(item.total);
    const qty = Math.abs(item.quantity);
    if (netMinor === 0n) continue;
    const targets = orderLines
      .filter((l) => wooLineIdOf(l.reference) === wooLine)
      .sort((a, b) => Number(a.reference.endsWith(':rest')) - Number(b.reference.endsWith(':rest')) || a.orderLine - b.orderLine);
    if (wooLine === undefined || targets.length === 0 || !Number.isInteger(qty) || qty === 0 || netMinor < 0n) {
      uncovered.push(`Woo line ${wooLine ?? '?'}`);
      continue;
    }
    const exact = exactAllocation(targets, qty, netMinor);
    if (exact) {
      for (const l of exact) {
        const target = targets.find((t) => t.orderLine === l.orderLine)!;
        parts.push({ partNum: l.partNum, orderLine: l.orderLine, qty: l.returnQty, unitPrice: target.unitPrice, amount: l.amount, description: '' });
      }
    } else if (netMinor % BigInt(qty) === 0n) {
      const unit = netMinor / BigInt(qty);
      parts.push({ partNum: targets[0].partNum, orderLine: targets[0].orderLine, qty, unitPrice: fromMinor(unit), amount: fromMinor(netMinor), description: '' });
    } else {
      uncovered.push(`Woo line ${wooLine}`);
    }
  }

  const partsMinor = sumMinor(parts.map((p) => toMinor(p.amount)));
  const restMinor = toMinor(refund.amount) - taxMinor - partsMinor;
  const problems: string[] = [];
  const lines: Omit<PlannedMemoLine, 'key'>[] = parts.map((p) => ({ ...p, description: `Web refund ${refund.id}: ${p.partNum}` }));
  if (restMinor < 0n) {
    problems.push(`refund ${refund.id}: its items (${fromMinor(partsMinor)}) and tax (${fromMinor(taxMinor)}) exceed its amount ${refund.amount}`);
  } else if (restMinor > 0n) {
    const what = ['shipping, fees or amount', ...uncovered].join(', ');
    lines.push({ partNum: '', orderLine: 0, qty: 1, unitPrice: fromMinor(restMinor), amount: fromMinor(restMinor), description: `Web refund ${refund.id}: ${what}` });
  }
  return {
    reference,
    lines: lines.map((l, i) => ({ key: `${reference}/${i + 1}`, ...l })),
    total: fromMinor(sumMinor(lines.map((l) => toMinor(l.amount)))),
    problems,
  };
}
