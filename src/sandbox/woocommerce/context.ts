import type { Store } from './store';

/** Resolved simulator settings (see WooSimOptions in index.ts for the meaning of each). */
export interface Settings {
  https: boolean;
  keys: { consumerKey: string; consumerSecret: string; permissions: 'read' | 'write' | 'read_write' }[];
  manageStock: boolean;
  batchLimit: number;
  maxDeliveryFailures: number;
  deliveryDelayMs: number;
  deliveryTimeoutMs: number;
  pingTimeoutMs: number;
  allowUnsafeDeliveryUrls: boolean;
  wcVersion: string;
  wpVersion: string;
  timezone: string;
  currency: string;
  currencySymbol: string;
  forceHttpsLinks: boolean;
  refundGateways: string[];
}

/** What the resource modules need from the simulator: state, settings, the clock and the webhook hook. */
export interface Ctx {
  store: Store;
  settings: Settings;
  /** unix seconds (WordPress resolution). */
  now(): number;
  /** home_url('/'), with trailing slash. */
  siteUrl(): string;
  /** A WooCommerce action happened to a resource; webhooks listening to the topic get a queued delivery. */
  fire(topic: string, resourceId: number): void;
}

/** Where a rendered resource points its `_links`: REST responses may say https (fixtures), queued webhook
 * bodies use the plain site URL because is_ssl() is false in the background runner. */
export interface View {
  context: 'view' | 'edit';
  /** base of rest_url(), e.g. `http://127.0.0.1:8088/wp-json/` */
  restRoot: string;
  site: string;
}

export function viewFor(ctx: Ctx, context: 'view' | 'edit', inRequest: boolean): View {
  let site = ctx.siteUrl();
  if (inRequest && ctx.settings.https && ctx.settings.forceHttpsLinks) site = site.replace(/^http:/, 'https:');
  return { context, site, restRoot: `${site}wp-json/` };
}

/** 9.9.5 vs 11.x payload differences seen in the fixtures (global_unique_id on items, refund total_tax). */
export function wcMajor(ctx: Ctx): number {
  return Number.parseInt(ctx.settings.wcVersion, 10) || 0;
}
