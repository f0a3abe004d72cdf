import { randomBytes } from 'node:crypto';
import type { Ctx, View } from './context';
import { wcMajor } from './context';
import { err, invalidParam } from './errors';
import { formatGmt, formatLocal } from './dates';
import { formatCents, toCents, unitPrice, isDecimal } from './money';
import { mergeAddress } from './customers';
import { activePrice, isManagingStock, syncStockStatus } from './products';
import { isIntLike, optBool, optEnum, optInt, optString, type Params } from './params';
import { applyMeta, emptyAddress, type Order, type LineItem, type ItemMeta } from './store';

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
] as const;
const PAID_STATUSES = ['processing', 'completed', 'on-hold'];
const GATEWAY_TITLES: Record<string, string> = {
  bacs: 'Direct bank transfer',
  cheque: 'Check payments',
  cod: 'Cash on delivery',
};

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function orderKey(): string {
  const bytes = randomBytes(13);
  return 'wc_order_' + [...bytes].map((b) => ALNUM[b % ALNUM.length]).join('');
}

export function blankOrder(ctx: Ctx, createdVia: string): Order {
  const now = ctx.now();
  return {
    id: 0,
    status: 'pending',
    currency: ctx.settings.currency,
    version: ctx.settings.wcVersion,
    created: now,
    modified: now,
    paid: null,
    completed: null,
    customerId: 0,
    orderKey: orderKey(),
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    paymentMethod: '',
    paymentMethodTitle: '',
    transactionId: '',
    createdVia,
    customerNote: '',
    meta: [],
    lineItems: [],
    shippingLines: [],
    feeLines: [],
    couponLines: [],
    refundIds: [],
    stockReduced: false,
    salesRecorded: false,
  };
}

/**
 * prepare_line_items(): `sku` wins over `variation_id` over `product_id`; an id or SKU that matches no product
 * is NOT an error: the order gets an empty line (fixture rest_order_create_unknown_product_201).
 */
