import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { createMetricsApp, createWebhookApp, type WebhookDeps } from './app';
import { createWebhookMetrics } from './metrics';

export interface WebhookServer {
  url: string;
  /** Where /metrics is served. */
  metricsUrl: string;
  close(): Promise<void>;
}

/**
 * Binds the webhook app to WEBHOOK_PORT on all interfaces (WooCommerce must reach it), and with METRICS_BIND
 * the metrics to their own address (e.g. loopback or a private interface only Prometheus reaches).
 */
export async function serveWebhook(deps: WebhookDeps, hostname = '0.0.0.0'): Promise<WebhookServer> {
  const metrics = deps.metrics ?? createWebhookMetrics();
  const webhook = await listen(createWebhookApp({ ...deps, metrics }), hostname, deps.config.webhook.port);
  const bind = deps.config.webhook.metricsBind;
  const metricsServer = bind ? await listen(createMetricsApp(metrics), bind.slice(0, bind.lastIndexOf(':')), Number(bind.slice(bind.lastIndexOf(':') + 1))) : undefined;
  return {
    url: `${webhook.origin}/webhooks/woocommerce`,
    metricsUrl: `${(metricsServer ?? webhook).origin}/metrics`,
    close: async () => {
      await Promise.all([webhook.close(), metricsServer?.close()]);
    },
  };
}

function listen(app: Hono, hostname: string, port: number): Promise<{ origin: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        origin: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
