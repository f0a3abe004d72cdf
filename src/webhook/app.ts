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

const GRPC_NOT_FOUND = 5;

/**
 * Ready when a delivery would be accepted: Temporal answers and the configured namespace exists (a signal-with-start
 * needs nothing else, see order-starters.ts). A reachable server with a mistyped TEMPORAL_NAMESPACE is not ready.
 */
async function readiness(deps: WebhookDeps): Promise<[Record<string, string>, 200 | 503]> {
  const namespace = deps.config.temporal.namespace;
  try {
    await deps.temporal.withDeadline(Date.now() + 2_000, () => deps.temporal.workflowService.describeNamespace({ namespace }));
    return [{ status: 'ready', temporal: 'reachable', namespace: 'found' }, 200];
  } catch (err) {
    if ((err as { code?: number }).code === GRPC_NOT_FOUND) return [{ status: 'not-ready', temporal: 'reachable', namespace: 'not-found' }, 503];
    return [{ status: 'not-ready', temporal: 'unreachable' }, 503];
  }
}

/**
 * The webhook process as a value: tests call `app.request()` without a socket, `serveWebhook` binds it.
 * /healthz answers while the process runs; /readyz only when a delivery would be accepted, so a load balancer
 * stops sending deliveries we could not durably accept; /metrics is Prometheus text (counts, no payloads).
 */
export function createWebhookApp(deps: WebhookDeps): Hono {
  const metrics = deps.metrics ?? createWebhookMetrics();
  const app = new Hono();
  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => c.json(...(await readiness(deps))));
  app.route('/webhooks/woocommerce', createWooWebhookRoute({ ...deps, metrics }));
  return app;
}
