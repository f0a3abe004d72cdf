import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type Config } from '../../src/config';
import { logger } from '../../src/logger';
import { createWebhookApp } from '../../src/webhook/app';
import { orderWorkflowId, storeKey } from '../../src/workflows/definitions/orders';
import { connectToTestServer, uniqueTaskQueue } from '../helpers/temporal';
import { fixtureJson } from '../helpers/fixtures';

interface Delivery {
  headers: Record<string, string>;
  body: string;
}
const delivery = (name: string): Delivery => fixtureJson(name);

/** Replays a captured delivery byte for byte (the body is exactly what WooCommerce signed). */
function replay(app: ReturnType<typeof createWebhookApp>, d: Delivery, patch: { headers?: Record<string, string | undefined>; body?: Uint8Array | string } = {}) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...d.headers, ...patch.headers })) {
    if (v !== undefined && !/^(host|connection|content-length|accept-encoding)$/i.test(k)) headers[k] = v;
  }
  const body = patch.body ?? Buffer.from(d.body, 'utf8');
  return app.request('/webhooks/woocommerce', { method: 'POST', headers, body });
}

describe('WooCommerce webhook endpoint', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let app: ReturnType<typeof createWebhookApp>;
  // A store URL of its own per run: the workflow ids cannot collide with other test files.
  const storeUrl = `http://webhook-test-${Date.now()}.example`;

  beforeAll(async () => {
    env = await connectToTestServer();
    config = loadConfig({
      SANDBOX: '1',
      WOO_BASE_URL: storeUrl,
      WOO_WEBHOOK_SECRET: 'test-webhook-secret',
      WEBHOOK_MAX_BODY_BYTES: '8192',
      // No worker polls this queue: the tests check what the endpoint durably started, not the import.
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('webhook'),
    });
    app = createWebhookApp({ config, temporal: env.client, logger });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const workflowFor = (orderId: number) => env.client.workflow.getHandle(orderWorkflowId(storeKey(storeUrl), orderId));

  it('answers the unsigned creation ping with 200', async () => {
    const res = await replay(app, delivery('webhook_ping.json'));
    expect(res.status).toBe(200);
    const res11 = await replay(app, delivery('wc-11.0.1/webhook_ping.json'));
    expect(res11.status).toBe(200);
  });

  it('starts one order workflow for order.created, and the same delivery three times converges on it', async () => {
    const d = delivery('webhook_order_created.json');
    for (let i = 0; i < 3; i++) expect((await replay(app, d)).status).toBe(200);
    const described = await workflowFor(13).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.type).toBe('orderImport');
    const history = await workflowFor(13).fetchHistory();
    const starts = history.events!.filter((e) => e.workflowExecutionStartedEventAttributes).length;
    const signals = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    expect([starts, signals]).toEqual([1, 3]);
  });

  it('signals the same workflow for order.updated deliveries (refund, completion, 11.0.1 capture)', async () => {
    for (const name of ['webhook_order_updated_partial_refund.json', 'webhook_order_updated_completed.json', 'wc-11.0.1/webhook_order_created.json']) {
      expect((await replay(app, delivery(name))).status).toBe(200);
    }
    const history = await workflowFor(13).fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
  });

  it('rejects a bad or missing signature with 401 and starts nothing', async () => {
    const d = delivery('webhook_order_created.json');
    const tampered = Buffer.from(d.body.replace('"id":13', '"id":99913'), 'utf8');
    expect((await replay(app, d, { body: tampered })).status).toBe(401);
    expect((await replay(app, d, { headers: { 'X-WC-Webhook-Signature': undefined } })).status).toBe(401);
    await expect(workflowFor(99913).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('rejects a signed body that is not JSON with 400', async () => {
    const { createHmac } = await import('node:crypto');
    const body = '{"id": 5, oops';
    const signature = createHmac('sha256', 'test-webhook-secret').update(body).digest('base64');
    const res = await replay(app, delivery('webhook_order_created.json'), { body, headers: { 'X-WC-Webhook-Signature': signature } });
    expect(res.status).toBe(400);
  });

  it('refuses an oversize body with 413, from Content-Length and while reading', async () => {
    const d = delivery('webhook_order_created.json');
    const big = 'x'.repeat(9000);
    expect((await replay(app, d, { body: big, headers: { 'Content-Length': String(big.length) } })).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(1000));
        c.close();
      },
    });
    const res = await app.request('/webhooks/woocommerce', { method: 'POST', body: stream, headers: d.headers, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('acknowledges other topics, WordPress error objects and checkout drafts without starting anything', async () => {
    const { createHmac } = await import('node:crypto');
    const signed = (body: string, topic: string) =>
      replay(app, delivery('webhook_order_created.json'), {
        body,
        headers: { 'X-WC-Webhook-Topic': topic, 'X-WC-Webhook-Signature': createHmac('sha256', 'test-webhook-secret').update(body).digest('base64') },
      });
    expect((await signed('{"id":77001,"sku":"X"}', 'product.updated')).status).toBe(200);
    expect((await signed('{"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID.","data":{"status":404}}', 'order.updated')).status).toBe(200);
    expect((await signed('{"id":77002,"status":"checkout-draft"}', 'order.updated')).status).toBe(200);
    for (const id of [77001, 77002]) await expect(workflowFor(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('answers 503 within the deadline when Temporal is unreachable, so the delivery is not lost silently', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 1000 });
    const down = createWebhookApp({ config, temporal: new Client({ connection }), logger });
    const started = Date.now();
    const res = await replay(down, delivery('webhook_order_created.json'));
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
    await connection.close().catch(() => undefined);
  });
});
