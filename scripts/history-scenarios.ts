import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ImportPassResult } from '../src/activities/orders/import-pass';
import type { WooOrderSnapshot } from '../src/activities/orders/woo-order';
import { ensureOrderWorkflows, signalOrderWorkflow } from '../src/temporal/order-starters';
import {
  catchUpNowSignal,
  catchupStatusQuery,
  orderStatusQuery,
  refundHandledSignal,
  retrySignal,
  wooChangedSignal,
  type OrderImportInput,
} from '../src/workflows/definitions/orders';
import { createActivities } from '../src/activities';
import { loadConfig } from '../src/config';
import { createEpicorClient } from '../src/epicor';
import { startWooSimulator } from '../src/sandbox/woocommerce';
import { createWooClient } from '../src/woocommerce';
import { deliveryRejectedSignal, webhookHealthStatusQuery } from '../src/workflows/definitions/webhooks';
import { testWorkflowBundle, uniqueTaskQueue } from '../test/helpers/temporal';
import { waitFor } from '../test/helpers/wait-for';
import { JORG, startOrderSims, type Sims } from '../test/orders/harness';

/**
 * Workflow runs that take the branches behind `patched()` markers, driven on a real Temporal server against the
 * simulators. scripts/record-histories.ts saves each returned workflow's history as test/histories/<file>, and
 * test/replay.test.ts checks every patch id in src/workflows appears in one of them. A new patch needs a scenario
 * here (or in a file imported here) that takes its branch.
 */
export interface Scenario {
  /** Saved as test/histories/<file>; names say the path taken. */
  file: string;
  run(ctx: ScenarioContext): Promise<WorkflowHandle>;
}

export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  /** Fresh simulators and a worker on their own task queue for this scenario. */
  sims(): Promise<Sims>;
}

const parked = (sims: Sims, id: number) =>
  waitFor(`order ${id} to park`, async () => ((await sims.handle(id).query(orderStatusQuery)).phase === 'parked' ? true : undefined), 30_000);

