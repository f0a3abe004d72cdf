import type { RequestScope } from '../http/request-scope';
import type { WooConfig } from '../config';
import type { Logger } from '../logger';
import { BATCH_LIMIT, runBatch, type BatchOps, type BatchResource, type BatchResult } from './batch';
import { createHttp, type Method, type Query, type WooResponse } from './http';
import { collect, formatGmt, pages } from './pager';
import { parseAs } from './parse';
import {
  customerSchema,
  orderSchema,
  productSchema,
  refundSchema,
  type CustomerWrite,
  type ProductWrite,
  type WooCustomer,
  type WooOrder,
  type WooProduct,
  type WooRefund,
} from './types';
import { upsertCustomers, upsertProducts, type UpsertResult } from './upsert';
import { createWebhooksApi, type WebhooksApi } from './webhooks';

export interface WooClientOptions {
  logger?: Logger;
  now?: () => number;
  /** Items per batch request; WooCommerce's default limit is 100 (filter `woocommerce_rest_batch_items_limit`). */
  batchLimit?: number;
  /** Deadline and cancellation of the caller (an activity attempt); read once per request. */
  scope?: () => RequestScope | undefined;
}

/** One row of the order change feed: enough to hand an order to its workflow, which reads the rest itself. */
export type OrderChange = { id: number; status: string; modifiedGmt: string; unreadable?: undefined } | { unreadable: true };

export interface WooClient {
  request<T>(method: Method, path: string, opts?: { query?: Query; body?: unknown }): Promise<WooResponse<T>>;
  pages<T>(path: string, query?: Query): AsyncIterable<T[]>;
  /**
   * `dp`: decimals of the money fields. WooCommerce rounds each line's stored (unrounded) total to the store's
   * decimals by default; the order plan reads `dp=6` (ORDER_DP) to allocate cents exactly (order-cents.ts).
   */
  getOrder(id: number, opts?: { dp?: number }): Promise<WooOrder>;
  ordersModified(window: { after: Date; before?: Date }): AsyncIterable<OrderChange[]>;
  getRefund(orderId: number, refundId: number): Promise<WooRefund>;
  listRefunds(orderId: number): Promise<WooRefund[]>;
  findProductsBySku(skus: string[]): Promise<WooProduct[]>;
  findProductBySku(sku: string): Promise<WooProduct | undefined>;
  findCustomerByEmail(email: string): Promise<WooCustomer | undefined>;
  batch<T>(resource: BatchResource, ops: BatchOps): Promise<BatchResult<T>>;
  upsertProducts(items: ProductWrite[]): Promise<UpsertResult<WooProduct>[]>;
  upsertCustomers(items: CustomerWrite[]): Promise<UpsertResult<WooCustomer>[]>;
  webhooks: WebhooksApi;
  close(): Promise<void>;
}

/** SKUs per `?sku=a,b,c` lookup: keeps the URL short; WooCommerce splits the list on commas (ref §3.4). */
const SKUS_PER_LOOKUP = 50;

