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
        expect(summary).toMatchObject({ partsRead: 4, checked: 3, repaired: 1, unpublished: 1, created: 1, inSync: 1, invalid: 0, failed: 0 });
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