export const scenarios: Scenario[] = [
  {
    // Parks (UnknownSku), ignores a catch-up hint for the state it parked on, is retried after the fix, completes.
    file: 'order-import-parked-retry.json',
    async run({ env, sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'NEW-PART', quantity: 1 }] });
      await sims.notify(o.id);
      await parked(sims, o.id);
      const seen = (await sims.wooClient.getOrder(o.id)).date_modified_gmt;
      await signalOrderWorkflow(env.client, sims.config, o.id, { source: 'catch-up', modifiedGmt: seen });
      sims.epicor.sim.seed({ parts: [{ partNum: 'NEW-PART', description: 'Brand new part', unitPrice: '5.00' }] });
      await sims.handle(o.id).signal(retrySignal);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // A refund the RMA route cannot express parks; refundHandled records it in Woo and the run completes.
    file: 'order-import-refund-handled.json',
    async run({ sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }], shipping: '4.90' });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      const shipping = sims.woo.sim.createRefund(o.id, { amount: '4.90', reason: 'late delivery' }) as { id: number };
      await sims.notify(o.id);
      await parked(sims, o.id);
      await sims.handle(o.id).signal(refundHandledSignal, shipping.id);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // The one-activity pass: an unpaid bank transfer (on-hold) is skipped by ORDER_IMPORT_STATUSES.
    file: 'order-import-one-activity-pass-skipped.json',
    async run({ sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, payment_method: 'bacs', line_items: [{ sku: 'TOWEL-01', quantity: 2 }] });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // The one-activity pass: the paid order is imported (header, two lines, shipping) and its items remembered.
    file: 'order-import-one-activity-pass.json',
    async run({ sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }, { sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // The one-activity pass on a later run: nothing new to write, a refund credited, the cancellation held.
    file: 'order-import-one-activity-pass-refund-cancel.json',
    async run({ sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }] });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
      sims.woo.sim.updateOrderStatus(o.id, 'cancelled');
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // A later run of the same order reads the handled refund stored in Woo and skips it.
    file: 'order-import-refund-handled-later-run.json',
    async run({ sims: start }) {
      const sims = await start();
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 2 }], shipping: '4.90' });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      const shipping = sims.woo.sim.createRefund(o.id, { amount: '4.90', reason: 'late delivery' }) as { id: number };
      await sims.notify(o.id);
      await parked(sims, o.id);
      await sims.handle(o.id).signal(refundHandledSignal, shipping.id);
      await sims.handle(o.id).result();
      sims.shipAll(o.poNum); // a credit is for shipped units; unshipped ones come off the order instead
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
      await sims.notify(o.id);
      await sims.handle(o.id).result();
      return sims.handle(o.id);
    },
  },
  {
    // A hint in the same second as the state processed last makes the workflow read the order again.
    file: 'order-import-same-second-change.json',
    async run({ env }) {
      const T = '2026-03-01T10:00:05';
      const reads: ((snap: WooOrderSnapshot) => void)[] = [];
      const pending: WooOrderSnapshot = { found: true, status: 'pending', number: '77', poNum: 'WEB-77', modifiedGmt: T, refundIds: [] };
      const taskQueue = uniqueTaskQueue('same-second');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: testWorkflowBundle(),
        activities: { importOrder: () => new Promise<ImportPassResult>((resolve) => reads.push((woo) => resolve({ woo, lines: [], added: [] }))) },
      });
      const running = worker.run();
      try {
        const input: OrderImportInput = { store: 'same-second', wooOrderId: 77 };
        const handle = await env.client.workflow.start('orderImport', { taskQueue, workflowId: `woo-order-same-second-${randomUUID()}`, args: [input] });
        await waitFor('the first read', () => reads.length === 1);
        await handle.signal(wooChangedSignal, { source: 'webhook' });
        reads[0](pending);
        await waitFor('the second read', () => reads.length === 2);
        await handle.signal(wooChangedSignal, { source: 'webhook', modifiedGmt: T });
        reads[1](pending);
        await waitFor('the third read', () => reads.length === 3);
        reads[2]({ found: false, refundIds: [] });
        await handle.result();
        return handle;
      } finally {
        worker.shutdown();
        await running;
      }
    },
  },
  {
    // catchUpNow with the start and during a pass; the watermark kept in the memo.
    file: 'woo-catchup-requests.json',
    async run({ env, sims: start }) {
      const sims = await start();
      const config = sims.configWith({ TEMPORAL_TASK_QUEUE: sims.config.temporal.taskQueue, CATCHUP_INTERVAL: '1h' });
      const catchup = await ensureOrderWorkflows(env.client, config, { workflowId: `catchup-${randomUUID()}` });
      await catchup.signal(catchUpNowSignal);
      await waitFor('two passes', async () => (((await catchup.query(catchupStatusQuery)).passes ?? 0) >= 2 ? true : undefined), 30_000);
      const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
      await catchup.signal(catchUpNowSignal);
      await waitFor(`order ${o.id} to reach Epicor`, () => sims.ordersFor(o.poNum).length === 1, 30_000);
      await sims.handle(o.id).result();
      return catchup;
    },
  },
  {
    // A webhook made by hand (WooCommerce's own secret) is refused by the receiver twice and recreated.
    file: 'webhook-health-foreign-secret.json',
    async run({ env }) {
      const woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 3_600_000 });
      const taskQueue = uniqueTaskQueue('health-record');
      const config = loadConfig({
        SANDBOX: '1',
        WOO_BASE_URL: woo.baseUrl,
        WOO_WEBHOOK_SECRET: 'connector-secret',
        WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:9/webhooks/woocommerce',
        TEMPORAL_TASK_QUEUE: taskQueue,
      });
      const wooClient = createWooClient(config.woo);
      const epicor = createEpicorClient(config.epicor);
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: testWorkflowBundle(),
        activities: createActivities({ config, epicor, woo: wooClient, temporal: env.client }),
      });
      const running = worker.run();
      try {
        const ids: number[] = [];
        for (const topic of ['order.created', 'order.updated']) {
          const res = await wooClient.request<{ id: number }>('POST', '/webhooks', { body: { name: topic, topic, delivery_url: config.webhook.publicUrl } });
          ids.push(res.body.id);
        }
        const handle = await env.client.workflow.start('webhookHealth', {
          workflowId: `webhook-health-${randomUUID()}`,
          taskQueue,
          args: [{ intervalSeconds: 3600, catchupWorkflowId: `catchup-none-${taskQueue}` }],
        });
        await waitFor('the first check', async () => ((await handle.query(webhookHealthStatusQuery)).checks === 1 ? true : undefined));
        for (const id of ids) for (let i = 0; i < 2; i++) await handle.signal(deliveryRejectedSignal, id);
        await waitFor('the repair', async () => ((await handle.query(webhookHealthStatusQuery)).repairs >= 1 ? true : undefined));
        await waitFor('both recreated', () => woo.sim.webhooks().every((w) => !ids.includes(w.id)));
        await waitFor('the check after it', async () => ((await handle.query(webhookHealthStatusQuery)).lastRepair?.created.length ? true : undefined));
        return handle;
      } finally {
        worker.shutdown();
        await running;
        await Promise.allSettled([wooClient.close(), epicor.close(), woo.close()]);
      }
    },
  },
  {
    // A retry sent while a pass runs asks for one more pass; the later park then waits for the next retry.
    file: 'order-import-retry-during-pass.json',
    async run({ env }) {
      const reads: ((r: WooOrderSnapshot | Error) => void)[] = [];
      const taskQueue = uniqueTaskQueue('retry-during-pass');
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: testWorkflowBundle(),
        activities: {
          importOrder: () =>
            new Promise<ImportPassResult>((resolve, reject) => reads.push((r) => (r instanceof Error ? reject(r) : resolve({ woo: r, lines: [], added: [] })))),
        },
      });
      const running = worker.run();
      try {
        const handle = await env.client.workflow.start('orderImport', {
          taskQueue,
          workflowId: `woo-order-retry-during-pass-${randomUUID()}`,
          args: [{ store: 'retry-during-pass', wooOrderId: 91 }],
        });
        await waitFor('the first read', () => reads.length === 1);
        await handle.signal(retrySignal);
        reads[0]({ found: true, status: 'pending', number: '91', poNum: 'WEB-91', modifiedGmt: '2026-03-01T10:00:05', refundIds: [] });
        await waitFor('the second read', () => reads.length === 2);
        reads[1](ApplicationFailure.nonRetryable('SKU NEW-PART is not an Epicor part', 'UnknownSku'));
        await waitFor('the park', async () => ((await handle.query(orderStatusQuery)).phase === 'parked' ? true : undefined));
        await handle.signal(retrySignal);
        await waitFor('the read after the retry', () => reads.length === 3);
        reads[2]({ found: false, refundIds: [] });
        await handle.result();
        return handle;
      } finally {
        for (const answer of reads) answer({ found: false, refundIds: [] });
        worker.shutdown();
        await running;
      }
    },
  },
];
