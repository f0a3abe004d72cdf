import { z } from 'zod';

/**
 * Shapes of the WooCommerce REST v3 resources the connector reads, written against the real captures in
 * test/fixtures/woocommerce (WooCommerce 9.9.5 and 11.0.1). Conventions (ref §3.1-3.3):
 * money is a string rounded to the store's decimals; a line item's `price` is a number (total / quantity);
 * dates come without a zone, so only the `*_gmt` ones are meaningful (UTC); `sku` is null when the product
 * is gone; refund lines are negative. Every object is `.passthrough()` so fields we do not model survive.
 */

const money = z.string();
const gmtDate = z.string(); // "YYYY-MM-DDTHH:MM:SS", UTC

export const metaDataSchema = z
  .object({ id: z.number().optional(), key: z.string(), value: z.unknown() })
  .passthrough();
export type WooMetaData = z.infer<typeof metaDataSchema>;

const addressField = z.string().optional();
export const addressSchema = z
  .object({
    first_name: addressField,
    last_name: addressField,
    company: addressField,
    address_1: addressField,
    address_2: addressField,
    city: addressField,
    state: addressField,
    postcode: addressField,
    country: addressField,
    email: addressField, // billing only
    phone: addressField,
  })
  .passthrough();
export type WooAddress = z.infer<typeof addressSchema>;

export const lineItemSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    product_id: z.number(),
    variation_id: z.number(),
    quantity: z.number(), // negative on refunds
    sku: z.string().nullable(), // null when the product no longer exists
    price: z.number(),
    subtotal: money,
    total: money,
    total_tax: money,
    meta_data: z.array(metaDataSchema),
  })
  .passthrough();
export type WooLineItem = z.infer<typeof lineItemSchema>;

export const shippingLineSchema = z
  .object({
    id: z.number(),
    method_id: z.string(),
    method_title: z.string(),
    total: money,
    total_tax: money,
    meta_data: z.array(metaDataSchema).optional(),
  })
  .passthrough();
export type WooShippingLine = z.infer<typeof shippingLineSchema>;

export const feeLineSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    total: money,
    total_tax: money,
    meta_data: z.array(metaDataSchema).optional(),
  })
  .passthrough();
export type WooFeeLine = z.infer<typeof feeLineSchema>;

export const couponLineSchema = z
  .object({ id: z.number(), code: z.string(), discount: money, discount_tax: money })
  .passthrough();
export type WooCouponLine = z.infer<typeof couponLineSchema>;

/** Summary of a refund inside its order: `total` is negative, e.g. "-12.50" (ref §2.3). */
export const orderRefundRefSchema = z
  .object({ id: z.number(), reason: z.string(), total: money })
  .passthrough();

export const orderSchema = z
  .object({
    id: z.number(),
    number: z.string(),
    status: z.string(),
    currency: z.string(),
    date_created_gmt: gmtDate,
    date_modified_gmt: gmtDate,
    customer_id: z.number(), // 0 = guest
    billing: addressSchema,
    shipping: addressSchema,
    line_items: z.array(lineItemSchema),
    shipping_lines: z.array(shippingLineSchema),
    fee_lines: z.array(feeLineSchema),
    coupon_lines: z.array(couponLineSchema),
    refunds: z.array(orderRefundRefSchema),
    total: money,
    total_tax: money,
    shipping_total: money,
    discount_total: money,
    meta_data: z.array(metaDataSchema),
  })
  .passthrough();
export type WooOrder = z.infer<typeof orderSchema>;

/**
 * A refund (ref §3.3): `amount` is positive, its lines are negative (quantity and totals) and point at the
 * order's line through the meta `_refunded_item_id`.
 */
export const refundSchema = z
  .object({
    id: z.number(),
    amount: money,
    reason: z.string(),
    date_created_gmt: gmtDate,
    line_items: z.array(lineItemSchema),
    shipping_lines: z.array(shippingLineSchema),
    fee_lines: z.array(feeLineSchema),
    meta_data: z.array(metaDataSchema).optional(),
  })
  .passthrough();
export type WooRefund = z.infer<typeof refundSchema>;

/** The order line a refund line refunds, from its `_refunded_item_id` meta (a numeric string in the captures). */
export function refundedItemId(line: WooLineItem): number | undefined {
  const meta = line.meta_data.find((m) => m.key === '_refunded_item_id');
  const id = Number(meta?.value);
  return meta && Number.isInteger(id) ? id : undefined;
}

export const productSchema = z
  .object({
    id: z.number(),
    sku: z.string().nullable(),
    name: z.string(),
    type: z.string(), // simple, variable, grouped, external, variation, ...
    parent_id: z.number(),
    status: z.string(),
    regular_price: money,
    price: money,
    description: z.string(),
    short_description: z.string().optional(), // variations have none
    manage_stock: z.union([z.boolean(), z.literal('parent')]), // variations may say "parent"
    stock_quantity: z.number().nullable(),
    catalog_visibility: z.string().optional(),
    purchasable: z.boolean(),
    meta_data: z.array(metaDataSchema),
  })
  .passthrough();
export type WooProduct = z.infer<typeof productSchema>;

export const customerSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: z.string(),
    username: z.string(),
    billing: addressSchema,
    shipping: addressSchema,
    meta_data: z.array(metaDataSchema),
  })
  .passthrough();
export type WooCustomer = z.infer<typeof customerSchema>;

/** Webhook resource (ref §4); the secret is write-only and never comes back. */
export const webhookSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    status: z.enum(['active', 'paused', 'disabled']),
    topic: z.string(),
    delivery_url: z.string(),
    resource: z.string().optional(),
    event: z.string().optional(),
    hooks: z.array(z.string()).optional(),
    date_created_gmt: gmtDate.nullable().optional(),
    date_modified_gmt: gmtDate.nullable().optional(),
  })
  .passthrough();
export type WooWebhook = z.infer<typeof webhookSchema>;
export type WooWebhookStatus = WooWebhook['status'];

/** What `upsertProducts` writes: `sku` is the key; `id` when the caller already knows the product. */
export type ProductWrite = { id?: number; sku: string } & Record<string, unknown>;
/** What `upsertCustomers` writes: `email` is the key (unique among WordPress users, ref §3.5). */
export type CustomerWrite = { id?: number; email: string } & Record<string, unknown>;
