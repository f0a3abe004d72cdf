import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Names shared by the webhook-health loop, the CLI and tests. Part of the workflow bundle: no Node imports. */
export const WEBHOOK_HEALTH_WORKFLOW_ID = 'webhook-health';

export { REQUIRED_TOPICS } from '../../woocommerce/topics';

export type TopicState = 'active' | 'missing' | 'disabled' | 'paused';

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
}

export const checkWebhooksNowSignal = defineSignal<[]>('checkNow');
/** Applies a changed WEBHOOK_HEALTH_INTERVAL to the running loop (sent by ensureWebhookHealth on every start). */
export const configureWebhookHealthSignal = defineSignal<[{ intervalSeconds: number }]>('configure');
export const webhookHealthStatusQuery = defineQuery<WebhookHealthStatus>('status');
