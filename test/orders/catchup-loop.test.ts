import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createCatchupActivities, type CatchupPass } from '../../src/activities/orders/catch-up';
import { ensureOrderWorkflows } from '../../src/temporal/order-starters';
import { catchUpNowSignal, catchupStatusQuery } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';
import { JORG, startOrderSims, type Sims } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => env?.teardown());

const order = (sims: Sims) => sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withSims(body: (sims: Sims) => Promise<void>): Promise<void> {
  const sims = await startOrderSims(env);
  try {
    await body(sims);
  } finally {
    await sims.close();
  }
}

const exists = async (sims: Sims, wooOrderId: number) => {
  try {
    await sims.handle(wooOrderId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
};

describe('catch-up loop', () => {
  it('does not import the store history on first start, only orders changed since', () =>
    withSims(async (sims) => {
      const config = sims.configWith({ CATCHUP_OVERLAP_SECONDS: '1', CATCHUP_INTERVAL: '1h' });
      const before = order(sims);
      await sleep(2_100);
      const worker = await sims.startWorker(config);
      const catchup = await ensureOrderWorkflows(env.client, config, { workflowId: `catchup-${randomUUID()}` });
      const after = order(sims);
      await catchup.signal(catchUpNowSignal);
      await waitFor(`order ${after.id} to reach Epicor`, () => sims.ordersFor(after.poNum).length === 1, 30_000);
      expect(await exists(sims, before.id)).toBe(false);
      expect(sims.ordersFor(before.poNum)).toHaveLength(0);
      await catchup.terminate();
      await worker.shutdown();
    }));

  it('imports history from CATCHUP_SINCE when an operator asks for it', () =>
    withSims(async (sims) => {
      const earlier = order(sims);
      const since = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);
      const config = sims.configWith({ CATCHUP_SINCE: since, CATCHUP_INTERVAL: '1h' });
      const worker = await sims.startWorker(config);
      const catchup = await ensureOrderWorkflows(env.client, config, { workflowId: `catchup-${randomUUID()}` });
      await waitFor(`order ${earlier.id} to reach Epicor`, () => sims.ordersFor(earlier.poNum).length === 1, 30_000);
      await catchup.terminate();
      await worker.shutdown();
    }));

  it('survives a pass WooCommerce refuses, keeps its watermark, and recovers', () =>
    withSims(async (sims) => {
      const config = sims.configWith({ CATCHUP_INTERVAL: '1h' });
      const worker = await sims.startWorker(config);
      const catchup = await ensureOrderWorkflows(env.client, config, { workflowId: `catchup-${randomUUID()}` });
      await waitFor('the first pass', async () => (await catchup.query(catchupStatusQuery)).passes === 1);
      const watermark = (await catchup.query(catchupStatusQuery)).watermarkGmt;

      // Keys revoked: a permanent 401 on the order list.
      const fault = sims.woo.sim.faults.add({ kind: 'status', status: 401, method: 'GET', path: '/wp-json/wc/v3/orders' });
      await catchup.signal(catchUpNowSignal);
      const failed = await waitFor('a failed pass', async () => {
        const s = await catchup.query(catchupStatusQuery);
        return s.passes === 2 && s.lastError ? s : undefined;
      });
      expect(failed.watermarkGmt).toBe(watermark);
      expect((await catchup.describe()).status.name).toBe('RUNNING');

      sims.woo.sim.faults.remove(fault);
      const placed = order(sims);
      await catchup.signal(catchUpNowSignal);
      await waitFor(`order ${placed.id} to reach Epicor`, () => sims.ordersFor(placed.poNum).length === 1, 30_000);
      expect((await catchup.query(catchupStatusQuery)).lastError).toBeUndefined();
      await catchup.terminate();
      await worker.shutdown();
    }));

  it('applies a changed CATCHUP_INTERVAL to the running loop and keeps its watermark', () =>
    withSims(async (sims) => {
      const workflowId = `catchup-${randomUUID()}`;
      const worker = await sims.startWorker(sims.config);
      const first = await ensureOrderWorkflows(env.client, sims.configWith({ TEMPORAL_TASK_QUEUE: sims.config.temporal.taskQueue, CATCHUP_INTERVAL: '1h' }), { workflowId });
      await waitFor('the first pass', async () => (await first.query(catchupStatusQuery)).passes === 1);
      const again = await ensureOrderWorkflows(env.client, sims.configWith({ TEMPORAL_TASK_QUEUE: sims.config.temporal.taskQueue, CATCHUP_INTERVAL: '5m' }), { workflowId });
      expect(again.firstExecutionRunId).toBe(first.firstExecutionRunId);
      await waitFor('the new interval', async () => (await again.query(catchupStatusQuery)).intervalSeconds === 300);
      await again.terminate();
      await worker.shutdown();
    }));

  it('re-creates a terminated loop from where it stopped, not from now', () =>
    withSims(async (sims) => {
      const workflowId = `catchup-${randomUUID()}`;
      const config = sims.configWith({ CATCHUP_INTERVAL: '1h', CATCHUP_OVERLAP_SECONDS: '1' });
      const worker = await sims.startWorker(config);
      const first = await ensureOrderWorkflows(env.client, config, { workflowId });
      const seen = order(sims);
      await first.signal(catchUpNowSignal);
      await waitFor(`order ${seen.id} to reach Epicor`, () => sims.ordersFor(seen.poNum).length === 1, 30_000);
      await waitFor('the pass to finish', async () => ((await first.query(catchupStatusQuery)).passes ?? 0) >= 2);
      await first.terminate('operator stopped it');

      // Changed while no loop ran (its webhook lost): the re-created loop must still find it.
      const missed = order(sims);
      await sleep(2_100);
      const second = await ensureOrderWorkflows(env.client, config, { workflowId });
      await second.signal(catchUpNowSignal);
      await waitFor(`order ${missed.id} to reach Epicor`, () => sims.ordersFor(missed.poNum).length === 1, 30_000);
      await second.terminate();
      await worker.shutdown();
    }));

  it('walks from the start when the last attempt left a failure count instead of progress', () =>
    withSims(async (sims) => {
      // guard() heartbeats { unclear } when an attempt fails unclearly; the next attempt must not read it as progress.
      const placed = order(sims);
      const activities = createCatchupActivities({ config: sims.config, epicor: sims.epicorClient, woo: sims.wooClient, temporal: env.client });
      const mock = new MockActivityEnvironment({ heartbeatDetails: { unclear: 1 } });
      const pass = await mock.run(activities.catchUpOrders, {});
      expect(pass).toMatchObject({ listed: 1, started: 1, unreadable: 0 });
      await waitFor(`order ${placed.id}'s workflow`, () => exists(sims, placed.id));
      await sims.handle(placed.id).terminate();
    }));

  it('records its progress within a page, so an attempt lost mid-page is resumed there, not from the page start', () =>
    withSims(async (sims) => {
      const placed = Array.from({ length: 20 }, () => order(sims));
      const activities = createCatchupActivities({ config: sims.config, epicor: sims.epicorClient, woo: sims.wooClient, temporal: env.client });
      const first = new MockActivityEnvironment();
      const beats: { lastId: number; pass: { listed: number } }[] = [];
      first.on('heartbeat', (d: (typeof beats)[number]) => beats.push(structuredClone(d)));
      expect(await first.run(activities.catchUpOrders, {})).toMatchObject({ listed: 20, started: 20 });
      // One page of 20, yet progress was recorded part-way along it.
      const mid = beats.find((b) => b.lastId > placed[0].id && b.lastId < placed[19].id)!;
      expect(mid).toBeDefined();

      // The attempt that recorded `mid` died: its retry hands over only the orders after it.
      const rest = placed.filter((p) => p.id > mid.lastId).length;
      const listedBefore = mid.pass.listed;
      const retry = new MockActivityEnvironment({ heartbeatDetails: mid });
      const pass = (await retry.run(activities.catchUpOrders, {})) as CatchupPass;
      expect(pass.listed - listedBefore).toBe(rest);
      expect(rest).toBeGreaterThan(0);
      expect(rest).toBeLessThan(20);
      await Promise.all(placed.map((p) => sims.handle(p.id).terminate().catch(() => undefined)));
    }));
});
