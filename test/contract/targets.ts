import { startWooSimulator, type RunningWooSimulator } from '../../src/sandbox/woocommerce';
import { findReleases } from '../realwoo/releases';
import { startRealStore, type RealStore } from '../realwoo/store';
import { GUEST_ADDRESS, storeApiCheckout, type GuestCheckout } from './store-api';

/** One webhook delivery attempt as the store recorded it (pings excluded). */
export interface Delivery {
  webhookId: number;
  topic: string;
  resourceId: number;
  status: number | undefined;
}

/**
 * A WooCommerce the contract suite runs against: a real store stood up from release files, or the simulator.
 * Everything the connector does goes through its own client over HTTP; only what a shopper or the store's
 * queue does differs, and that lives here.
 */
export interface ContractTarget {
  name: string;
  baseUrl: string;
  /** Config variables pointing the connector at this store (key, secret, auth). */
  env: Record<string, string>;
  checkout(input: GuestCheckout): Promise<number>;
  /** Delivery attempts so far, oldest first, from the store's own record (real: logs/webhooks.log). */
  deliveries(): Delivery[];
  close(): Promise<void>;
}

export type TargetFactory = { available: true; start(): Promise<ContractTarget> } | { available: false; reason: string };

export function realStoreTarget(wcVersion: string): TargetFactory {
  const releases = findReleases(wcVersion);
  if (!releases.ok) return { available: false, reason: releases.reason };
  return {
    available: true,
    async start() {
      const store: RealStore = await startRealStore(releases);
      return {
        name: `WooCommerce ${store.env.REALWOO_WC_VERSION} (WordPress ${store.env.REALWOO_WP_VERSION})`,
        baseUrl: store.baseUrl,
        env: {
          WOO_BASE_URL: store.baseUrl,
          WOO_CONSUMER_KEY: store.env.WOO_CONSUMER_KEY,
          WOO_CONSUMER_SECRET: store.env.WOO_CONSUMER_SECRET,
          // Plain HTTP: WooCommerce ignores Basic auth there, OAuth 1.0a is what a real http store needs.
          WOO_AUTH: 'oauth1',
        },
        checkout: (input) => storeApiCheckout(store.baseUrl, input),
        deliveries: () =>
          store.logLines('webhooks').map((d) => ({
            webhookId: Number(d.webhook_id),
            topic: String(d.topic),
            resourceId: Number(d.resource_id),
            status: typeof d.status === 'number' ? d.status : undefined,
          })),
        close: () => store.stop(),
      };
    },
  };
}

/** The simulator set up like the kit's store: USD, New York time, flat rate 5.00, OAuth over plain HTTP. */
export function simulatorTarget(): TargetFactory {
  return {
    available: true,
    async start() {
      const running: RunningWooSimulator = await startWooSimulator({
        https: false,
        currency: 'USD',
        currencySymbol: '$',
        timezone: 'America/New_York',
        allowUnsafeDeliveryUrls: true,
        // Asynchronous like Action Scheduler's loop on the real store (0.2-1.5 s).
        deliveryDelayMs: 300,
      });
      const { sim } = running;
      return {
        name: 'simulator',
        baseUrl: running.baseUrl,
        env: { WOO_BASE_URL: running.baseUrl, WOO_CONSUMER_KEY: 'ck_sandbox_key', WOO_CONSUMER_SECRET: 'cs_sandbox_secret', WOO_AUTH: 'oauth1' },
        async checkout(input) {
          const order = sim.placeOrder({
            billing: { ...GUEST_ADDRESS, email: input.email },
            shipping_address: GUEST_ADDRESS,
            line_items: input.lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })),
            shipping: { method_id: 'flat_rate', method_title: 'Flat rate', total: '5.00' },
            coupon: input.coupon,
            payment_method: input.paymentMethod ?? 'cod',
            payment_method_title: input.paymentMethod === 'bacs' ? 'Direct bank transfer' : 'Cash on delivery',
          });
          return order.id as number;
        },
        deliveries: () =>
          sim
            .deliveries()
            .filter((d) => d.kind === 'delivery')
            .map((d) => ({ webhookId: d.webhookId, topic: d.topic, resourceId: d.resourceId ?? 0, status: d.status })),
        close: () => running.close(),
      };
    },
  };
}
