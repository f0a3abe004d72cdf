import type { WooRefund } from '../woocommerce/types';
import { refundedItemId } from '../woocommerce/types';
import { fromMinor, sumMinor, toMinor } from './money';
import { refundReference } from './po-num';

/**
 * WooCommerce refund -> Epicor credit plan (pure). One Woo refund = one RMA = one credit, keyed
 * `woo-refund:<id>` (RMAHead.RMAComment and every RMADtl.ECCComment), so it is looked up before creating
 * and never credited twice.
 *
 * - Each refund line points at its order line via `_refunded_item_id`; it becomes an RMA line on the
 *   Epicor order line carrying that Woo line (OrderDtl.Reference `woo-line:<id>`), with the returned
 *   quantity (positive) and the refunded net amount.
 * - What the lines do not explain (shipping/fee refunds, tax, or an amount-only refund) is credited as
 *   one extra line with ReturnQty 0 on the first Epicor line, so the credit always equals the Woo refund
 *   `amount`, exactly.
 */
export interface EpicorLineRef {
  orderLine: number;
  partNum: string;
}

export interface PlannedCreditLine {
  orderLine: number;
  partNum: string;
  returnQty: number;
  /** Positive credit amount, exact decimal string. */
  amount: string;
}

export interface CreditPlan {
  reference: string;
  lines: PlannedCreditLine[];
  /** The Woo refund amount (positive); always the sum of the lines. */
  total: string;
  problems: string[];
}

type RefundInput = Pick<WooRefund, 'id' | 'amount' | 'line_items'>;

/** `orderLines` maps a Woo line item id to the Epicor order line(s) carrying it (the first is used). */
export function planRefundCredit(refund: RefundInput, orderLines: ReadonlyMap<number, EpicorLineRef>): CreditPlan {
  const problems: string[] = [];
  const lines: PlannedCreditLine[] = [];
  for (const item of refund.line_items) {
    const wooLine = refundedItemId(item);
    const target = wooLine === undefined ? undefined : orderLines.get(wooLine);
    if (!target) {
      problems.push(`refund ${refund.id} line ${item.id} refunds Woo line ${wooLine ?? '?'} which is not on the Epicor order`);
      continue;
    }
    const amount = -toMinor(item.total);
    const qty = Math.abs(item.quantity);
    if (amount === 0n && qty === 0) continue;
    lines.push({ ...target, returnQty: qty, amount: fromMinor(amount) });
  }

  const totalMinor = toMinor(refund.amount);
  const residual = totalMinor - sumMinor(lines.map((l) => toMinor(l.amount)));
  if (residual !== 0n) {
    const first = [...orderLines.values()].sort((a, b) => a.orderLine - b.orderLine)[0];
    if (!first) problems.push(`refund ${refund.id}: no Epicor order line to credit ${fromMinor(residual)} against`);
    else lines.push({ ...first, returnQty: 0, amount: fromMinor(residual) });
  }
  return { reference: refundReference(refund.id), lines, total: fromMinor(totalMinor), problems };
}
