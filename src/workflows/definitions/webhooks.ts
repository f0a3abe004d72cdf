import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Names shared by the webhook-health loop, the CLI and tests. Part of the workflow bundle: no Node imports. */
export const WEBHOOK_HEALTH_WORKFLOW_ID = 'webhook-health';

/** The WooCommerce topics the order import needs (refunds arrive as order.updated). */
export const REQUIRED_TOPICS = ['order.created', 'order.updated'] as const;

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
export const webhookHealthStatusQuery = defineQuery<WebhookHealthStatus>('status');
