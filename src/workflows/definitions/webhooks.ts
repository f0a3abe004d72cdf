import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Names shared by the webhook-health loop, the CLI and tests. Part of the workflow bundle: no Node imports. */
export const WEBHOOK_HEALTH_WORKFLOW_ID = 'webhook-health';

export { REQUIRED_TOPICS } from '../../woocommerce/topics';

/** `foreign-secret`: active and delivering to us, but its deliveries are refused for their signature. */
export type TopicState = 'active' | 'missing' | 'disabled' | 'paused' | 'foreign-secret';

export interface WebhookHealth {
  /** Where the webhooks must deliver; unset when WEBHOOK_PUBLIC_URL is not configured. */
  deliveryUrl?: string;
  topics: { topic: string; state: TopicState; webhookIds: number[] }[];
}

export interface WebhookRepair {
  deleted: number[];
  created: { topic: string; id: number }[];
}

export interface WebhookHealthStatus {
  checks: number;
  lastCheck?: WebhookHealth;
  lastRepair?: WebhookRepair;
  repairs: number;
  /** Set while a problem needs a person (a paused webhook, no delivery URL, a repair that failed). */
  alert?: string;
  /** Deliveries refused for their signature since the last check, by X-WC-Webhook-ID (reported by the receiver). */
  rejectedDeliveries?: Record<string, number>;
  /** Webhooks this loop created, signed with WOO_WEBHOOK_SECRET: refusals of theirs are not repaired again. */
  createdWebhookIds?: number[];
}

/** Refusals from one webhook id before the loop checks at once: one may be a stranger guessing an id. */
export const REJECTIONS_BEFORE_REPAIR = 2;

export const checkWebhooksNowSignal = defineSignal<[]>('checkNow');
/** Applies a changed WEBHOOK_HEALTH_INTERVAL to the running loop (sent by ensureWebhookHealth on every start). */
export const configureWebhookHealthSignal = defineSignal<[{ intervalSeconds: number }]>('configure');
/**
 * Sent by the webhook receiver when it refuses a delivery's signature (at most once a minute per webhook id):
 * a webhook created by hand is signed with WooCommerce's generated secret, which the connector cannot know.
 */
export const deliveryRejectedSignal = defineSignal<[webhookId: number]>('deliveryRejected');
export const webhookHealthStatusQuery = defineQuery<WebhookHealthStatus>('status');
