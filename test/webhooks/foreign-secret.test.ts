import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { refusedDeliveriesFromHealthLoop } from '../../src/cli/refused-deliveries';
import { loadConfig } from '../../src/config';
import { createEpicorClient } from '../../src/epicor';
import { logger } from '../../src/logger';
import { createActivities } from '../../src/activities';
import { startWooSimulator } from '../../src/sandbox/woocommerce';
import { serve, type Served } from '../../src/sandbox/shared/serve';
import { createWebhookApp } from '../../src/webhook/app';
import { createWebhookMetrics } from '../../src/webhook/metrics';
import { createWooClient, type WooClient } from '../../src/woocommerce';
import { deliveryRejectedSignal, webhookHealthStatusQuery } from '../../src/workflows/definitions';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * An owner who creates the order webhooks by hand gets WooCommerce's generated secret: the connector's receiver
 * refuses every delivery (401) and WooCommerce disables the webhooks after a few orders. The receiver tells the
 * health loop which webhook id it refused, and the loop recreates those webhooks signed with WOO_WEBHOOK_SECRET.
 */
describe('a webhook created by hand, signed with a secret the connector does not know', () => {
  let env: TestWorkflowEnvironment;
  let woo: Awaited<ReturnType<typeof startWooSimulator>>;
  let receiver: Served;
  let admin: WooClient;
  let worker: Worker;
  let running: Promise<void>;
  const metrics = createWebhookMetrics();
  const taskQueue = uniqueTaskQueue('foreign-secret');
  const healthId = `health-foreign-${taskQueue}`;
  const outcome = async (name: string) =>
    (await metrics.registry.getSingleMetric('woo_webhook_deliveries_total')!.get()).values.find((v) => v.labels.outcome === name)?.value ?? 0;

  beforeAll(async () => {
    env = await connectToTestServer();
    woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 60_000 });
    woo.sim.seedProducts([{ name: 'Mug', sku: 'MUG-1', regular_price: '5.00' }]);
    // The receiver is the real webhook app; the orders it accepts go to a queue no worker polls.
    receiver = await serve(
      createWebhookApp({
        config: loadConfig({ SANDBOX: '1', WOO_BASE_URL: woo.baseUrl, WOO_WEBHOOK_SECRET: 'connector-secret', TEMPORAL_TASK_QUEUE: uniqueTaskQueue('no-worker') }),
        temporal: env.client,
        logger,
        metrics,
        webhookHealthWorkflowId: healthId,
      }),
    );
    const config = loadConfig({
      SANDBOX: '1',
      WOO_BASE_URL: woo.baseUrl,
      WOO_WEBHOOK_SECRET: 'connector-secret',
      WEBHOOK_PUBLIC_URL: `${receiver.origin}/webhooks/woocommerce`,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    admin = createWooClient(config.woo);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: createActivities({ config, epicor: createEpicorClient(config.epicor), woo: admin, temporal: env.client }),
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await admin?.close();
    await receiver?.close();
    await woo?.close();
    await env?.teardown();
  });

  const placeAndDeliver = async () => {
    woo.sim.placeOrder({ billing: { email: 'guest@example.test', first_name: 'Gus' }, line_items: [{ sku: 'MUG-1', quantity: 1 }] });
    await woo.sim.flushDeliveries();
  };

  it('is recreated with WOO_WEBHOOK_SECRET once its deliveries are refused, and later deliveries are accepted', async () => {
    const deliveryUrl = `${receiver.origin}/webhooks/woocommerce`;
    // What the owner does in WP Admin or over REST: no secret, so WooCommerce generates one.
    const byHand: number[] = [];
    for (const topic of ['order.created', 'order.updated']) {
      const res = await admin.request<{ id: number }>('POST', '/webhooks', { body: { name: `by hand ${topic}`, topic, delivery_url: deliveryUrl } });
      byHand.push(res.body.id);
    }
    const health = await env.client.workflow.start('webhookHealth', {
      workflowId: healthId,
      taskQueue,
      args: [{ intervalSeconds: 3600, catchupWorkflowId: `catchup-none-${taskQueue}` }],
    });
    await waitFor('the first check, all active', async () => (await health.query(webhookHealthStatusQuery)).lastCheck?.topics.every((t) => t.state === 'active'));

    await placeAndDeliver();
    await placeAndDeliver();
    expect(await outcome('invalid_signature')).toBeGreaterThanOrEqual(2);

    // Each webhook is recreated once its own refusals reach the threshold (one repair may take both).
    const ours = await waitFor('both hand-made webhooks replaced', () => {
      const hooks = woo.sim.webhooks().filter((w) => w.delivery_url === deliveryUrl);
      return hooks.every((w) => !byHand.includes(w.id)) && hooks.length === 2 ? hooks : undefined;
    });
    expect(ours.map((w) => [w.topic, w.status, w.secret]).sort()).toEqual([
      ['order.created', 'active', 'connector-secret'],
      ['order.updated', 'active', 'connector-secret'],
    ]);
    // The loop remembers them as its own (their refusals are not repaired again, see below).
    await waitFor('the repairs recorded', async () => {
      const s = await health.query(webhookHealthStatusQuery);
      return ours.every((w) => s.createdWebhookIds?.includes(w.id));
    });

    const accepted = await outcome('accepted');
    await placeAndDeliver();
    expect(await outcome('accepted')).toBeGreaterThan(accepted);

    // Refusals of a webhook the connector made itself mean the receiver has another secret: alert, don't loop.
    const [mine] = ours;
    const repairs = (await health.query(webhookHealthStatusQuery)).repairs;
    await health.signal(deliveryRejectedSignal, mine.id);
    await health.signal(deliveryRejectedSignal, mine.id);
    await waitFor('the receiver-secret alert', async () => /runs with another WOO_WEBHOOK_SECRET/.test((await health.query(webhookHealthStatusQuery)).alert ?? ''));
    expect((await health.query(webhookHealthStatusQuery)).repairs).toBe(repairs);
    await health.terminate();
  });

  it('ignores refusals that name no webhook delivering to the connector', async () => {
    const health = await env.client.workflow.start('webhookHealth', {
      workflowId: `${healthId}-stranger`,
      taskQueue,
      args: [{ intervalSeconds: 3600, catchupWorkflowId: `catchup-none-${taskQueue}` }],
    });
    await waitFor('the first check', async () => (await health.query(webhookHealthStatusQuery)).checks === 1);
    await health.signal(deliveryRejectedSignal, 987654);
    await health.signal(deliveryRejectedSignal, 987654);
    await waitFor('the second check', async () => (await health.query(webhookHealthStatusQuery)).checks === 2);
    const s = await health.query(webhookHealthStatusQuery);
    expect([s.repairs, s.alert, s.lastCheck?.topics.map((t) => t.state)]).toEqual([0, undefined, ['active', 'active']]);
    await health.terminate();
  });

  it('has its refusals reported to ping by the running loop (nothing when there is no loop to ask)', async () => {
    const id = `${healthId}-ping`;
    const health = await env.client.workflow.start('webhookHealth', {
      workflowId: id,
      taskQueue,
      args: [{ intervalSeconds: 3600, catchupWorkflowId: `catchup-none-${taskQueue}` }],
    });
    await waitFor('the first check', async () => (await health.query(webhookHealthStatusQuery)).checks === 1);
    await health.signal(deliveryRejectedSignal, 4242);
    const config = loadConfig({ SANDBOX: '1', WOO_BASE_URL: woo.baseUrl, TEMPORAL_ADDRESS: env.address });
    expect(await refusedDeliveriesFromHealthLoop(config, id)).toEqual({ 4242: 1 });
    await health.terminate();
    expect(await refusedDeliveriesFromHealthLoop(config, `${id}-absent`)).toBeUndefined();
  });
});
