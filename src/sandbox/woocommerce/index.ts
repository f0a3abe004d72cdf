import type { Hono } from 'hono';
import { CallLog } from '../shared/calls';
import { Faults } from '../shared/faults';
import { serve } from '../shared/serve';
import { buildApp } from './app';
import { registerAdminRoutes } from './admin';
import { placeOrder, type ShopperOrderInput } from './checkout';
import type { Ctx, Settings } from './context';
import { viewFor } from './context';
import { createCustomer, renderCustomer } from './customers';
import { Deliveries, type DeliveryRecord, type ErrorOverride } from './delivery';
import { err } from './errors';
import { formatCents } from './money';
import { NonceStore } from './oauth1';
import { orderOr404, renderOrder, setOrderStatus } from './orders';
import { withLenientParams, type Params } from './params';
import { createProduct, renderProduct, updateProduct } from './products';
import { createRefund, renderRefund } from './refunds';
import { Store, type Coupon, type Webhook } from './store';
import { renderWebhook, topicParts } from './webhooks';

export interface WooSimOptions {
  /** what X-WC-Webhook-Source and links use; default the served origin + '/' */
  siteUrl?: string;
  /** default true: Basic + query keys accepted (is_ssl()); false: OAuth 1.0a only */
  https?: boolean;
  keys?: { consumerKey: string; consumerSecret: string; permissions: 'read' | 'write' | 'read_write' }[];
  /** store option woocommerce_manage_stock, default true */
  manageStock?: boolean;
  /** default 100 */
  batchLimit?: number;
  /** default 5 (so the 7th consecutive failure disables) */
  maxDeliveryFailures?: number;
  /** async queue delay, default 1000; tests use flushDeliveries() */
  deliveryDelayMs?: number;
  /** default 60000 */
  deliveryTimeoutMs?: number;
  /** ping timeout (WP HTTP default 5 s), default 5000 */
  pingTimeoutMs?: number;
  /** default false: loopback/private hosts and odd ports fail like wp_safe_remote_request() */
  allowUnsafeDeliveryUrls?: boolean;
  wcVersion?: string;
  wpVersion?: string;
  /** site timezone, default 'UTC' */
  timezone?: string;
  /** default 'EUR' / '€' like the captures */
  currency?: string;
  currencySymbol?: string;
  /** REST `_links`/`Link` use https:// like the captures (WordPress behind a TLS proxy); default false */
  forceHttpsLinks?: boolean;
  /** payment methods whose gateway can refund (api_refund:true); default none, like bacs/cheque/cod */
  refundGateways?: string[];
  /** clock in ms (tests), default Date.now */
  now?: () => number;
}

export type WebhookState = Record<string, unknown> & {
  id: number;
  status: string;
  topic: string;
  delivery_url: string;
  failure_count: number;
  pending_delivery: boolean;
  secret: string;
  queued: number;
};

export const DEFAULT_KEY = { consumerKey: 'ck_sandbox_key', consumerSecret: 'cs_sandbox_secret', permissions: 'read_write' as const };

export class WooSimulator {
  readonly app: Hono;
  readonly faults = new Faults();
  readonly calls = new CallLog();
  readonly settings: Settings;
  store = new Store();
  private readonly nonces = new NonceStore();
  private readonly queue: Deliveries;
  private site: string;
  private readonly clock: () => number;
  readonly ctx: Ctx;

  constructor(opts: WooSimOptions = {}) {
    this.settings = {
      https: opts.https ?? true,
      keys: opts.keys ?? [DEFAULT_KEY],
      manageStock: opts.manageStock ?? true,
      batchLimit: opts.batchLimit ?? 100,
      maxDeliveryFailures: opts.maxDeliveryFailures ?? 5,
      deliveryDelayMs: opts.deliveryDelayMs ?? 1000,
      deliveryTimeoutMs: opts.deliveryTimeoutMs ?? 60_000,
      pingTimeoutMs: opts.pingTimeoutMs ?? 5000,
      allowUnsafeDeliveryUrls: opts.allowUnsafeDeliveryUrls ?? false,
      wcVersion: opts.wcVersion ?? '9.9.5',
      wpVersion: opts.wpVersion ?? '6.8.8',
      timezone: opts.timezone ?? 'UTC',
      currency: opts.currency ?? 'EUR',
      currencySymbol: opts.currencySymbol ?? '€',
      forceHttpsLinks: opts.forceHttpsLinks ?? false,
      refundGateways: opts.refundGateways ?? [],
    };
    this.site = withSlash(opts.siteUrl ?? 'http://localhost/');
    this.clock = opts.now ?? Date.now;
    const sim = this;
    this.ctx = {
      get store() {
        return sim.store;
      },
      settings: this.settings,
      now: () => Math.floor(this.clock() / 1000),
      siteUrl: () => this.site,
      fire: (topic, id) => this.fire(topic, id),
    };
    this.queue = new Deliveries(this.ctx, (w, id) => this.payload(w, id));
    this.app = buildApp({
      ctx: this.ctx,
      faults: this.faults,
      calls: this.calls,
      deliveries: this.queue,
      nonces: this.nonces,
      registerAdmin: (app) => registerAdminRoutes(app, this),
    });
  }