export function createWooClient(config: WooConfig, opts: WooClientOptions = {}): WooClient {
  const now = opts.now ?? Date.now;
  const http = createHttp(config, { logger: opts.logger, now, scope: opts.scope });
  const limit = opts.batchLimit ?? BATCH_LIMIT;

  async function findCustomerByEmail(email: string): Promise<WooCustomer | undefined> {
    // role defaults to "customer"; an admin or shop manager who also buys would be invisible (ref §3.5).
    const res = await http.request<unknown[]>('GET', '/customers', { query: { email, role: 'all', per_page: 100 } });
    const wanted = email.trim().toLowerCase();
    return (Array.isArray(res.body) ? res.body : [])
      .map((c) => parseAs(customerSchema, c, 'a customer'))
      .find((c) => c.email.toLowerCase() === wanted);
  }

  async function findProductsBySku(skus: string[]): Promise<WooProduct[]> {
    // `?sku=` is an exact match and includes variations (ref §3.4). A SKU containing a comma cannot be looked up.
    const unique = [...new Set(skus.filter((s) => s !== '' && !s.includes(',')))];
    const found: WooProduct[] = [];
    for (let i = 0; i < unique.length; i += SKUS_PER_LOOKUP) {
      const sku = unique.slice(i, i + SKUS_PER_LOOKUP).join(',');
      for await (const page of pages<unknown>(http, '/products', { sku })) {
        found.push(...page.map((p) => parseAs(productSchema, p, 'a product')));
      }
    }
    return found;
  }

  return {
    request: (method, path, o) => http.request(method, path, o),
    pages: (path, query) => pages(http, path, query),

    async getOrder(id, opts) {
      const res = await http.request<unknown>('GET', `/orders/${id}`, opts?.dp === undefined ? undefined : { query: { dp: opts.dp } });
      return parseAs(orderSchema, res.body, 'an order');
    },

    /**
     * Orders modified strictly after `after` (and strictly before `before`): WordPress date queries have no
     * inclusive bounds (ref §3.1), and timestamps have 1 s resolution, so callers must overlap windows by at
     * least a second and de-duplicate by id + date_modified_gmt.
     *
     * Sorted by id, not by modification date: pages are fetched by offset, and an order modified while we page
     * would move to the end of a date-sorted list and shift an unseen order onto a page already read. With id
     * order (and no `before`) nothing moves; take the next window's `after` from when this walk started.
     */
    async *ordersModified(window) {
      const query: Query = {
        modified_after: formatGmt(window.after),
        modified_before: window.before ? formatGmt(window.before) : undefined,
        dates_are_gmt: true,
        orderby: 'id',
        order: 'asc',
        // Only what a change feed needs; WordPress trims the rest (`_fields`), saving the full order bodies.
        _fields: 'id,status,date_modified_gmt',
      };
      for await (const page of pages<Record<string, unknown>>(http, '/orders', query)) {
        // Tolerant on purpose: one order a plugin made odd must not stop the feed; it is reported, not parsed.
        yield page.map((o) =>
          Number.isSafeInteger(o.id) && (o.id as number) > 0 && typeof o.date_modified_gmt === 'string'
            ? { id: o.id as number, status: typeof o.status === 'string' ? o.status : '', modifiedGmt: o.date_modified_gmt }
            : { unreadable: true as const },
        );
      }
    },

    async getRefund(orderId, refundId) {
      const res = await http.request<unknown>('GET', `/orders/${orderId}/refunds/${refundId}`);
      return parseAs(refundSchema, res.body, 'a refund');
    },

    async listRefunds(orderId) {
      const all = await collect(pages<unknown>(http, `/orders/${orderId}/refunds`));
      return all.map((r) => parseAs(refundSchema, r, 'a refund'));
    },

    findProductsBySku,

    /**
     * The product whose SKU is exactly `sku`, preferring a parent/simple product over a variation; a variation
     * is still returned (check `type === 'variation'` and `parent_id`). MySQL compares SKUs case-insensitively,
     * so a case-only difference is the last resort: that product blocks the SKU all the same.
     */
    async findProductBySku(sku) {
      const found = await findProductsBySku([sku]);
      const exact = found.filter((p) => p.sku === sku);
      const loose = found.filter((p) => p.sku?.toLowerCase() === sku.toLowerCase());
      return exact.find((p) => p.type !== 'variation') ?? exact[0] ?? loose.find((p) => p.type !== 'variation') ?? loose[0];
    },

    findCustomerByEmail,
    batch: (resource, ops) => runBatch(http, resource, ops, limit),
    upsertProducts: (items) => upsertProducts(http, items, limit, findProductsBySku),
    upsertCustomers: (items) => upsertCustomers(http, items, limit, findCustomerByEmail),
    webhooks: createWebhooksApi(http),
    close: () => http.close(),
  };
}
