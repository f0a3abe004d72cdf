import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import { logger } from '../../src/logger';
import { createWebhookApp } from '../../src/webhook/app';
import { serveWebhook } from '../../src/webhook/serve';
import { fixtureJson } from '../helpers/fixtures';
import { connectToTestServer, uniqueTaskQueue } from '../helpers/temporal';

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

describe('webhook metrics', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  it('counts deliveries by outcome on /metrics, so operators can alert on bad signatures and 503s', async () => {
    const config = loadConfig({ SANDBOX: '1', WOO_WEBHOOK_SECRET: 'test-webhook-secret', TEMPORAL_TASK_QUEUE: uniqueTaskQueue('metrics') });
    const app = createWebhookApp({ config, temporal: env.client, logger });
    const created = fixtureJson<Delivery>('webhook_order_created.json');
    const ping = fixtureJson<Delivery>('webhook_ping.json');
    const post = (d: Delivery, headers: Record<string, string> = {}) =>
      app.request('/webhooks/woocommerce', { method: 'POST', body: d.body, headers: { ...d.headers, ...headers } });

    expect((await post(ping)).status).toBe(200);
    expect((await post(created)).status).toBe(200);
    expect((await post(created, { 'X-WC-Webhook-Signature': 'AAAA' })).status).toBe(401);

    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^woo_webhook_deliveries_total\{outcome="ping"\} 1$/m);
    expect(text).toMatch(/^woo_webhook_deliveries_total\{outcome="accepted"\} 1$/m);
    expect(text).toMatch(/^woo_webhook_deliveries_total\{outcome="invalid_signature"\} 1$/m);
    expect(text).toMatch(/^woo_webhook_ack_seconds_count\{outcome="accepted"\} 1$/m);
    expect(text).not.toContain('test-webhook-secret');
  });

  it('serves /metrics only on METRICS_BIND when it is set, off the public webhook port', async () => {
    const config = loadConfig({ SANDBOX: '1', METRICS_BIND: '127.0.0.1:0' });
    config.webhook.port = 0;
    const server = await serveWebhook({ config, temporal: env.client, logger }, '127.0.0.1');
    try {
      expect(server.metricsUrl).not.toBe(server.url.replace('/webhooks/woocommerce', '/metrics'));
      const metrics = await fetch(server.metricsUrl);
      expect(await metrics.text()).toContain('woo_webhook_deliveries_total');
      expect((await fetch(server.url.replace('/webhooks/woocommerce', '/metrics'))).status).toBe(404);
      expect((await fetch(server.url.replace('/webhooks/woocommerce', '/healthz'))).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
