import { Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createWebhookMetrics, type WebhookMetrics } from './metrics';
import { createWooWebhookRoute } from './woocommerce-route';

export interface WebhookDeps {
  config: Config;
  temporal: Client;
  logger: Logger;
  /** Defaults to a fresh registry per app. */
  metrics?: WebhookMetrics;
}

/**
 * The webhook process as a value: tests call `app.request()` without a socket, `serveWebhook` binds it.
 * /healthz answers while the process runs; /readyz only when Temporal answers, so a load balancer
 * stops sending deliveries we could not durably accept; /metrics is Prometheus text (counts, no payloads).
 */
export function createWebhookApp(deps: WebhookDeps): Hono {
  const metrics = deps.metrics ?? createWebhookMetrics();
  const app = new Hono();
  // With METRICS_BIND the metrics live on their own address (serve.ts), off the port WooCommerce reaches.
  if (!deps.config.webhook.metricsBind) app.route('/', createMetricsApp(metrics));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.temporal.withDeadline(Date.now() + 2_000, () =>
        deps.temporal.workflowService.getSystemInfo({}),
      );
      return c.json({ status: 'ready', temporal: 'reachable' });
    } catch {
      return c.json({ status: 'not-ready', temporal: 'unreachable' }, 503);
    }
  });
  app.route('/webhooks/woocommerce', createWooWebhookRoute({ ...deps, metrics }));
  return app;
}

export function createMetricsApp(metrics: WebhookMetrics): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
  return app;
}
