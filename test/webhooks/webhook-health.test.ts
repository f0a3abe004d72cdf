import { Hono } from 'hono';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type Config } from '../../src/config';
import { createEpicorClient } from '../../src/epicor';
import { createWooClient, verifyWebhookSignature, type WooClient } from '../../src/woocommerce';
import { createActivities } from '../../src/activities';
import { startWooSimulator } from '../../src/sandbox/woocommerce';
import { serve, type Served } from '../../src/sandbox/shared/serve';
import { catchupStatusQuery, webhookHealthStatusQuery, type WebhookHealthStatus } from '../../src/workflows/definitions';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

type RunningWoo = Awaited<ReturnType<typeof startWooSimulator>>;

/** A receiver that counts correctly signed deliveries and can be told to fail like a broken endpoint. */
function receiver(secret: string) {
  const state = { answer: 200, signedOk: 0, received: 0 };
  const app = new Hono();
  app.post('/hooks', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    state.received++;
    if (c.req.header('x-wc-webhook-topic') && verifyWebhookSignature(raw, c.req.header('x-wc-webhook-signature'), secret)) state.signedOk++;
    return c.body(null, state.answer as 200);
  });
  return { app, state };
}

describe('webhook health loop', () => {
  let env: TestWorkflowEnvironment;
  let woo: RunningWoo;
  let hooks: Served;
  let target: ReturnType<typeof receiver>;
  let config: Config;
  let wooClient: WooClient;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('webhook-health');

  beforeAll(async () => {
    env = await connectToTestServer();
    woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 60_000 });
    target = receiver('health-test-secret');
    hooks = await serve(target.app);
    woo.sim.seedProducts([{ name: 'Mug', sku: 'MUG-1', regular_price: '5.00' }]);
    config = loadConfig({
      SANDBOX: '1',
      WOO_BASE_URL: woo.baseUrl,
      WOO_WEBHOOK_SECRET: 'health-test-secret',
      WEBHOOK_PUBLIC_URL: `${hooks.origin}/hooks`,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    wooClient = createWooClient(config.woo);
    const epicor = createEpicorClient(config.epicor);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: createActivities({ config, epicor, woo: wooClient, temporal: env.client }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await wooClient?.close();
    await hooks?.close();
    await woo?.close();
    await env?.teardown();
  });

  const start = (id: string, catchupWorkflowId: string) =>
    env.client.workflow.start('webhookHealth', { workflowId: id, taskQueue, args: [{ intervalSeconds: 3600, catchupWorkflowId }] });

  const startCatchup = (id: string) =>
    env.client.workflow.start('wooCatchup', { workflowId: id, taskQueue, args: [{ intervalSeconds: 3600, state: {} }] });

  it('creates the missing order webhooks, signed with WOO_WEBHOOK_SECRET', async () => {
    const handle = await start(`health-create-${taskQueue}`, `catchup-none-${taskQueue}`);
    await waitFor('one repair', async () => (await handle.query(webhookHealthStatusQuery)).repairs === 1);
    // Repaired, but nobody will fetch the orders lost meanwhile: that needs a person.
    await waitFor('the catch-up alert', async () => /catch-up loop .* is not running/.test((await handle.query(webhookHealthStatusQuery)).alert ?? ''));

    const ours = woo.sim.webhooks().filter((w) => w.delivery_url === `${hooks.origin}/hooks`);
    expect(ours.map((w) => [w.topic, w.status]).sort()).toEqual([
      ['order.created', 'active'],
      ['order.updated', 'active'],
    ]);
    woo.sim.placeOrder({ billing: { email: 'guest@example.test', first_name: 'Gus' }, line_items: [{ sku: 'MUG-1', quantity: 1 }] });
    await woo.sim.flushDeliveries();
    expect(target.state.signedOk).toBeGreaterThanOrEqual(2);
    await handle.terminate();
  });

  it('recreates a webhook WooCommerce disabled after failed deliveries and wakes the catch-up', async () => {
    const catchupId = `catchup-${taskQueue}`;
    const catchup = await startCatchup(catchupId);
    await waitFor('the first catch-up pass', async () => (await catchup.query(catchupStatusQuery)).passes === 1);
    const health = await start(`health-repair-${taskQueue}`, catchupId);
    await waitFor('healthy webhooks', async () => (await health.query(webhookHealthStatusQuery)).lastCheck?.topics.every((t) => t.state === 'active'));

    // The receiver breaks: WooCommerce disables the webhook on the 7th consecutive failure and never retries.
    target.state.answer = 500;
    for (let i = 0; i < 7; i++) {
      woo.sim.placeOrder({ billing: { email: `lost-${i}@example.test`, first_name: 'Lost' }, line_items: [{ sku: 'MUG-1', quantity: 1 }] });
      await woo.sim.flushDeliveries();
    }
    const disabled = woo.sim.webhooks().filter((w) => w.status === 'disabled').map((w) => w.id);
    expect(disabled.length).toBeGreaterThan(0);
    target.state.answer = 200;

    await health.signal('checkNow');
    await waitFor('one repair', async () => (await health.query(webhookHealthStatusQuery)).repairs === 1);
    const status: WebhookHealthStatus = await health.query(webhookHealthStatusQuery);
    expect(status.lastRepair?.deleted.sort()).toEqual(disabled.sort());
    expect(status.alert).toBeUndefined();
    const ours = woo.sim.webhooks().filter((w) => w.delivery_url === `${hooks.origin}/hooks`);
    expect(ours.every((w) => w.status === 'active' && w.failure_count === 0)).toBe(true);
    // The lost orders are the catch-up's job: the repair asked it for a pass right away.
    await waitFor('a catch-up pass right after the repair', async () => (await catchup.query(catchupStatusQuery)).passes === 2);
    await health.terminate();
    await catchup.terminate();
  });

  it('leaves a webhook paused by a person alone and says so', async () => {
    const [paused] = woo.sim.webhooks().filter((w) => w.delivery_url === `${hooks.origin}/hooks` && w.topic === 'order.updated' && w.status === 'active');
    await wooClient.webhooks.update(paused.id, { status: 'paused' });
    const health = await start(`health-paused-${taskQueue}`, `catchup-none-${taskQueue}`);
    await waitFor('the first check', async () => (await health.query(webhookHealthStatusQuery)).checks === 1);
    const status = await health.query(webhookHealthStatusQuery);
    expect(status.repairs).toBe(0);
    expect(status.alert).toMatch(/paused in WooCommerce: order.updated/);
    expect(woo.sim.webhooks().find((w) => w.id === paused.id)?.status).toBe('paused');
    await health.terminate();
  });

  it('keeps watching and raises an alert when WooCommerce refuses the check', async () => {
    const fault = woo.sim.faults.add({ kind: 'status', status: 401, method: 'GET', path: '/wp-json/wc/v3/webhooks' });
    const health = await start(`health-refused-${taskQueue}`, `catchup-none-${taskQueue}`);
    await waitFor('a refused check', async () => /cannot check the webhooks/.test((await health.query(webhookHealthStatusQuery)).alert ?? ''));
    woo.sim.faults.remove(fault);
    await health.signal('checkNow');
    await waitFor('a good check', async () => {
      const s = await health.query(webhookHealthStatusQuery);
      return s.checks >= 2 && !/cannot check/.test(s.alert ?? '');
    });
    expect((await health.describe()).status.name).toBe('RUNNING');
    await health.terminate();
  });
});
