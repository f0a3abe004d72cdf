import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type DeliveryOutcome =
  | 'accepted'
  | 'ping'
  | 'ignored'
  | 'invalid_signature'
  | 'malformed'
  | 'too_large'
  | 'temporal_unavailable';

/**
 * Prometheus metrics of the webhook receiver (prom-client rather than hand-rolled text exposition). The alerts
 * that matter: a rise in `invalid_signature` (secret rotated on one side only) and any `temporal_unavailable`
 * (WooCommerce counts those towards disabling the webhook).
 */
export function createWebhookMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'woo_webhook_deliveries_total',
    help: 'WooCommerce webhook deliveries by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: 'woo_webhook_ack_seconds',
    help: 'Time to answer a WooCommerce delivery',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    record(outcome: DeliveryOutcome, startedAt: number) {
      deliveries.inc({ outcome });
      ackSeconds.observe({ outcome }, (performance.now() - startedAt) / 1000);
    },
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
