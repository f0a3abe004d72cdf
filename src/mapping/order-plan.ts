import type { WooOrder } from '../woocommerce/types';
import { fromMinor, sumMinor, toMinor } from './money';
import { orderCents, trimDecimal } from './order-cents';
import { feeReference, lineReference, shippingReference } from './po-num';

/**
 * WooCommerce order -> Epicor order plan (pure). The rules, so accounting can reconcile both systems:
 *
 * - Product lines: SKU = Epicor PartNum; quantity = SellingQuantity; price = the Woo line `total`
 *   (after coupons, excluding tax) divided by the quantity. Coupons therefore need no line of their own:
 *   Woo has already spread them over the line totals.
 * - A total that does not divide exactly by the quantity (10.00 / 3) is split into two Epicor lines,
 *   `woo-line:<id>` with quantity-1 at the rounded-down price and `woo-line:<id>:rest` with quantity 1
 *   carrying the remainder, so every Epicor extended price is exact and the line total matches Woo.
 * - Shipping (`ORDER_SHIPPING`): `misc-charge` = one OrderMsc per Woo shipping line (code
 *   ORDER_SHIPPING_CODE), `part` = one freight line with PartNum ORDER_SHIPPING_CODE, `ignore` = not sent
 *   (the reconciliation then reports it as the known gap). Free shipping (0.00) is never sent.
 * - Fees: one OrderMsc per Woo fee line (code ORDER_FEE_CODE), negative fees included.
 * - Tax is NOT sent: Epicor computes tax from its own tax setup, so the Epicor net (lines + misc)
 *   equals Woo `total - total_tax`.
 */
export interface ShippingMapping {
  shipping: 'misc-charge' | 'part' | 'ignore';
  shippingCode: string;
  feeCode: string;
}

export interface PlannedLine {
  /** OrderDtl.Reference: the idempotency key of the line. */
  reference: string;
  partNum: string;
  quantity: number;
  /** DocUnitPrice as an exact decimal string. */
  unitPrice: string;
  /** quantity x unitPrice, exact. */
  extPrice: string;
  kind: 'product' | 'shipping';
}

export interface PlannedCharge {
  /** OrderMsc.Description: the idempotency key of the charge. */
  reference: string;
  miscCode: string;
  amount: string;
  kind: 'shipping' | 'fee';
}

export interface OrderPlan {
  lines: PlannedLine[];
  charges: PlannedCharge[];
  /** Permanent data problems (unknown/missing SKU, fractional quantity): the import cannot proceed. */
  problems: string[];
}

/** `total` and `total_tax` (when given) are what the items' cents are allocated to (order-cents.ts). */
type PlanInput = Pick<WooOrder, 'line_items' | 'shipping_lines' | 'fee_lines'> & Partial<Pick<WooOrder, 'total' | 'total_tax'>>;

export interface PlanOptions {
  /**
   * OrderDtl.Reference / OrderMsc.Description values already on the Epicor order; they are not planned again. A Woo
   * line with one of its references present was imported: a product deleted in Woo since (`sku: null`) or a changed
   * quantity is no problem for it any more, because nothing is added for it and its refunds map through the Epicor line.
   */
  present?: ReadonlySet<string>;
  /**
   * Woo item ids (line_items, shipping_lines, fee_lines) an earlier pass imported (remembered in the Woo order, see
   * IMPORTED_ITEMS_META): never planned again, whatever Epicor holds now, so a line or charge staff deleted or
   * changed in Epicor stays as they left it. Only items WooCommerce added since are planned.
   */
  imported?: ReadonlySet<number>;
}

export function planEpicorOrder(order: PlanInput, mapping: ShippingMapping, options: PlanOptions = {}): OrderPlan {
  const lines: PlannedLine[] = [];
  const charges: PlannedCharge[] = [];
  const problems: string[] = [];
  const present = options.present ?? new Set<string>();
  const cents = orderCents(order);
  const imported = options.imported ?? new Set<number>();

  for (const item of order.line_items) {
    if (imported.has(item.id)) continue;
    // Written by a pass that ended before remembering it: finished (a split line's second half), not validated again.
    const written = present.has(lineReference(item.id)) || present.has(lineReference(item.id, 'rest'));
    const sku = item.sku?.trim();
    if (written && (!sku || !Number.isInteger(item.quantity) || item.quantity <= 0)) continue;
    if (!sku) {
      problems.push(`Woo line ${item.id} has no SKU (product deleted or not synced)`);
      continue;
    }
    if (!Number.isInteger(item.quantity) || item.quantity < 0) {
      problems.push(`Woo line ${item.id} has quantity ${item.quantity}`);
      continue;
    }
    if (item.quantity === 0) continue;
    lines.push(...priceLines(lineReference(item.id), sku, item.quantity, cents.of(`line:${item.id}`)).filter((l) => !present.has(l.reference)));
  }

  for (const ship of order.shipping_lines) {
    if (imported.has(ship.id) || present.has(shippingReference(ship.id))) continue;
    const amount = cents.of(`shipping:${ship.id}`);
    if (amount === 0n || mapping.shipping === 'ignore') continue;
    if (mapping.shipping === 'part') {
      lines.push({ ...priceLines(shippingReference(ship.id), mapping.shippingCode, 1, amount)[0], kind: 'shipping' });
    } else {
      charges.push({ reference: shippingReference(ship.id), miscCode: mapping.shippingCode, amount: fromMinor(amount), kind: 'shipping' });
    }
  }

  for (const fee of order.fee_lines) {
    if (imported.has(fee.id) || present.has(feeReference(fee.id))) continue;
    const amount = cents.of(`fee:${fee.id}`);
    if (amount === 0n) continue;
    charges.push({ reference: feeReference(fee.id), miscCode: mapping.feeCode, amount: fromMinor(amount), kind: 'fee' });
  }

  return { lines, charges, problems };
}

