/**
 * By-hand check of the catalog and customer sync against a real WooCommerce store (`.ci/run` may pass one in;
 * see docs/sync.md): the stock race, writes per cycle of an unchanged catalog and customer base, a shopper's
 * edit surviving, customer link meta landing, the trash report. Epicor is the simulator.
 *
 *   WOO_BASE_URL=... WOO_CONSUMER_KEY=... WOO_CONSUMER_SECRET=... npx tsx scripts/realwoo-sync-check.ts
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../src/activities/deps';
import { runCycle, type EntitySync } from '../src/activities/sync/cycle';
import { customersSync } from '../src/activities/sync/customers';
import { partsSync } from '../src/activities/sync/parts';
import { reconcileParts } from '../src/activities/sync/reconcile';
import { stockSync } from '../src/activities/sync/stock';
import { loadConfig } from '../src/config';
import { createEpicorClient } from '../src/epicor';
import { startEpicorSimulator } from '../src/sandbox/epicor';
import { createWooClient } from '../src/woocommerce';

const env = process.env;

async function main(): Promise<void> {
  const epicorSim = await startEpicorSimulator({
    seed: {
      parts: [
        { partNum: 'RACE-1', description: 'Last three', unitPrice: '10.00', salesUM: 'EA', webPart: true, inActive: false },
        { partNum: 'TRASH-1', description: 'Trashed SKU', unitPrice: '5.00', salesUM: 'EA', webPart: true, inActive: false },
        { partNum: 'TEE-RED', description: 'Tee Shirt Red', unitPrice: '15.00', salesUM: 'EA', webPart: true, inActive: false, ClassID: 'APP' } as never,
        { partNum: 'TEE-BLUE', description: 'Tee Shirt Blue', unitPrice: '16.00', salesUM: 'EA', webPart: true, inActive: false, ClassID: 'APP' } as never,
      ],
      warehouses: [
        { partNum: 'RACE-1', warehouseCode: 'MAIN', onHandQty: 3 },
        { partNum: 'TRASH-1', warehouseCode: 'MAIN', onHandQty: 9 },
        { partNum: 'TEE-RED', warehouseCode: 'MAIN', onHandQty: 4 },
        { partNum: 'TEE-BLUE', warehouseCode: 'MAIN', onHandQty: 2 },
      ],
      customers: [
        { custId: 'WEB1', name: 'Web One Ltd', email: 'one@web.example; ap@web.example', address1: '1 Web Way', city: 'Albany', state: 'NY', zip: '12207', country: 'USA', WebCustomer: true } as never,
        { custId: 'B2B1', name: 'Big Buyer Corp', email: 'buyer@b2b.example', address1: 'Tower 1', WebCustomer: false } as never,
      ],
    },
  });
  const config = loadConfig({
    SANDBOX: '1',
    EPICOR_BASE_URL: epicorSim.baseUrl,
    WOO_BASE_URL: env.WOO_BASE_URL,
    WOO_CONSUMER_KEY: env.WOO_CONSUMER_KEY,
    WOO_CONSUMER_SECRET: env.WOO_CONSUMER_SECRET,
    WOO_AUTH: 'oauth1',
    SYNC_CUSTOMERS_SELECT: 'web-customer',
    SYNC_CUSTOMERS_CREATE: env.CREATE ?? '1',
    SYNC_VARIATION_PATTERN: '^(?<family>.+)-(?<option>[A-Z]{3,4})$',
    SYNC_VARIATION_CLASSES: 'APP',
  });
  const epicor = createEpicorClient(config.epicor);
  const woo = createWooClient(config.woo);
  const deps = { config, epicor, woo } as unknown as ActivityDeps;
  const act = new MockActivityEnvironment();
  const cycle = async (name: string, sync: EntitySync<never, never>) => {
    // Watermark 0: every row is re-read, the worst case of the overlap window.
    const r = (await act.run(() => runCycle(sync, { watermark: "0" }))) as Awaited<ReturnType<typeof runCycle>>;
    console.log(`${name}: read ${r.counts.read}, written ${r.counts.written}, failed ${r.counts.failed}; skips ${JSON.stringify(r.skips)} errors ${JSON.stringify(r.errors)}`);
    return r;
  };
  const stockOf = async (sku: string) => (await woo.findProductBySku(sku))?.stock_quantity;

  try {
    // A product in the trash holding TRASH-1.
    const made = await woo.request<{ id: number }>('POST', '/products', { body: { name: 'Old trashed product', sku: 'TRASH-1', regular_price: '1.00' } });
    await woo.request('DELETE', `/products/${made.body.id}`);

    await cycle('parts #1', partsSync(deps, 'SysRevID') as never);
    await cycle('parts #2 (unchanged)', partsSync(deps, 'SysRevID') as never);
    console.log('RACE-1 stock after create:', await stockOf('RACE-1'));
    const tee = await woo.findProductBySku('TEE');
    console.log('TEE parent:', JSON.stringify({ type: tee?.type, name: tee?.name, attributes: (tee as { attributes?: unknown })?.attributes }));
    for (const sku of ['TEE-RED', 'TEE-BLUE']) {
      const v = (await woo.findProductsBySku([sku])).find((p) => p.sku === sku);
      console.log(sku, JSON.stringify({ type: v?.type, parent: v?.parent_id === tee?.id, price: v?.regular_price, stock: v?.stock_quantity, status: v?.status, attributes: (v as { attributes?: unknown })?.attributes, purchasable: v?.purchasable }));
    }
    epicorSim.sim.seed({ warehouses: [{ partNum: 'TEE-BLUE', warehouseCode: 'MAIN', onHandQty: 9 }] });
    await cycle('stock (TEE-BLUE received)', stockSync(deps) as never);
    console.log('TEE-BLUE stock:', (await woo.findProductsBySku(['TEE-BLUE'])).find((p) => p.sku === 'TEE-BLUE')?.stock_quantity);
    await cycle('stock (again)', stockSync(deps) as never);

    const productId = (await woo.findProductBySku('RACE-1'))!.id;
    const orderNumber = await guestCheckout(productId, 3);
    console.log(`guest bought 3 (order ${orderNumber}); RACE-1 stock:`, await stockOf('RACE-1'));
    epicorSim.sim.seed({ warehouses: [{ partNum: 'RACE-1', warehouseCode: 'MAIN', onHandQty: 3 }] }); // row moves
    await cycle('stock #1', stockSync(deps) as never);
    await cycle('stock #2', stockSync(deps) as never);
    console.log('RACE-1 stock after two stock cycles:', await stockOf('RACE-1'));
    const rec = await act.run(() => reconcileParts(deps));
    console.log('reconcile:', JSON.stringify(rec), 'RACE-1 stock:', await stockOf('RACE-1'));

    const store = (epicorSim.sim as unknown as { store: { orderHeds: { put(r: object): void }; touch(r: object): object } }).store;
    store.orderHeds.put(store.touch({ Company: config.epicor.company, OrderNum: 7001, PONum: `WEB-${orderNumber}` }));
    epicorSim.sim.seed({ warehouses: [{ partNum: 'RACE-1', warehouseCode: 'MAIN', onHandQty: 3, demandQty: 3 }] });
    await cycle('stock #3 (imported)', stockSync(deps) as never);
    await cycle('stock #4', stockSync(deps) as never);
    console.log('RACE-1 stock after the import:', await stockOf('RACE-1'));

    await cycle('customers #1', customersSync(deps) as never);
    const c = await woo.findCustomerByEmail('one@web.example');
    console.log('customer meta:', JSON.stringify(c?.meta_data.map((m) => m.key)), 'company:', c?.billing.company, 'first/last:', JSON.stringify([c?.first_name, c?.last_name]));
    await cycle('customers #2 (unchanged)', customersSync(deps) as never);
    if (c) await woo.request('PUT', `/customers/${c.id}`, { body: { first_name: 'Dana', billing: { address_1: '7 Lake St' } } });
    await cycle('customers #3 (after shopper edit)', customersSync(deps) as never);
    const after = await woo.findCustomerByEmail('one@web.example');
    console.log('after shopper edit:', JSON.stringify({ first: after?.first_name, address_1: after?.billing.address_1 }));
    console.log('b2b account exists:', Boolean(await woo.findCustomerByEmail('buyer@b2b.example')));
  } finally {
    await epicor.close();
    await woo.close();
    await epicorSim.close();
  }
}

/** What a shopper's browser does: Store API cart, add item, checkout (cash on delivery: processing). */
async function guestCheckout(productId: number, quantity: number): Promise<string> {
  const s = `${env.WOO_BASE_URL}/wp-json/wc/store/v1`;
  const cart = await fetch(`${s}/cart`);
  const h = { Nonce: cart.headers.get('nonce') ?? '', 'Cart-Token': cart.headers.get('cart-token') ?? '', 'Content-Type': 'application/json' };
  const add = await fetch(`${s}/cart/add-item`, { method: 'POST', headers: h, body: JSON.stringify({ id: productId, quantity }) });
  if (!add.ok) throw new Error(`add-item ${add.status}: ${await add.text()}`);
  const a = { first_name: 'Rita', last_name: 'Realwoo', address_1: '2 Test Street', city: 'Albany', state: 'NY', postcode: '12207', country: 'US' };
  const out = await fetch(`${s}/checkout`, { method: 'POST', headers: h, body: JSON.stringify({ billing_address: { ...a, email: 'rita@example.com' }, shipping_address: a, payment_method: 'cod' }) });
  const body = (await out.json()) as { order_id?: number; order_number?: string };
  if (!out.ok) throw new Error(`checkout ${out.status}: ${JSON.stringify(body)}`);
  return String(body.order_number ?? body.order_id);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
