import type { Ctx } from './context';
import { err } from './errors';
import { mergeAddress } from './customers';
import { isManagingStock } from './products';
import { withLenientParams } from './params';
import {
  addCouponLine,
  applyCoupons,
  blankOrder,
  buildLineItem,
  paymentComplete,
  setOrderStatus,
  ORDER_STATUSES,
} from './orders';
import { toCents } from './money';
import type { Address, Order } from './store';

/** What a shopper does at the checkout (admin API `POST /_admin/shopper/orders`, `sim.placeOrder()`). */
export interface ShopperOrderInput {
  /** registered customer by e-mail; otherwise a guest order with `billing` */
  customer_email?: string;
  customer_id?: number;
  billing?: Partial<Address>;
  shipping_address?: Partial<Address>;
  line_items: { sku?: string; product_id?: number; variation_id?: number; quantity?: number }[];
  /** shipping line: a total ("4.90") or a full line */
  shipping?: string | { method_id?: string; method_title?: string; total: string };
  coupon?: string;
  fee?: { name: string; total: string };
  /** default: processing via set_paid; `checkout-draft` reproduces the block-checkout quirk */
  status?: string;
  set_paid?: boolean;
  payment_method?: string;
  payment_method_title?: string;
  customer_note?: string;
  meta_data?: { key: string; value: unknown }[];
}

const OFFLINE_GATEWAYS = ['bacs', 'cheque'];

/**
 * A checkout: the order is created (woocommerce_new_order -> order.created), then paid and saved again
 * (woocommerce_update_order -> order.updated). A `checkout-draft` order is only seen as order.updated
 * (is_valid_resource() does not skip that status, reference 2.1, #66995).
 */
export function placeOrder(ctx: Ctx, input: ShopperOrderInput): Order {
  const order = blankOrder(ctx, 'checkout');
  let customerId = input.customer_id ?? 0;
  if (input.customer_email) {
    const c = ctx.store.customerByEmail(input.customer_email);
    if (!c) throw err('sandbox_unknown_customer', `No customer with e-mail ${input.customer_email}`, 400);
    customerId = c.id;
  }
  const customer = customerId ? ctx.store.customers.get(customerId) : undefined;
  if (customerId && !customer) throw err('sandbox_unknown_customer', `No customer ${customerId}`, 400);
  if (customer) {
    order.customerId = customer.id;
    mergeAddress(order.billing, customer.billing);
    if (!order.billing.email) order.billing.email = customer.email;
    mergeAddress(order.shipping, customer.shipping);
  }
  mergeAddress(order.billing, input.billing);
  mergeAddress(order.shipping, input.shipping_address);
  if (!order.billing.email) throw err('sandbox_billing_email_required', 'Billing Email address is a required field.', 400);
  if (!input.line_items?.length) throw err('sandbox_empty_cart', 'Your cart is empty.', 400);

  input.line_items.forEach((li, i) => {
    const id = li.sku ? ctx.store.productBySku(li.sku)?.id : li.variation_id || li.product_id;
    const product = id ? ctx.store.products.get(id) : undefined;
    // Unlike the REST API, a shop cannot sell what does not exist or is not for sale.
    if (!product || product.status !== 'publish' && product.type !== 'variation') {
      throw err('sandbox_not_purchasable', `Line ${i}: product ${li.sku ?? id} cannot be purchased.`, 400);
    }
    const qty = li.quantity ?? 1;
    if (isManagingStock(ctx, product) && product.backorders === 'no' && (product.stockQuantity ?? 0) < qty) {
      throw err('sandbox_out_of_stock', `Line ${i}: not enough stock for ${product.sku || product.id}.`, 400);
    }
    if (!isManagingStock(ctx, product) && product.stockStatus === 'outofstock') {
      throw err('sandbox_out_of_stock', `Line ${i}: ${product.sku || product.id} is out of stock.`, 400);
    }
    order.lineItems.push(withLenientParams(() => buildLineItem(ctx, { product_id: product.id, quantity: qty }, `line_items[${i}]`)));
  });
  if (input.shipping !== undefined) {
    const s = typeof input.shipping === 'string' ? { total: input.shipping } : input.shipping;
    order.shippingLines.push({
      id: ctx.store.nextItemId(),
      methodTitle: s.method_title ?? 'Flat rate',
      methodId: s.method_id ?? 'flat_rate',
      instanceId: '',
      total: toCents(s.total),
      meta: [],
    });
  }
  if (input.fee) order.feeLines.push({ id: ctx.store.nextItemId(), name: input.fee.name, total: toCents(input.fee.total), meta: [] });
  if (input.coupon) addCouponLine(ctx, order, input.coupon);
  applyCoupons(ctx, order);
  order.paymentMethod = input.payment_method ?? 'bacs';
  order.paymentMethodTitle = input.payment_method_title ?? (order.paymentMethod === 'bacs' ? 'Direct bank transfer' : order.paymentMethod);
  order.customerNote = input.customer_note ?? '';
  for (const m of input.meta_data ?? []) order.meta.push({ id: ctx.store.nextMetaId(), key: m.key, value: m.value });

  const status = input.status;
  if (status && !(ORDER_STATUSES as readonly string[]).includes(status)) {
    throw err('sandbox_invalid_status', `Unknown status ${status}`, 400);
  }
  order.id = ctx.store.nextPostId();
  ctx.store.orders.set(order.id, order);
  if (status === 'checkout-draft') {
    order.status = 'checkout-draft';
    ctx.fire('order.updated', order.id);
    return order;
  }
  // Offline gateways chosen at checkout leave the order unpaid and on hold (bacs, cheque; real store: on-hold).
  const offline = !status && input.set_paid === undefined && OFFLINE_GATEWAYS.includes(input.payment_method ?? '');
  const setPaid = input.set_paid ?? (!status && !offline);
  if (setPaid) paymentComplete(ctx, order);
  if (status) setOrderStatus(ctx, order, status);
  else if (offline) setOrderStatus(ctx, order, 'on-hold');
  ctx.fire('order.created', order.id);
  ctx.fire('order.updated', order.id);
  return order;
}
