import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { planEpicorOrder } from '../../src/mapping/order-plan';
import { connectToTestServer } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, part, startLoop, startSims, status, waitFor } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

const FAMILY_ENV = { SYNC_VARIATION_PATTERN: '^(?<family>.+)-(?<option>[A-Z]{3,4})$', SYNC_VARIATION_CLASSES: 'APP', SYNC_VARIATION_ATTRIBUTE: 'Colour' };
const tee = (option: string, price: string) => part(`TEE-${option}`, { description: `Tee Shirt ${option}`, unitPrice: price, ClassID: 'APP' } as never);

describe('variable products from an Epicor part family', () => {
  it('makes a part family one variable product whose variations follow price, status and stock, and orders carry the PartNum', async () => {
    const sims = await startSims(
      {
        parts: [tee('RED', '15.00'), tee('BLUE', '16.00'), part('MUG-BLUE', { description: 'Mug blue', ClassID: 'HW' } as never)],
        warehouses: [
          { partNum: 'TEE-RED', warehouseCode: 'MAIN', onHandQty: 4 },
          { partNum: 'TEE-BLUE', warehouseCode: 'MAIN', onHandQty: 2 },
        ],
      },
      FAMILY_ENV,
    );
    const variation = async (sku: string) => (await sims.wooClient.findProductsBySku([sku])).find((p) => p.sku === sku);
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        const first = await cyclesDone(parts, 1);
        expect(first.lastCycle).toMatchObject({ read: 3, written: 4, failed: 0 }); // parent, 2 variations, the mug

        const parent = (await sims.wooClient.findProductBySku('TEE'))!;
        expect(parent).toMatchObject({ type: 'variable', name: 'Tee Shirt', status: 'publish' });
        expect((parent as { attributes?: unknown }).attributes).toEqual([expect.objectContaining({ name: 'Colour', options: ['RED', 'BLUE'], variation: true })]);
        expect(await variation('TEE-RED')).toMatchObject({ type: 'variation', parent_id: parent.id, regular_price: '15.00', stock_quantity: 4, attributes: [expect.objectContaining({ name: 'Colour', option: 'RED' })] });
        expect(await variation('TEE-BLUE')).toMatchObject({ type: 'variation', parent_id: parent.id, regular_price: '16.00', stock_quantity: 2 });
        expect(await sims.wooClient.findProductBySku('MUG-BLUE')).toMatchObject({ type: 'simple' }); // another class

        // Unchanged: later cycles re-read the rows and write nothing.
        const idle = await cyclesDone(parts, 2, first.cycles);
        expect(idle.lastCycle).toMatchObject({ written: 0, failed: 0 });

        // A new colour, a price change and a colour leaving the web, each on its variation only.
        sims.epicor.sim.seed({ parts: [tee('GRN', '15.50')] });
        sims.epicor.sim.updatePart('TEE-BLUE', { unitPrice: '17.00' });
        sims.epicor.sim.updatePart('TEE-RED', { webPart: false });
        await waitFor('the family changes', async () => (await variation('TEE-GRN'))?.regular_price === '15.50' && (await variation('TEE-BLUE'))?.regular_price === '17.00' && (await variation('TEE-RED'))?.status === 'private');
        const grown = (await sims.wooClient.findProductBySku('TEE')) as { attributes?: { options?: string[] }[] };
        expect(grown.attributes?.[0].options).toEqual(['RED', 'BLUE', 'GRN']);
        await parts.terminate();

        // Stock per variation, through the stock loop.
        const stock = await startLoop(env, 'syncStock', taskQueue);
        sims.epicor.sim.seed({ warehouses: [{ partNum: 'TEE-BLUE', warehouseCode: 'MAIN', onHandQty: 9 }] });
        await waitFor('variation stock', async () => (await variation('TEE-BLUE'))?.stock_quantity === 9);
        await stock.terminate();

        // A shopper orders the blue tee: the order line carries the variation's SKU, which is its PartNum.
        const placed = sims.woo.sim.placeOrder({ billing: { email: 'g@example.test' }, line_items: [{ sku: 'TEE-BLUE', quantity: 1 }] }) as { id: number };
        const order = await sims.wooClient.getOrder(placed.id);
        expect(order.line_items[0]).toMatchObject({ sku: 'TEE-BLUE', variation_id: (await variation('TEE-BLUE'))!.id });
        const plan = planEpicorOrder(order, { shipping: 'ignore', shippingCode: 'FRT', feeCode: 'FEE' });
        expect(plan.lines.map((l) => l.partNum)).toEqual(['TEE-BLUE']);
      });
    } finally {
      await sims.close();
    }
  });

  it('reports a family member WooCommerce already has as a simple product instead of writing it', async () => {
    const sims = await startSims({ parts: [tee('RED', '15.00')] }, FAMILY_ENV);
    try {
      sims.woo.sim.seedProducts([{ sku: 'TEE-RED', name: 'Old red tee', regular_price: '9.00' }]);
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        const first = await cyclesDone(parts, 1);
        expect(first.lastCycle).toMatchObject({ written: 0, skippedInvalid: 1, failed: 0 });
        expect(first.recentSkips[0]).toMatch(/^TEE-RED: SYNC_VARIATION_PATTERN makes it a variation of TEE, but WooCommerce has it as simple \d+; delete that product or change the pattern$/);
        await parts.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('reports a variation WooCommerce refuses in the batch and goes on with the others', async () => {
    const sims = await startSims({ parts: [tee('RED', '15.00'), tee('BLUE', '16.00')] }, FAMILY_ENV);
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const parts = await startLoop(env, 'syncParts', taskQueue);
        const first = await cyclesDone(parts, 1);
        const parent = (await sims.wooClient.findProductBySku('TEE'))!;
        const red = (await sims.wooClient.findProductsBySku(['TEE-RED']))[0];
        sims.woo.sim.faults.add({
          kind: 'status',
          status: 200,
          path: `/products/${parent.id}/variations/batch`,
          method: 'POST',
          times: 1,
          body: { update: [{ id: red.id, error: { code: 'woocommerce_rest_invalid_param', message: 'Invalid parameter(s): regular_price', data: { status: 400 } } }, { id: 0 }] },
        });
        sims.epicor.sim.updatePart('TEE-RED', { unitPrice: '18.00' });
        sims.epicor.sim.updatePart('TEE-BLUE', { unitPrice: '19.00' });
        const s = await waitFor('the refused variation reported', async () => {
          const st = await status(parts);
          return st.recentErrors.length ? st : undefined;
        });
        expect(s.recentErrors).toEqual([expect.stringMatching(/^TEE-RED: WooCommerce products\/\d+\/variations batch update item failed \(woocommerce_rest_invalid_param: Invalid parameter\(s\): regular_price\)$/)]);
        expect(s.cycles).toBeGreaterThan(first.cycles);
        // The fault answered for the whole batch without writing it; the re-read rows are written next cycle.
        await waitFor('both variations priced', async () => (await sims.wooClient.findProductsBySku(['TEE-BLUE', 'TEE-RED'])).every((v) => ['19.00', '18.00'].includes(v.regular_price)));
        await parts.terminate();
      });
    } finally {
      await sims.close();
    }
  });
});
