import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createWebhookApp, type WebhookDeps } from './app';

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

/** Binds the webhook app to WEBHOOK_PORT on all interfaces (WooCommerce must reach it). */
export function serveWebhook(deps: WebhookDeps, hostname = '0.0.0.0'): Promise<WebhookServer> {
  const app = createWebhookApp(deps);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: deps.config.webhook.port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/webhooks/woocommerce`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