export function buildLineItem(ctx: Ctx, posted: Record<string, unknown>, path: string): LineItem {
  const quantity = posted.quantity === undefined ? 1 : posted.quantity;
  if (!isIntLike(quantity)) throw invalidParam(path, `${path}[quantity] is not of type integer.`, 'rest_invalid_type');
  for (const k of ['product_id', 'variation_id']) {
    if (posted[k] !== undefined && posted[k] !== null && !isIntLike(posted[k])) {
      throw invalidParam(path, `${path}[${k}] is not of type integer.`, 'rest_invalid_type');
    }
  }
  let productId = 0;
  if (typeof posted.sku === 'string' && posted.sku) productId = ctx.store.productBySku(posted.sku)?.id ?? 0;
  else if (Number(posted.variation_id)) productId = Number(posted.variation_id);
  else if (Number(posted.product_id)) productId = Number(posted.product_id);
  else throw err('woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', 400);
  const product = ctx.store.products.get(productId);
  const qty = Number(quantity);
  const item: LineItem = {
    id: ctx.store.nextItemId(),
    name: '',
    productId: 0,
    variationId: 0,
    quantity: qty,
    taxClass: '',
    subtotal: 0,
    total: 0,
    meta: [],
    orphan: !product,
  };
  if (product) {
    const parent = product.parentId ? ctx.store.products.get(product.parentId) : undefined;
    item.name = parent ? `${parent.name} - ${product.attributes.map((a) => a.option).join(', ')}` : product.name;
    item.productId = parent ? parent.id : product.id;
    item.variationId = parent ? product.id : 0;
    item.subtotal = item.total = toCents(activePrice(product) || '0') * qty;
  }
  for (const k of ['subtotal', 'total'] as const) {
    const v = posted[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw invalidParam(path, `${path}[${k}] is not of type string.`, 'rest_invalid_type');
    if (isDecimal(v)) item[k] = toCents(v);
  }
  if (posted.total !== undefined && posted.subtotal === undefined && !product) item.subtotal = item.total;
  if (typeof posted.name === 'string') item.name = posted.name;
  if (Array.isArray(posted.meta_data)) {
    for (const m of posted.meta_data as { key?: string; value?: unknown }[]) {
      if (m && typeof m.key === 'string') item.meta.push({ id: ctx.store.nextMetaId(), key: m.key, value: String(m.value ?? '') });
    }
  }
  return item;
}

/** WC_Order::calculate_totals() without taxes (the captured store has taxes off). Coupons split by line subtotal. */
export function orderTotals(order: Order) {
  const lines = order.lineItems.reduce((s, i) => s + i.total, 0);
  const discount = order.lineItems.reduce((s, i) => s + (i.subtotal - i.total), 0);
  const shipping = order.shippingLines.reduce((s, l) => s + l.total, 0);
  const fees = order.feeLines.reduce((s, f) => s + f.total, 0);
  return { discount, shipping, total: lines + shipping + fees };
}

export function applyCoupons(ctx: Ctx, order: Order): void {
  for (const item of order.lineItems) item.total = item.subtotal;
  for (const line of order.couponLines) {
    const coupon = ctx.store.coupons.get(line.code.toLowerCase());
    if (!coupon) continue;
    const base = order.lineItems.reduce((s, i) => s + i.total, 0);
    line.nominalAmount = coupon.amount;
    if (coupon.discountType === 'fixed_cart') {
      line.discount = applyFixedCart(order.lineItems, Math.min(coupon.amount, base));
      continue;
    }
    let discount = Math.round((base * coupon.amount) / 100);
    line.discount = discount;
    order.lineItems.forEach((item, idx) => {
      const share = idx === order.lineItems.length - 1 ? discount : base ? Math.round((discount * item.total) / base) : 0;
      const taken = Math.min(share, item.total);
      item.total -= taken;
      discount -= taken;
    });
  }
}

/**
 * WC_Discounts::apply_coupon_fixed_cart(): the amount is split per unit, not by price (5.00 over 2 × 12.50 and
 * 1 × 7.90 takes 1.66 a unit; seen on a real store), whole cents first, then the leftover cents one unit at a
 * time, the most expensive line first. Returns the cents taken.
 */
function applyFixedCart(items: LineItem[], amount: number): number {
  const byPrice = [...items].sort((a, b) => b.subtotal - a.subtotal);
  const units = items.reduce((s, i) => s + i.quantity, 0);
  if (!units || amount <= 0) return 0;
  let taken = 0;
  const perUnit = Math.floor(amount / units);
  if (perUnit > 0) {
    for (const item of byPrice) {
      const d = Math.min(perUnit * item.quantity, item.total);
      item.total -= d;
      taken += d;
    }
    if (taken > 0 && taken < amount) taken += applyFixedCart(items, amount - taken);
    return taken;
  }
  for (const item of byPrice) {
    for (let u = 0; u < item.quantity && taken < amount && item.total > 0; u++) {
      item.total -= 1;
      taken += 1;
    }
  }
  return taken;
}

export function addCouponLine(ctx: Ctx, order: Order, code: string): void {
  const coupon = ctx.store.coupons.get(code.toLowerCase());
  if (!coupon) throw err('woocommerce_rest_invalid_coupon', `Coupon "${code}" does not exist!`, 400);
  order.couponLines.push({
    id: ctx.store.nextItemId(),
    code: coupon.code,
    discount: 0,
    discountType: coupon.discountType,
    nominalAmount: coupon.amount,
    meta: [],
  });
}

export function needsProcessing(ctx: Ctx, order: Order): boolean {
  return order.lineItems.some((i) => {
    const p = ctx.store.products.get(i.variationId || i.productId);
    return !!p && !(p.virtual && p.downloadable);
  });
}

function itemMeta(item: ItemMeta[]) {
  return item.map((m) => ({ id: m.id, key: m.key, value: m.value, display_key: m.key, display_value: m.value }));
}

function setItemMeta(ctx: Ctx, item: LineItem, key: string, value: string | null): void {
  const existing = item.meta.find((m) => m.key === key);
  if (value === null) item.meta = item.meta.filter((m) => m.key !== key);
  else if (existing) existing.value = value;
  else item.meta.push({ id: ctx.store.nextMetaId(), key, value });
}

/** wc_maybe_reduce_stock_levels(): once per order; items remember `_reduced_stock` (fixture order line meta). */
function reduceStock(ctx: Ctx, order: Order): void {
  if (order.stockReduced) return;
  order.stockReduced = true;
  for (const item of order.lineItems) {
    const product = ctx.store.products.get(item.variationId || item.productId);
    if (!product || !isManagingStock(ctx, product)) continue;
    product.stockQuantity = (product.stockQuantity ?? 0) - item.quantity;
    syncStockStatus(ctx, product);
    product.modified = ctx.now();
    setItemMeta(ctx, item, '_reduced_stock', String(item.quantity));
    ctx.fire('product.updated', product.id);
  }
}

/** wc_maybe_increase_stock_levels() on cancel/pending: gives back what `_reduced_stock` says. */
function restoreStock(ctx: Ctx, order: Order): void {
  if (!order.stockReduced) return;
  order.stockReduced = false;
  for (const item of order.lineItems) {
    const reduced = Number(item.meta.find((m) => m.key === '_reduced_stock')?.value ?? 0);
    const product = ctx.store.products.get(item.variationId || item.productId);
    if (!reduced || !product || !isManagingStock(ctx, product)) continue;
    product.stockQuantity = (product.stockQuantity ?? 0) + reduced;
    syncStockStatus(ctx, product);
    product.modified = ctx.now();
    setItemMeta(ctx, item, '_reduced_stock', null);
    ctx.fire('product.updated', product.id);
  }
}

/** Refund restock (api_restock, default true): stock back, `_reduced_stock` lowered, `_restock_refunded_items` added. */
export function restockRefunded(ctx: Ctx, item: LineItem, qty: number): void {
  const product = ctx.store.products.get(item.variationId || item.productId);
  if (!product || !isManagingStock(ctx, product) || qty <= 0) return;
  product.stockQuantity = (product.stockQuantity ?? 0) + qty;
  syncStockStatus(ctx, product);
  product.modified = ctx.now();
  const reduced = item.meta.find((m) => m.key === '_reduced_stock');
  if (reduced) reduced.value = String(Math.max(0, Number(reduced.value) - qty));
  const before = Number(item.meta.find((m) => m.key === '_restock_refunded_items')?.value ?? 0);
  setItemMeta(ctx, item, '_restock_refunded_items', String(before + qty));
  ctx.fire('product.updated', product.id);
}

/**
 * Status transition side effects (WC_Order::status_transition() and the hooks on it): paid/completed dates,
 * stock, total_sales, the customer's is_paying_customer (which saves the customer: customer.updated).
 */
export function setOrderStatus(ctx: Ctx, order: Order, status: string): void {
  const from = order.status;
  order.status = status;
  if (from === status) return;
  const now = ctx.now();
  if ((status === 'processing' || status === 'completed') && !order.paid) order.paid = now;
  if (status === 'completed' && !order.completed) order.completed = now;
  if (PAID_STATUSES.includes(status)) {
    reduceStock(ctx, order);
    if (!order.salesRecorded) {
      order.salesRecorded = true;
      for (const item of order.lineItems) {
        const p = ctx.store.products.get(item.productId);
        if (p) p.totalSales += item.quantity;
      }
    }
  }
  if (status === 'processing' || status === 'completed') markPayingCustomer(ctx, order);
  if (status === 'cancelled' || status === 'pending') restoreStock(ctx, order);
}

function markPayingCustomer(ctx: Ctx, order: Order): void {
  const customer = order.customerId ? ctx.store.customers.get(order.customerId) : undefined;
  if (!customer || customer.isPayingCustomer) return;
  customer.isPayingCustomer = true;
  customer.modified = ctx.now();
  ctx.fire('customer.updated', customer.id);
}

/** WC_Order::payment_complete(): processing, or completed when nothing needs processing. */
export function paymentComplete(ctx: Ctx, order: Order): void {
  if (!order.paid) order.paid = ctx.now();
  setOrderStatus(ctx, order, needsProcessing(ctx, order) ? 'processing' : 'completed');
}

/** Fields shared by REST create/update (WC_REST_Orders_V2_Controller::prepare_object_for_database()). */
export function applyOrderInput(ctx: Ctx, order: Order, p: Params, creating: boolean): { status?: string; setPaid: boolean } {
  const customerId = optInt(p, 'customer_id');
  if (customerId !== undefined) {
    if (customerId !== 0 && !ctx.store.customers.has(customerId)) {
      throw err('woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', 400);
    }
    order.customerId = customerId;
  }
  mergeAddress(order.billing, p.billing);
  mergeAddress(order.shipping, p.shipping);
  if (order.billing.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(order.billing.email)) {
    throw err('order_invalid_billing_email', 'Invalid billing email address', 400);
  }
  for (const [key, prop] of [
    ['payment_method', 'paymentMethod'],
    ['payment_method_title', 'paymentMethodTitle'],
    ['transaction_id', 'transactionId'],
    ['customer_note', 'customerNote'],
    ['currency', 'currency'],
  ] as const) {
    const v = optString(p, key);
    if (v !== undefined) order[prop] = v;
  }
  if (p.payment_method !== undefined && p.payment_method_title === undefined && !order.paymentMethodTitle) {
    order.paymentMethodTitle = GATEWAY_TITLES[order.paymentMethod] ?? order.paymentMethod;
  }
  const status = optEnum(p, 'status', ORDER_STATUSES);
  const setPaid = optBool(p, 'set_paid') ?? false;
  applyMeta(ctx.store, order.meta, p.meta_data);

  if (Array.isArray(p.line_items)) {
    (p.line_items as Record<string, unknown>[]).forEach((posted, i) => {
      const path = `line_items[${i}]`;
      const id = Number(posted.id ?? 0);
      if (id && !creating) {
        const idx = order.lineItems.findIndex((x) => x.id === id);
        if (idx < 0) throw err('woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.', 400);
        if (posted.quantity !== undefined && Number(posted.quantity) === 0) {
          order.lineItems.splice(idx, 1);
          return;
        }
        const existing = order.lineItems[idx];
        const q = posted.quantity !== undefined ? Number(posted.quantity) : existing.quantity;
        if (q !== existing.quantity && posted.total === undefined && existing.quantity) {
          existing.subtotal = Math.round((existing.subtotal / existing.quantity) * q);
          existing.total = existing.subtotal;
        }
        existing.quantity = q;
        for (const k of ['subtotal', 'total'] as const) if (typeof posted[k] === 'string') existing[k] = toCents(posted[k]);
        return;
      }
      order.lineItems.push(buildLineItem(ctx, posted, path));
    });
  }
  if (Array.isArray(p.shipping_lines)) {
    for (const s of p.shipping_lines as Record<string, unknown>[]) {
      const existing = s.id ? order.shippingLines.find((x) => x.id === Number(s.id)) : undefined;
      const line = existing ?? { id: ctx.store.nextItemId(), methodTitle: '', methodId: '', instanceId: '', total: 0, meta: [] };
      if (typeof s.method_title === 'string') line.methodTitle = s.method_title;
      if (typeof s.method_id === 'string') line.methodId = s.method_id;
      if (typeof s.instance_id === 'string') line.instanceId = s.instance_id;
      if (typeof s.total === 'string' && isDecimal(s.total)) line.total = toCents(s.total);
      if (!existing) order.shippingLines.push(line);
    }
  }
  if (Array.isArray(p.fee_lines)) {
    for (const f of p.fee_lines as Record<string, unknown>[]) {
      order.feeLines.push({
        id: ctx.store.nextItemId(),
        name: String(f.name ?? ''),
        total: typeof f.total === 'string' && isDecimal(f.total) ? toCents(f.total) : 0,
        meta: [],
      });
    }
  }
  if (Array.isArray(p.coupon_lines)) {
    for (const c of p.coupon_lines as Record<string, unknown>[]) {
      if (typeof c.code === 'string' && c.code) addCouponLine(ctx, order, c.code);
    }
  }
  if (p.line_items || p.coupon_lines) applyCoupons(ctx, order);
  return { status, setPaid };
}

export function orderOr404(ctx: Ctx, id: number, status = 404): Order {
  const order = ctx.store.orders.get(id);
  if (!order) throw err('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', status);
  return order;
}

/** POST /orders: saved (woocommerce_new_order), totals recalculated and saved again (woocommerce_update_order):
 * that is why one REST create produces both order.created and order.updated (fixtures). */
export function createOrder(ctx: Ctx, p: Params, createdVia = 'rest-api'): Order {
  if (p.id !== undefined && p.id !== null && p.id !== 0) {
    throw err('woocommerce_rest_shop_order_exists', 'Cannot create existing shop_order.', 400);
  }
  const order = blankOrder(ctx, createdVia);
  const { status, setPaid } = applyOrderInput(ctx, order, p, true);
  order.id = ctx.store.nextPostId();
  ctx.store.orders.set(order.id, order);
  if (status) setOrderStatus(ctx, order, status);
  if (setPaid) paymentComplete(ctx, order);
  ctx.fire('order.created', order.id);
  ctx.fire('order.updated', order.id);
  return order;
}

export function updateOrder(ctx: Ctx, order: Order, p: Params): Order {
  const { status, setPaid } = applyOrderInput(ctx, order, p, false);
  if (status) setOrderStatus(ctx, order, status);
  if (setPaid) paymentComplete(ctx, order);
  order.modified = ctx.now();
  ctx.fire('order.updated', order.id);
  return order;
}

function addressOut(a: { [k: string]: string | undefined }, withEmail: boolean) {
  const keys = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country'];
  const out: Record<string, string> = Object.fromEntries(keys.map((k) => [k, a[k] ?? '']));
  if (withEmail) out.email = a.email ?? '';
  out.phone = a.phone ?? '';
  return out;
}

export function renderLineItem(ctx: Ctx, item: LineItem): Record<string, unknown> {
  const product = item.orphan ? undefined : ctx.store.products.get(item.variationId || item.productId);
  const parent = product?.parentId ? ctx.store.products.get(product.parentId) : undefined;
  const out: Record<string, unknown> = {
    id: item.id,
    name: item.name,
    product_id: item.productId,
    variation_id: item.variationId,
    quantity: item.quantity,
    tax_class: item.taxClass,
    subtotal: formatCents(item.subtotal),
    subtotal_tax: '0.00',
    total: formatCents(item.total),
    total_tax: '0.00',
    taxes: [],
    meta_data: itemMeta(item.meta),
    sku: product ? product.sku : null,
  };
  if (wcMajor(ctx) >= 10) out.global_unique_id = product ? '' : null;
  out.price = item.orphan ? 0 : unitPrice(item.total, item.quantity);
  out.image = product ? { id: '', src: '' } : { id: 0, src: '' };
  out.parent_name = parent ? parent.name : null;
  return out;
}

/** Key order as WC_REST_Orders_V2_Controller (fixtures rest_order_*). */
export function renderOrder(ctx: Ctx, order: Order, view: View): Record<string, unknown> {
  const tz = ctx.settings.timezone;
  const local = (s: number | null) => (s === null ? null : formatLocal(s, tz));
  const gmt = (s: number | null) => (s === null ? null : formatGmt(s));
  const { discount, shipping, total } = orderTotals(order);
  const refunds = order.refundIds
    .map((id) => ctx.store.refunds.get(id))
    .filter((r) => !!r)
    .sort((a, b) => b.id - a.id)
    .map((r) => {
      const out: Record<string, unknown> = { id: r.id, reason: r.reason, total: formatCents(-r.amount) };
      if (wcMajor(ctx) >= 10) out.total_tax = '0.00';
      return out;
    });
  const links: Record<string, unknown> = {
    self: [{ href: `${view.restRoot}wc/v3/orders/${order.id}`, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } }],
    collection: [{ href: `${view.restRoot}wc/v3/orders` }],
    email_templates: [{ embeddable: true, href: `${view.restRoot}wc/v3/orders/${order.id}/actions/email_templates` }],
  };
  if (order.customerId) links.customer = [{ href: `${view.restRoot}wc/v3/customers/${order.customerId}` }];
  return {
    id: order.id,
    parent_id: 0,
    status: order.status,
    currency: order.currency,
    version: order.version,
    prices_include_tax: false,
    date_created: local(order.created),
    date_modified: local(order.modified),
    discount_total: formatCents(discount),
    discount_tax: '0.00',
    shipping_total: formatCents(shipping),
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total: formatCents(total),
    total_tax: '0.00',
    customer_id: order.customerId,
    order_key: order.orderKey,
    billing: addressOut(order.billing as never, true),
    shipping: addressOut(order.shipping as never, false),
    payment_method: order.paymentMethod,
    payment_method_title: order.paymentMethodTitle,
    transaction_id: order.transactionId,
    customer_ip_address: '',
    customer_user_agent: '',
    created_via: order.createdVia,
    customer_note: order.customerNote,
    date_completed: local(order.completed),
    date_paid: local(order.paid),
    cart_hash: '',
    number: String(order.id),
    meta_data: order.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: order.lineItems.map((i) => renderLineItem(ctx, i)),
    tax_lines: [],
    shipping_lines: order.shippingLines.map((s) => ({
      id: s.id,
      method_title: s.methodTitle,
      method_id: s.methodId,
      instance_id: s.instanceId,
      total: formatCents(s.total),
      total_tax: '0.00',
      taxes: [],
      tax_status: 'taxable',
      meta_data: itemMeta(s.meta),
    })),
    fee_lines: order.feeLines.map((f) => ({
      id: f.id,
      name: f.name,
      tax_class: '',
      tax_status: 'taxable',
      amount: formatCents(f.total),
      total: formatCents(f.total),
      total_tax: '0.00',
      taxes: [],
      meta_data: itemMeta(f.meta),
    })),
    coupon_lines: order.couponLines.map((c) => ({
      id: c.id,
      code: c.code,
      discount: formatCents(c.discount),
      discount_tax: '0.00',
      discount_type: c.discountType,
      nominal_amount: c.discountType === 'percent' ? c.nominalAmount : c.nominalAmount / 100,
      free_shipping: false,
      meta_data: itemMeta(c.meta),
    })),
    refunds,
    payment_url: `${view.site}checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.orderKey}`,
    is_editable: ['pending', 'on-hold', 'auto-draft', 'checkout-draft'].includes(order.status),
    needs_payment: ['pending', 'failed'].includes(order.status) && total > 0,
    needs_processing: needsProcessing(ctx, order),
    date_created_gmt: gmt(order.created),
    date_modified_gmt: gmt(order.modified),
    date_completed_gmt: gmt(order.completed),
    date_paid_gmt: gmt(order.paid),
    currency_symbol: ctx.settings.currencySymbol,
    _links: links,
  };
}
