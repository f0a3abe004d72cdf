import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { logger } from '../../src/logger';
import { serve } from '../../src/sandbox/shared/serve';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import { createWebhookApp } from '../../src/webhook/app';
import { orderWorkflowId, storeKey } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from '../orders/harness';

let env: TestWorkflowEnvironment;
let sims: Sims;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

describe('a fresh namespace', () => {
  it('accepts deliveries before any worker has registered the search attributes, and the order imports once a worker starts', async () => {
    const namespace = `fresh-${randomUUID().slice(0, 8)}`;
    await env.client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    const config = sims.configWith({ TEMPORAL_NAMESPACE: namespace });
    const temporal = new Client({ connection: env.connection, namespace });
    const app = createWebhookApp({ config, temporal, logger });
    await waitFor('the namespace to be ready', async () => ((await app.request('/readyz')).status === 200 ? true : undefined));
    const { customAttributes } = await env.client.connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).not.toContain('WooOrderId');

    // The receiver alone: WooCommerce delivers a new order to it.
    const receiver = await serve(app);
    try {
      const { webhook } = await sims.wooClient.webhooks.create({
        name: 'fresh namespace', topic: 'order.created', deliveryUrl: `${receiver.origin}/webhooks/woocommerce`, secret: config.woo.webhookSecret,
      });
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
      await sims.woo.sim.flushDeliveries();
      const deliveries = sims.woo.sim.deliveries().filter((d) => d.kind === 'delivery' && d.webhookId === webhook.id);
      expect(deliveries.map((d) => d.status)).toEqual([200]);

      // Then the worker starts, registering the search attributes as run-worker does, and imports the order.
      await ensureSearchAttributes(temporal, namespace);
      await sims.startWorker(config);
      const handle = temporal.workflow.getHandle(orderWorkflowId(storeKey(config.woo.baseUrl), o.id));
      const result = await handle.result();
      expect(sims.ordersFor(o.poNum)).toHaveLength(1);
      expect(result.epicorOrderNum).toBe(sims.ordersFor(o.poNum)[0].OrderNum);
      expect((await handle.describe()).searchAttributes.WooOrderId).toEqual([String(o.id)]);
    } finally {
      await receiver.close();
    }
  });
});
