import type { WooOrder } from '../woocommerce/types';
import { fromMinor, sumMinor, toMinor } from './money';
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

type PlanInput = Pick<WooOrder, 'line_items' | 'shipping_lines' | 'fee_lines'>;

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
    lines.push(...priceLines(lineReference(item.id), sku, item.quantity, toMinor(item.total)).filter((l) => !present.has(l.reference)));
  }

  for (const ship of order.shipping_lines) {
    if (imported.has(ship.id) || present.has(shippingReference(ship.id))) continue;
    const amount = toMinor(ship.total);
    if (amount === 0n || mapping.shipping === 'ignore') continue;
    if (mapping.shipping === 'part') {
      lines.push({ ...priceLines(shippingReference(ship.id), mapping.shippingCode, 1, amount)[0], kind: 'shipping' });
    } else {
      charges.push({ reference: shippingReference(ship.id), miscCode: mapping.shippingCode, amount: fromMinor(amount), kind: 'shipping' });
    }
  }

  for (const fee of order.fee_lines) {
    if (imported.has(fee.id) || present.has(feeReference(fee.id))) continue;
    const amount = toMinor(fee.total);
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
}

/**
 * The accounting check: Epicor lines + misc (+ ignored shipping) == Woo total - tax, exactly. Unbalanced means
 * the Woo order holds something the plan does not map (a gift card or store credit paid by a plugin, a line
 * type this connector does not know): importing it would book a different amount than the shop charged.
 */
export function reconcile(order: Pick<WooOrder, 'total' | 'total_tax' | 'shipping_lines'>, plan: OrderPlan, mapping: Pick<ShippingMapping, 'shipping'>): Reconciliation {
  const epicorNetMinor = sumMinor([...plan.lines.map((l) => toMinor(l.extPrice)), ...plan.charges.map((c) => toMinor(c.amount))]);
  const wooNetMinor = toMinor(order.total) - toMinor(order.total_tax);
  const ignoredMinor = mapping.shipping === 'ignore' ? sumMinor(order.shipping_lines.map((s) => toMinor(s.total))) : 0n;
  return { epicorNetMinor, wooNetMinor, ignoredMinor, balanced: epicorNetMinor + ignoredMinor === wooNetMinor };
}

/** Why an unbalanced reconciliation parks the order, in terms an operator can check in both systems. */
export function describeMismatch(r: Reconciliation): string {
  const ignored = r.ignoredMinor ? ` + ignored shipping ${fromMinor(r.ignoredMinor)}` : '';
  return `Epicor lines and charges ${fromMinor(r.epicorNetMinor)}${ignored} do not equal the Woo total minus tax ${fromMinor(r.wooNetMinor)} (an item the import does not map, such as a gift card)`;
}
