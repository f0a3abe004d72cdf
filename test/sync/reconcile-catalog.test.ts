import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSyncWorkflows } from '../../src/temporal/ensure-sync';
import type { ReconcileSummary } from '../../src/workflows/definitions/sync';
import { connectToTestServer } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, part, startLoop, startSims, uniqueId, waitFor } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

describe('nightly reconcile', () => {
  it('repairs a product edited by hand in WooCommerce, unpublishes parts that left the web catalog and creates missing ones', async () => {
    const sims = await startSims({ parts: [part(1, { unitPrice: '19.99' }), part(2), part(3)] });
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const loop = await startLoop(env, 'syncParts', taskQueue);
        await cyclesDone(loop, 1);
        await loop.terminate();

        // A hand edit keeps the old sync hash, so only a field-by-field comparison can see it.
        const p1 = (await sims.wooClient.findProductBySku('P-0001'))!;
        sims.woo.sim.editProduct(p1.id, { name: 'Edited by hand', regular_price: '1.00' });
        // Changes the loop did not see (it is stopped): one part leaves the web, one is new.
        sims.epicor.sim.updatePart('P-0002', { webPart: false });
        sims.epicor.sim.seed({ parts: [part(4)] });
        sims.epicor.sim.setStock('P-0004', 'MAIN', 7);
        const writes = sims.woo.sim.calls.count('/products/batch', 'POST');

        const summary: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(summary).toMatchObject({ partsRead: 4, checked: 3, repaired: 1, unpublished: 1, created: 1, stockRepaired: 0, inSync: 1, invalid: 0, failed: 0 });
        expect(sims.woo.sim.calls.count('/products/batch', 'POST')).toBe(writes + 1);
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ name: 'Part 1', regular_price: '19.99' });
        expect(await sims.wooClient.findProductBySku('P-0002')).toMatchObject({ status: 'draft' });
        expect(await sims.wooClient.findProductBySku('P-0004')).toMatchObject({ status: 'publish', manage_stock: true, stock_quantity: 7 });

        // A second reconcile finds nothing to do.
        const again: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(again).toMatchObject({ repaired: 0, unpublished: 0, created: 0, inSync: 4 });
      });
    } finally {
      await sims.close();
    }
  });

  it('repairs stock that drifted from the warehouses and withdraws a product whose part lost its price', async () => {
    const sims = await startSims({
      parts: [part(1), part(2), part(3)],
      warehouses: [
        { partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 12.75 },
        { partNum: 'P-0002', warehouseCode: 'MAIN', onHandQty: 4 },
        { partNum: 'P-0003', warehouseCode: 'MAIN', onHandQty: 9 },
      ],
    });
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const loop = await startLoop(env, 'syncParts', taskQueue);
        await cyclesDone(loop, 1);
        await loop.terminate();
        const [p1, p2] = [(await sims.wooClient.findProductBySku('P-0001'))!, (await sims.wooClient.findProductBySku('P-0002'))!];
        expect(p1).toMatchObject({ stock_quantity: 12 });

        // Stock edited by hand (or a lost write): no warehouse row changed, so the stock loop never looks again.
        sims.woo.sim.editProduct(p1.id, { stock_quantity: 99 });
        sims.woo.sim.editProduct(p2.id, { manage_stock: false, name: 'Edited by hand' });
        // A price cleared in Epicor while the loop was stopped: P-0003 is still on sale at 10.00.
        sims.epicor.sim.updatePart('P-0003', { unitPrice: '0' });
        // A new web part priced more exactly than the shop shows is never created (never rounded either).
        sims.epicor.sim.seed({ parts: [part(4, { unitPrice: '3.999' })] });

        const summary: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(summary).toMatchObject({ partsRead: 4, checked: 3, repaired: 1, stockRepaired: 2, unpublished: 1, created: 0, inSync: 0, invalid: 2, failed: 0 });
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ manage_stock: true, stock_quantity: 12 });
        expect(await sims.wooClient.findProductBySku('P-0002')).toMatchObject({ name: 'Part 2', manage_stock: true, stock_quantity: 4 });
        expect(await sims.wooClient.findProductBySku('P-0003')).toMatchObject({ status: 'draft' });
        expect(await sims.wooClient.findProductBySku('P-0004')).toBeUndefined();

        const again: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(again).toMatchObject({ repaired: 0, stockRepaired: 0, unpublished: 0, created: 0, inSync: 3 });
      });
    } finally {
      await sims.close();
    }
  });

  it('names a product in the trash that blocks a missing part, instead of failing to create it', async () => {
    const sims = await startSims({ parts: [part(1)] });
    try {
      const [trashed] = sims.woo.sim.seedProducts([{ sku: 'P-0001', name: 'Old mug', regular_price: '9.00' }]) as { id: number }[];
      await sims.wooClient.request('DELETE', `/products/${trashed.id}`);
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const summary: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(summary).toMatchObject({ created: 0, invalid: 1, failed: 0 });
        expect(summary.errors).toEqual([expect.stringMatching(/^P-0001: not published: product #\d+ "Old mug" is in the WooCommerce trash/)]);
      });
    } finally {
      await sims.close();
    }
  });

  it('runs from the nightly-reconcile schedule', async () => {
    const sims = await startSims({ parts: [part(1)] });
    const idPrefix = `${uniqueId('t')}-`;
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const { scheduleId, workflowIds } = await ensureSyncWorkflows(env.client, sims.config, { idPrefix, taskQueue });
        for (const id of Object.values(workflowIds)) await env.client.workflow.getHandle(id).terminate();
        const schedule = env.client.schedule.getHandle(scheduleId);
        await schedule.trigger();
        const started = await waitFor('the scheduled run', async () => (await schedule.describe()).info.recentActions[0]?.action);
        const summary: ReconcileSummary = await env.client.workflow.getHandle(started.workflow.workflowId, started.workflow.firstExecutionRunId).result();
        expect(summary).toMatchObject({ partsRead: 1 });
        await schedule.delete();
      });
    } finally {
      await sims.close();
    }
  });
});
