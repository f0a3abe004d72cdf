import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { logger } from '../../src/logger';
import { serve, type Served } from '../../src/sandbox/shared/serve';
import { createWebhookApp } from '../../src/webhook/app';
import { catchupStatusQuery, catchUpNowSignal } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { chargesOf, JORG, money, startOrderSims, waitFor, type Sims } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

/** Fresh simulators, a worker and whatever the test serves, all closed afterwards. */
async function scenario(body: (sims: Sims, served: Served[]) => Promise<void>): Promise<void> {
  const sims = await startOrderSims(env);
  const served: Served[] = [];
  try {
    await sims.startWorker();
    await body(sims, served);
  } finally {
    await Promise.allSettled(served.map((s) => s.close()));
    await sims.close();
  }
}

const basket = { customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' };

/** Registers a webhook over REST (POST /webhooks) with the connector's own client and WOO_WEBHOOK_SECRET, as an operator would. */
async function registerWebhook(sims: Sims, topic: string, deliveryUrl: string): Promise<number> {
  const { webhook } = await sims.wooClient.webhooks.create({ name: `Epicor connector ${topic}`, topic, deliveryUrl, secret: sims.config.woo.webhookSecret });
  return webhook.id;
}

const deliveriesFor = (sims: Sims, wooOrderId: number) =>
  sims.woo.sim.deliveries().filter((d) => d.kind === 'delivery' && d.resourceId === wooOrderId);

async function settled(sims: Sims, wooOrderId: number): Promise<void> {
  await waitFor(`order ${wooOrderId}'s workflow to finish`, async () => (await sims.handle(wooOrderId).describe()).status.name === 'COMPLETED');
}

async function startCatchup(sims: Sims, intervalSeconds: number) {
  return env.client.workflow.start('wooCatchup', {
    workflowId: `woo-catchup-test-${randomUUID()}`,
    taskQueue: sims.config.temporal.taskQueue,
    args: [{ intervalSeconds, state: {} }],
  });
}

describe('end to end: WooCommerce webhook -> endpoint -> Temporal -> Epicor', () => {
  it('imports a checkout exactly once from real signed deliveries, and credits a partial refund once', () =>
    scenario(async (sims, served) => {
      const endpoint = await serve(createWebhookApp({ config: sims.config, temporal: env.client, logger }));
      served.push(endpoint);
      const url = `${endpoint.origin}/webhooks/woocommerce`;
      await registerWebhook(sims, 'order.created', url);
      await registerWebhook(sims, 'order.updated', url);
      // Creation pings the endpoint (unsigned `webhook_id=N`); only an exact 200 clears pending_delivery.
      expect(sims.woo.sim.webhooks().map((w) => [w.status, w.pending_delivery])).toEqual([
        ['active', false],
        ['active', false],
      ]);

      const o = sims.placeOrder(basket);
      await sims.woo.sim.flushDeliveries();
      expect(deliveriesFor(sims, o.id).map((d) => [d.topic, d.status])).toEqual([
        ['order.created', 200],
        ['order.updated', 200],
      ]);
      await waitFor('the order in Epicor', () => sims.ordersFor(o.poNum)[0]?.miscCharges.length === 1);
      await settled(sims, o.id);
      const [order, ...more] = sims.ordersFor(o.poNum);
      expect(more).toHaveLength(0);
      expect([order.lines.length, chargesOf(order).length, money(order.DocOrderAmt)]).toEqual([2, 1, '37.80']);
      expect(sims.epicorCalls('GetNewOrderHed')).toBe(1);

      sims.shipAll(o.poNum); // only shipped units are credited
      const refund = sims.woo.sim.createRefund(o.id, { reason: 'chipped', line_items: [{ id: o.lineIds[0], quantity: 1 }] }) as { id: number };
      await sims.woo.sim.flushDeliveries();
      expect(deliveriesFor(sims, o.id).map((d) => d.status)).toEqual([200, 200, 200]);
      await waitFor('the credit memo', () => sims.creditsFor(order.OrderNum).length === 1);
      await settled(sims, o.id);
      const credits = sims.creditsFor(order.OrderNum);
      expect(credits.map((c) => [money(c.DocInvoiceAmt), c.lines.map((l) => l.ECCComment)])).toEqual([['-12.50', [`woo-refund:${refund.id}`]]]);
      expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    }));

  it('answers 503 while Temporal is unreachable (a counted failure), and the catch-up imports the order once Temporal is back', () =>
    scenario(async (sims, served) => {
      const unreachable = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 1_000 });
      let app = createWebhookApp({ config: sims.config, temporal: new Client({ connection: unreachable }), logger });
      // One URL for WooCommerce; what answers behind it changes when Temporal comes back.
      const endpoint = await serve(new Hono().all('*', (c) => app.fetch(c.req.raw)));
      served.push(endpoint);
      await registerWebhook(sims, 'order.created', `${endpoint.origin}/webhooks/woocommerce`);

      const lost = sims.placeOrder(basket);
      await sims.woo.sim.flushDeliveries();
      expect(deliveriesFor(sims, lost.id).map((d) => d.status)).toEqual([503]);
      expect(sims.woo.sim.webhooks().map((w) => [w.status, w.failure_count])).toEqual([['active', 1]]);
      await expect(sims.handle(lost.id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      await unreachable.close().catch(() => undefined);

      // Temporal is back: the endpoint now talks to the real server, and the catch-up loop runs.
      app = createWebhookApp({ config: sims.config, temporal: env.client, logger });
      const catchup = await startCatchup(sims, 1);
      try {
        await waitFor('the lost order in Epicor', () => sims.ordersFor(lost.poNum)[0]?.miscCharges.length === 1);
        await settled(sims, lost.id);
        // The next delivery succeeds and resets WooCommerce's failure count.
        const next = sims.placeOrder(basket);
        await sims.woo.sim.flushDeliveries();
        expect(deliveriesFor(sims, next.id).map((d) => d.status)).toEqual([200]);
        expect(sims.woo.sim.webhooks().map((w) => w.failure_count)).toEqual([0]);
        await waitFor('the next order in Epicor', () => sims.ordersFor(next.poNum)[0]?.miscCharges.length === 1);
        await settled(sims, next.id);
      } finally {
        await catchup.terminate('test done');
      }
      expect([sims.ordersFor(lost.poNum).length, sims.ordersFor(lost.poNum)[0].lines.length]).toEqual([1, 2]);
      expect(sims.epicorCalls('GetNewOrderHed')).toBe(2);
    }));

  it('still brings every order to Epicor through the catch-up alone after WooCommerce disabled the webhook', () =>
    scenario(async (sims, served) => {
      const broken = await serve(new Hono().post('*', (c) => c.text('receiver down', 500)));
      served.push(broken);
      await registerWebhook(sims, 'order.created', `${broken.origin}/hook`);
      const orders = Array.from({ length: 7 }, (_, i) => sims.placeOrder({ ...basket, line_items: [{ sku: 'BOLT-M8', quantity: i + 1 }] }));
      await sims.woo.sim.flushDeliveries();
      // WooCommerce never retries; the 7th consecutive failure disables the webhook (reference §1.5).
      expect(sims.woo.sim.deliveries().filter((d) => d.kind === 'delivery').map((d) => d.status)).toEqual(Array(7).fill(500));
      expect(sims.woo.sim.webhooks().map((w) => w.status)).toEqual(['disabled']);
      orders.push(sims.placeOrder(basket), sims.placeOrder(basket));
      await sims.woo.sim.flushDeliveries();
      expect(sims.woo.sim.deliveries().filter((d) => d.kind === 'delivery')).toHaveLength(7);

      const catchup = await startCatchup(sims, 1);
      try {
        await waitFor('all 9 orders in Epicor', () => orders.every((o) => sims.ordersFor(o.poNum)[0]?.miscCharges.length === 1), 30_000);
        for (const o of orders) await settled(sims, o.id);
      } finally {
        await catchup.terminate('test done');
      }
      expect(orders.map((o) => sims.ordersFor(o.poNum).length)).toEqual(Array(9).fill(1));
      expect(sims.ordersFor(orders[6].poNum)[0].lines.map((l) => Number(l.SellingQuantity))).toEqual([7]);
    }));

  it('runs a catch-up pass at once on catchUpNow instead of waiting for the interval', () =>
    scenario(async (sims) => {
      const catchup = await startCatchup(sims, 3_600);
      try {
        await waitFor('the first pass', async () => (await catchup.query(catchupStatusQuery)).passes === 1);
        const o = sims.placeOrder(basket); // no webhook: only a pass can find it, and the next is an hour away
        await catchup.signal(catchUpNowSignal);
        await waitFor('the order in Epicor', () => sims.ordersFor(o.poNum)[0]?.miscCharges.length === 1, 15_000);
        const status = await catchup.query(catchupStatusQuery);
        expect([status.passes, status.lastPass?.started]).toEqual([2, 1]);
      } finally {
        await catchup.terminate('test done');
      }
    }));
});
