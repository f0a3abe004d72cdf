import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, part, startLoop, startSims, status, waitFor } from './harness';

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
});