/** One line, or two when the total does not divide by the quantity (see the module comment). */
export function priceLines(reference: string, partNum: string, quantity: number, totalMinor: bigint): PlannedLine[] {
  const q = BigInt(quantity);
  const unit = totalMinor / q; // bigint division truncates toward zero: the rounded-down price
  const rest = totalMinor - unit * q;
  const line = (ref: string, qty: bigint, price: bigint): PlannedLine => ({
    reference: ref,
    partNum,
    quantity: Number(qty),
    unitPrice: fromMinor(price),
    extPrice: fromMinor(price * qty),
    kind: 'product',
  });
  if (rest === 0n) return [line(reference, q, unit)];
  return [line(reference, q - 1n, unit), line(`${reference}:rest`, 1n, unit + rest)];
}

export interface Reconciliation {
  /** Sum of Epicor extended prices and misc charges, minor units. */
  epicorNetMinor: bigint;
  /** Woo `total - total_tax`, minor units. */
  wooNetMinor: bigint;
  /** Shipping deliberately not sent (ORDER_SHIPPING=ignore). */
  ignoredMinor: bigint;
  balanced: boolean;
  /** For the message: the Woo total and tax, the Epicor lines and charges apart, the Woo items at full precision. */
  detail: { total: string; totalTax: string; linesMinor: bigint; chargesMinor: bigint; exactItems: string };
}

type ReconcileInput = Pick<WooOrder, 'total' | 'total_tax' | 'shipping_lines'> & Partial<Pick<WooOrder, 'line_items' | 'fee_lines'>>;

/**
 * The accounting check: Epicor lines + misc (+ ignored shipping) == Woo total - tax, exactly. Unbalanced means
 * the Woo order holds something the plan does not map (a gift card or store credit paid by a plugin, a line
 * type this connector does not know): importing it would book a different amount than the shop charged.
 * Rounding is never the reason: the plan's cents are allocated to the Woo total (order-cents.ts).
 */
export function reconcile(order: ReconcileInput, plan: OrderPlan, mapping: Pick<ShippingMapping, 'shipping'>): Reconciliation {
  const cents = orderCents({ line_items: [], fee_lines: [], ...order });
  const linesMinor = sumMinor(plan.lines.map((l) => toMinor(l.extPrice)));
  const chargesMinor = sumMinor(plan.charges.map((c) => toMinor(c.amount)));
  const epicorNetMinor = linesMinor + chargesMinor;
  const wooNetMinor = cents.wooNetMinor;
  const ignoredMinor = mapping.shipping === 'ignore' ? sumMinor(order.shipping_lines.map((s) => cents.of(`shipping:${s.id}`))) : 0n;
  return {
    epicorNetMinor,
    wooNetMinor,
    ignoredMinor,
    balanced: epicorNetMinor + ignoredMinor === wooNetMinor,
    detail: { total: trimDecimal(order.total), totalTax: trimDecimal(order.total_tax), linesMinor, chargesMinor, exactItems: cents.exactItems },
  };
}

/**
 * Why an unbalanced reconciliation parks the order, in terms an operator can check in both systems: which
 * amounts differ, by how much, and what usually causes a difference in that direction.
 */
export function describeMismatch(r: Reconciliation): string {
  const ignored = r.ignoredMinor ? ` + ignored shipping ${fromMinor(r.ignoredMinor)}` : '';
  const diff = r.wooNetMinor - (r.epicorNetMinor + r.ignoredMinor);
  const by = fromMinor(diff < 0n ? -diff : diff);
  const cause =
    diff < 0n
      ? `the Woo total is ${by} lower than its items: part of it was paid by something that is not a line, shipping or fee (a gift card, store credit or a plugin's discount), which the import does not map`
      : `the Woo total is ${by} higher than its items: it charges for something that is not a line, shipping or fee (a plugin's line type the import does not map)`;
  return (
    `Woo total ${r.detail.total} minus tax ${r.detail.totalTax} is ${fromMinor(r.wooNetMinor)}, but the Epicor lines ${fromMinor(r.detail.linesMinor)} ` +
    `and charges ${fromMinor(r.detail.chargesMinor)}${ignored} come to ${fromMinor(r.epicorNetMinor + r.ignoredMinor)} ` +
    `(the Woo items at full precision: ${r.detail.exactItems}): ${cause}`
  );
}
