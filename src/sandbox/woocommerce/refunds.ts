import type { Ctx, View } from './context';
import { wcMajor } from './context';
import { WooError } from './errors';
import { formatGmt, formatLocal } from './dates';
import { formatCents, toCents, isDecimal } from './money';
import { optBool, optNumber, optString, type Params } from './params';
import { orderTotals, renderLineItem, restockRefunded, setOrderStatus } from './orders';
import type { LineItem, Refund } from './store';

/**
 * POST /orders/{id}/refunds as WC_REST_Order_Refunds_V2_Controller + wc_create_refund() (reference 3.3).
 * Errors are built as `new WP_Error(code, msg, 500)` with a bare number as data, which core turns into an
 * HTTP 500 with `"data": 500` (or `"data": 404` for an unknown order): the status is NOT in data.
 */
const bare = (code: string, message: string, data: number) => new WooError(code, message, data);

export function refundedCents(ctx: Ctx, orderId: number): number {
  const order = ctx.store.orders.get(orderId);
  return (order?.refundIds ?? []).reduce((s, id) => s + (ctx.store.refunds.get(id)?.amount ?? 0), 0);
}

export function createRefund(ctx: Ctx, orderId: number, p: Params, refundedBy = 1): Refund {
  const amountText = optString(p, 'amount');
  const reason = optString(p, 'reason') ?? '';
  const apiRefund = optBool(p, 'api_refund') ?? true; // docs: defaults to true, the gateway refunds
  const apiRestock = optBool(p, 'api_restock') ?? true;
  const order = ctx.store.orders.get(orderId);
  if (!order) throw bare('woocommerce_rest_invalid_order_id', 'Invalid order ID.', 404);

  const requested = Array.isArray(p.line_items) ? (p.line_items as Params[]) : [];
  const lines: { item: LineItem; qty: number; total: number }[] = [];
  for (const [i, posted] of requested.entries()) {
    const item = order.lineItems.find((x) => x.id === Number(posted.id));
    const refundTotal = optNumber(posted, 'refund_total', `line_items[${i}][refund_total]`);
    if (!item) continue; // wc_create_refund() skips ids that are not on the order
    const qty = Math.max(0, Number(posted.quantity ?? 0));
    lines.push({ item, qty, total: refundTotal !== undefined ? toCents(refundTotal) : 0 });
  }
  let amount: number;
  if (amountText !== undefined && amountText !== '') {
    if (!isDecimal(amountText)) throw bare('woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.', 500);
    amount = toCents(amountText);
  } else amount = lines.reduce((s, l) => s + l.total, 0);
  if (amount < 0) throw bare('woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.', 400);

  const remaining = orderTotals(order).total - refundedCents(ctx, orderId);
  if (amount > remaining) throw bare('woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.', 500);
  if (apiRefund) {
    // wc_refund_payment(): only gateways that support refunds can; bacs/cheque/cod cannot.
    if (!order.paymentMethod) {
      throw bare('woocommerce_rest_cannot_create_order_refund', 'The payment gateway for this order does not exist.', 500);
    }
    if (!ctx.settings.refundGateways.includes(order.paymentMethod)) {
      throw bare(
        'woocommerce_rest_cannot_create_order_refund',
        'The payment gateway for this order does not support automatic refunds.',
        500,
      );
    }
  }

  const now = ctx.now();
  const refund: Refund = {
    id: ctx.store.nextPostId(),
    orderId,
    created: now,
    amount,
    reason,
    refundedBy,
    refundedPayment: apiRefund,
    meta: [],
    lineItems: lines.map(({ item, qty, total }) => ({
      // wc_create_refund(): quantity * -1, totals negated, `_refunded_item_id` points at the order line.
      id: ctx.store.nextItemId(),
      name: item.name,
      productId: item.productId,
      variationId: item.variationId,
      quantity: -qty,
      taxClass: item.taxClass,
      subtotal: -total,
      total: -total,
      meta: [{ id: ctx.store.nextMetaId(), key: '_refunded_item_id', value: String(item.id) }],
      orphan: item.orphan,
    })),
  };
  if (wcMajor(ctx) >= 10) {
    refund.meta.push({ id: ctx.store.nextMetaId(), key: '_refund_type', value: amount === remaining ? 'full' : 'partial' });
  }
  ctx.store.refunds.set(refund.id, refund);
  order.refundIds.push(refund.id);
  if (apiRestock) for (const l of lines) restockRefunded(ctx, l.item, l.qty);
  order.modified = now;
  // wc_order_fully_refunded(): nothing left to refund -> status refunded.
  if (amount === remaining && order.status !== 'refunded') setOrderStatus(ctx, order, 'refunded');
  // No refund.* topic: the parent order gets order.updated (reference 2.3).
  ctx.fire('order.updated', orderId);
  return refund;
}

/** Key order as fixture rest_order_refund_create_201. */
export function renderRefund(ctx: Ctx, refund: Refund, view: View): Record<string, unknown> {
  const base = `${view.restRoot}wc/v3/orders/${refund.orderId}`;
  return {
    id: refund.id,
    date_created: formatLocal(refund.created, ctx.settings.timezone),
    date_created_gmt: formatGmt(refund.created),
    amount: formatCents(refund.amount),
    reason: refund.reason,
    refunded_by: refund.refundedBy,
    refunded_payment: refund.refundedPayment,
    meta_data: refund.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    // Refund lines divide a negative total by a negative quantity: price comes out positive (fixture).
    line_items: refund.lineItems.map((i) => renderLineItem(ctx, i)),
    shipping_lines: [],
    tax_lines: [],
    fee_lines: [],
    _links: {
      self: [{ href: `${base}/refunds/${refund.id}`, targetHints: { allow: ['GET', 'DELETE'] } }],
      collection: [{ href: `${base}/refunds` }],
      up: [{ href: base }],
    },
  };
}
