import { webUnitsNotInEpicor } from '../../src/activities/sync/web-demand';
import { part, startSims } from './harness';

describe('webUnitsNotInEpicor', () => {
  it('counts paid web orders of the asked SKUs that Epicor has no order for, and nothing else', async () => {
    const sims = await startSims({
      parts: [part(1), part(2)],
      warehouses: [
        { partNum: 'P-0001', warehouseCode: 'MAIN', onHandQty: 50 },
        { partNum: 'P-0002', warehouseCode: 'MAIN', onHandQty: 50 },
      ],
    });
    try {
      sims.woo.sim.seedProducts([
        { sku: 'P-0001', name: 'One', regular_price: '10.00', manage_stock: true, stock_quantity: 50 },
        { sku: 'P-0002', name: 'Two', regular_price: '10.00', manage_stock: true, stock_quantity: 50 },
      ]);
      const buy = (lines: { sku: string; quantity: number }[], status?: string) =>
        sims.woo.sim.placeOrder({ billing: { email: 'g@example.test' }, line_items: lines, ...(status ? { status, set_paid: false } : {}) }) as { number: string };
      buy([{ sku: 'P-0001', quantity: 2 }, { sku: 'P-0002', quantity: 1 }]);
      const imported = buy([{ sku: 'P-0001', quantity: 5 }]);
      buy([{ sku: 'P-0001', quantity: 7 }], 'pending'); // not paid: WooCommerce has not taken its stock
      const store = (sims.epicor.sim as unknown as { store: { orderHeds: { put(r: object): void }; touch(r: object): object } }).store;
      store.orderHeds.put(store.touch({ Company: sims.config.epicor.company, OrderNum: 9001, PONum: `WEB-${imported.number}` }));

      const deps = { config: sims.config, epicor: sims.deps({} as never).epicor, woo: sims.wooClient };
      expect(Object.fromEntries(await webUnitsNotInEpicor(deps, ['P-0001']))).toEqual({ 'P-0001': 2 });
      expect(Object.fromEntries(await webUnitsNotInEpicor(deps, ['P-0001', 'P-0002', 'P-9999']))).toEqual({ 'P-0001': 2, 'P-0002': 1 });
      expect((await webUnitsNotInEpicor(deps, [])).size).toBe(0);
    } finally {
      await sims.close();
    }
  });
});
