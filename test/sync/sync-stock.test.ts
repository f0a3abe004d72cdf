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

  it('keeps the last units a shopper bought off sale through the overlap re-read, the import and the reconcile', async () => {
    const sims = await startSims({ parts: [part(1)], warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 3 }] });
    /** What the order import does to Epicor: an order with the Woo order's PONum, its units in DemandQty. */
    const importIntoEpicor = (poNum: string, demand: number) => {
      const store = (sims.epicor.sim as unknown as { store: { orderHeds: { put(r: object): void }; touch(r: object): object } }).store;
      store.orderHeds.put(store.touch({ Company: sims.config.epicor.company, OrderNum: 5001, PONum: poNum, OpenOrder: true }));
      sims.epicor.sim.seed({ warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 3, demandQty: demand }] });
    };
    const wooStock = async () => (await sims.wooClient.findProductBySku('P-0001'))?.stock_quantity;
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        await cyclesDone(parts, 1);
        await parts.terminate();
        expect(await wooStock()).toBe(3);

        // A guest buys the last 3 units; WooCommerce shows 0, Epicor still 3 (nothing imported yet).
        const order = sims.woo.sim.placeOrder({ billing: { email: 'guest@example.test', first_name: 'G' }, line_items: [{ sku: 'P-0001', quantity: 3 }] }) as { number: string };
        expect(await wooStock()).toBe(0);
        // The warehouse row moves for another reason (a cycle count stamps it): the loop reads it fresh.
        sims.epicor.sim.seed({ warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 3 }] });
        const stock = await startLoop(env, 'syncStock', taskQueue);
        const first = await cyclesDone(stock, 2);
        expect(first.lastCycle).toMatchObject({ written: 0, failed: 0 });
        expect(await wooStock()).toBe(0);

        const summary: ReconcileSummary = await env.client.workflow.execute('reconcileCatalog', { workflowId: uniqueId('reconcile'), taskQueue, args: [] });
        expect(summary).toMatchObject({ stockRepaired: 0, failed: 0 });
        expect(await wooStock()).toBe(0);

        // The import lands: the order is in Epicor and its units in DemandQty; the row change is read fresh.
        importIntoEpicor(`WEB-${order.number}`, 3);
        const after = await cyclesDone(stock, 2, first.cycles);
        expect(after.lastCycle).toMatchObject({ written: 0, failed: 0 });
        expect(await wooStock()).toBe(0);

        // Goods received: Epicor's own figure moves up, and so does the store.
        sims.epicor.sim.seed({ warehouses: [{ partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 13, demandQty: 3 }] });
        await waitFor('received stock in WooCommerce', async () => (await wooStock()) === 10);
        await stock.terminate();
      });
    } finally {
      await sims.close();
    }
  });
});
