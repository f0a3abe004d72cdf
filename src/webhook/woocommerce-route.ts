import { Hono } from 'hono';
import type { WebhookDeps } from './app';

// Replaced by the order-import work: signature check, ping, start/signal of the order workflow.
export function createWooWebhookRoute(_deps: WebhookDeps): Hono {
  const route = new Hono();
  route.post('/', (c) => c.json({ error: 'not implemented' }, 501));
  return route;
}