  /** home_url('/'). */
  siteUrl(): string {
    return this.site;
  }

  setSiteUrl(url: string): void {
    this.site = withSlash(url);
  }

  /** WC_Webhook::process(): every active webhook on the topic queues (webhook, resource) once. */
  private fire(topic: string, resourceId: number): void {
    for (const w of this.store.webhooks.values()) {
      if (w.status === 'active' && w.topic === topic) this.queue.enqueue(w.id, resourceId);
    }
  }

  /** build_payload(): `{id}` for deleted, `{action,arg}` for action topics, else the REST GET body
   * (view context, links from the plain site URL) or the GET's error object. */
  private payload(webhook: Webhook, id: number): unknown {
    const { resource, event } = topicParts(webhook.topic);
    if (resource === 'action') return { action: event, arg: id };
    if (event === 'deleted') return { id };
    const view = viewFor(this.ctx, 'view', false);
    const s = this.store;
    switch (resource) {
      case 'order': {
        const o = s.orders.get(id);
        return o ? renderOrder(this.ctx, o, view) : err('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404).toJSON();
      }
      case 'product': {
        const p = s.products.get(id);
        return p ? renderProduct(this.ctx, p, view) : err('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404).toJSON();
      }
      case 'customer': {
        const c = s.customers.get(id);
        return c ? renderCustomer(this.ctx, c, view) : err('woocommerce_rest_invalid_id', 'Invalid resource ID.', 404).toJSON();
      }
      default:
        return { id };
    }
  }

  // ---- state in REST shape (view context, plain site links: what a webhook body would show) ----
  private view() {
    return viewFor(this.ctx, 'view', false);
  }

  products(): Record<string, unknown>[] {
    return [...this.store.products.values()].map((p) => renderProduct(this.ctx, p, this.view()));
  }

  customers(): Record<string, unknown>[] {
    return [...this.store.customers.values()].map((c) => renderCustomer(this.ctx, c, this.view()));
  }

  orders(): Record<string, unknown>[] {
    return [...this.store.orders.values()].map((o) => renderOrder(this.ctx, o, this.view()));
  }

  getOrder(id: number): Record<string, unknown> | undefined {
    const o = this.store.orders.get(id);
    return o && renderOrder(this.ctx, o, this.view());
  }

  getProduct(id: number): Record<string, unknown> | undefined {
    const p = this.store.products.get(id);
    return p && renderProduct(this.ctx, p, this.view());
  }

  webhooks(): WebhookState[] {
    return [...this.store.webhooks.values()].map((w) => ({
      ...renderWebhook(this.ctx, w, this.view()),
      id: w.id,
      status: w.status,
      topic: w.topic,
      delivery_url: w.deliveryUrl,
      failure_count: w.failureCount,
      pending_delivery: w.pendingDelivery,
      secret: w.secret,
      queued: this.queue.pendingFor(w.id),
    }));
  }

  deliveries(): DeliveryRecord[] {
    return this.queue.log.map((d) => ({ ...d, headers: { ...d.headers } }));
  }

  // ---- seeding and shop-side actions ----
  /** REST-shaped product inputs; `variations` creates children of a variable product. Fires product.created. */
  seedProducts(inputs: (Params & { variations?: Params[] })[]): Record<string, unknown>[] {
    return inputs.map((input) => {
      const { variations, ...rest } = input;
      const product = withLenientParams(() => createProduct(this.ctx, rest));
      for (const v of variations ?? []) withLenientParams(() => createProduct(this.ctx, v, product.id));
      return renderProduct(this.ctx, product, this.view());
    });
  }

  /** REST-shaped customer inputs; `role` may be set here (REST create cannot). */
  seedCustomers(inputs: (Params & { role?: string })[]): Record<string, unknown>[] {
    return inputs.map((input) =>
      renderCustomer(this.ctx, withLenientParams(() => createCustomer(this.ctx, input, input.role ?? 'customer')), this.view()),
    );
  }

  /** percent: amount is the percentage; fixed_cart: amount is a decimal string. */
  seedCoupons(inputs: { code: string; discount_type: 'percent' | 'fixed_cart'; amount: string | number }[]): void {
    for (const c of inputs) {
      const coupon: Coupon = {
        code: c.code.toLowerCase(),
        discountType: c.discount_type,
        amount: c.discount_type === 'percent' ? Number(c.amount) : Math.round(Number(c.amount) * 100),
      };
      this.store.coupons.set(coupon.code, coupon);
    }
  }

  /** A checkout (fires order.created + order.updated like WooCommerce). */
  placeOrder(input: ShopperOrderInput): Record<string, unknown> {
    return renderOrder(this.ctx, placeOrder(this.ctx, input), this.view());
  }

  /** The merchant changes the status in wp-admin; `trash` trashes (order.deleted). */
  updateOrderStatus(id: number, status: string): Record<string, unknown> {
    const order = orderOr404(this.ctx, id);
    if (status === 'trash') {
      order.trashedFrom = order.status;
      order.status = 'trash';
      order.modified = this.ctx.now();
      this.fire('order.deleted', id);
    } else {
      setOrderStatus(this.ctx, order, status);
      order.modified = this.ctx.now();
      this.fire('order.updated', id);
    }
    return renderOrder(this.ctx, order, this.view());
  }

  /**
   * The merchant refunds in wp-admin. Defaults to a manual refund (api_refund false); line items can be given
   * by order line `id` or by `sku`, `refund_total` defaulting to the line's unit price x quantity.
   */
  createRefund(
    orderId: number,
    input: {
      amount?: string;
      reason?: string;
      api_refund?: boolean;
      api_restock?: boolean;
      line_items?: { id?: number; sku?: string; quantity?: number; refund_total?: string | number }[];
    } = {},
  ): Record<string, unknown> {
    const order = this.store.orders.get(orderId);
    const lines = (input.line_items ?? []).map((li) => {
      const item = order?.lineItems.find((i) =>
        li.id ? i.id === li.id : li.sku !== undefined && this.store.products.get(i.variationId || i.productId)?.sku === li.sku,
      );
      const qty = li.quantity ?? 0;
      const total = li.refund_total ?? formatCents(item && item.quantity ? Math.round((item.total * qty) / item.quantity) : 0);
      return { id: item?.id ?? li.id ?? 0, quantity: qty, refund_total: String(total) };
    });
    const params: Params = { ...input, api_refund: input.api_refund ?? false, line_items: lines };
    const refund = withLenientParams(() => createRefund(this.ctx, orderId, params));
    return renderRefund(this.ctx, refund, this.view());
  }

  /** A hand edit in wp-admin (to test reconcile): same field rules as REST, fires product.updated. */
  editProduct(id: number, changes: Params): Record<string, unknown> {
    const product = this.store.products.get(id);
    if (!product) throw err('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404);
    return renderProduct(this.ctx, withLenientParams(() => updateProduct(this.ctx, product, changes)), this.view());
  }

  /** Next delivery (of one webhook, or any) has a WordPress error object as body instead of the resource. */
  failNextDeliveryRender(override: Partial<ErrorOverride> = {}): void {
    this.queue.failNextRender({
      webhookId: override.webhookId,
      code: override.code ?? 'woocommerce_rest_shop_order_invalid_id',
      message: override.message ?? 'Invalid ID.',
      status: override.status ?? 404,
    });
  }

  flushDeliveries(): Promise<void> {
    return this.queue.flush();
  }

  /** Drops all data, webhooks, queued and logged deliveries, faults, calls and used nonces; keeps settings. */
  reset(): void {
    this.queue.clear();
    this.store = new Store();
    this.faults.clear();
    this.calls.clear();
    this.nonces.clear();
  }

  stop(): void {
    this.queue.stop();
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createWooSimulator(opts: WooSimOptions = {}): WooSimulator {
  return new WooSimulator(opts);
}

export interface RunningWooSimulator {
  /** store root, e.g. http://127.0.0.1:PORT (the client appends /wp-json/wc/v3) */
  baseUrl: string;
  sim: WooSimulator;
  close(): Promise<void>;
}

export async function startWooSimulator(opts: WooSimOptions & { port?: number } = {}): Promise<RunningWooSimulator> {
  const sim = createWooSimulator(opts);
  const served = await serve(sim.app, opts.port ?? 0);
  if (!opts.siteUrl) sim.setSiteUrl(`${served.origin}/`);
  return {
    baseUrl: served.origin,
    sim,
    close: async () => {
      sim.stop();
      await served.close();
    },
  };
}

export { startShopper } from './shopper';
export type { ShopperOrderInput } from './checkout';
export type { DeliveryRecord } from './delivery';
export { phpJsonEncode } from './php-json';
export { webhookSignature } from './signature';
