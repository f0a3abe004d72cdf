import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import type { ReconcileSummary } from '../../src/workflows/definitions/sync';
import { createSyncWorker, cyclesDone, part, startLoop, startSims, status, uniqueId, waitFor } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

describe('sync-stock loop', () => {
  it('sums the configured warehouses into stock_quantity of existing products only, and follows changes', async () => {
    const sims = await startSims(
      {
        parts: [part(1), part(2, { webPart: false })],
        warehouses: [
          { partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 10 },
          { partNum: 'P-0001', warehouseCode: 'WEST', onHandQty: 5 },
          { partNum: 'P-0001', warehouseCode: 'QC', onHandQty: 100 },
          { partNum: 'P-0002', warehouseCode: 'MAIN', onHandQty: 3 },
        ],
      },
      { SYNC_STOCK_WAREHOUSES: 'MAIN,WEST' },
    );
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        await cyclesDone(parts, 1);
        await parts.terminate();
        // The parts loop creates products with their stock already set.
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ manage_stock: true, stock_quantity: 15 });

        const stock = await startLoop(env, 'syncStock', taskQueue);
        const first = await cyclesDone(stock, 1);
        // Four warehouse rows read; P-0001 already right, P-0002 has no product and is never created.
        expect(first.lastCycle).toMatchObject({ read: 4, written: 0, failed: 0 });
        expect(await sims.wooClient.findProductBySku('P-0002')).toBeUndefined();

        sims.epicor.sim.setStock('P-0001', 'WEST', 7.5);
        sims.epicor.sim.setStock('P-0001', 'QC', 1); // not counted: no change in Woo
        await waitFor('the new stock', async () => (await sims.wooClient.findProductBySku('P-0001'))?.stock_quantity === 17);
        const writes = sims.woo.sim.calls.count('/products/batch', 'POST');
        const s = await cyclesDone(stock, 2, (await status(stock)).cycles);
        expect(s.lastCycle?.written).toBe(0);
        expect(sims.woo.sim.calls.count('/products/batch', 'POST')).toBe(writes);
        await stock.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('writes on-hand minus allocated, so units sold but not shipped are not put back on sale, and the reconcile keeps it', async () => {
    // Woo took 3 units off at checkout; Epicor still has them on hand (they ship later) but allocated to the order.
    const sims = await startSims({ parts: [part(1)], warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 10, allocatedQty: 3 }] });
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        await cyclesDone(parts, 1);
        await parts.terminate();
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ manage_stock: true, stock_quantity: 7 });

        const stock = await startLoop(env, 'syncStock', taskQueue);
        const first = await cyclesDone(stock, 1);
        expect(first.lastCycle).toMatchObject({ read: 1, written: 0, failed: 0 }); // 7 already, not raised to 10
        // One more unit allocated, still on hand: the web shop must see 6.
        sims.epicor.sim.seed({ warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 10, allocatedQty: 4 }] });
        await waitFor('available stock in WooCommerce', async () => (await sims.wooClient.findProductBySku('P-0001'))?.stock_quantity === 6);
        await stock.terminate();

        // The nightly reconcile compares the same available quantity: nothing to repair, Woo stays at 6.
        const summary: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(summary).toMatchObject({ checked: 1, stockRepaired: 0, inSync: 1, failed: 0 });
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ stock_quantity: 6 });

        // Shipped: on-hand and allocation both drop by 4; available stays 6, so nothing moves in either direction.
        sims.epicor.sim.seed({ warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 6, allocatedQty: 0 }] });
        const again: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(again).toMatchObject({ stockRepaired: 0, inSync: 1 });
        expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ stock_quantity: 6 });
      });
    } finally {
      await sims.close();
    }
  });
});
