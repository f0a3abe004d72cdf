import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities/deps';
import { customersSync } from '../../src/activities/sync/customers';
import { runCycle, type EntitySync } from '../../src/activities/sync/cycle';
import { partsSync } from '../../src/activities/sync/parts';
import { stockSync } from '../../src/activities/sync/stock';
import { importedItemIdsOf } from '../../src/activities/orders/woo-order';
import { createEpicorClient } from '../../src/epicor';
import { webhookHealthStatusQuery } from '../../src/workflows/definitions';
import { signalOrderWorkflow } from '../../src/temporal/order-starters';
import { waitFor } from '../helpers/wait-for';
import { GUEST_ADDRESS } from './store-api';
import { WEBHOOK_SECRET, type World } from './suite';

/**
 * The contract: what the connector's WooCommerce client and flows rely on, asserted the same way on every target.
 * A real store is the authority; where the simulator disagreed it was fixed (docs/woocommerce-simulator-fidelity.md).
 */
/** Bound of every wait: a loaded machine delivers slowly, and a wait ends as soon as its condition holds. */
const WAIT = 90_000;

export function contractTests(world: () => World, opts: { taxes: boolean }): void {
  const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

  describe('catalog writes', () => {
    it('creates products by SKU in one batch, then updates them by SKU without knowing their ids', async () => {
      const w = world();
      const tag = unique().toUpperCase();
      const first = await w.woo.upsertProducts([
        { sku: `CAT-${tag}-A`, name: 'Catalog A', regular_price: '10.00', manage_stock: true, stock_quantity: 5, status: 'publish' },
        { sku: `CAT-${tag}-B`, name: 'Catalog B', regular_price: '3.35', manage_stock: true, stock_quantity: 0, status: 'draft' },
      ]);
      expect(first.map((r) => r.ok && r.action)).toEqual(['created', 'created']);

      // A replayed sync sends creates again: the SKU conflict turns into an update of the same product.
      const again = await w.woo.upsertProducts([
        { sku: `CAT-${tag}-A`, name: 'Catalog A v2', regular_price: '11.25', manage_stock: true, stock_quantity: 7, status: 'publish' },
        { sku: `CAT-${tag}-B`, name: 'Catalog B', regular_price: '3.35', manage_stock: true, stock_quantity: 2, status: 'publish' },
      ]);
      expect(again.map((r) => r.ok && r.action)).toEqual(['updated', 'updated']);
      expect(again.map((r) => r.ok && r.item.id)).toEqual(first.map((r) => r.ok && r.item.id));

      const found = await w.woo.findProductsBySku([`CAT-${tag}-A`, `CAT-${tag}-B`]);
      const view = found
        .map((p) => [p.sku, p.name, p.regular_price, p.price, p.stock_quantity, p.stock_status, p.status])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(view).toEqual([
        [`CAT-${tag}-A`, 'Catalog A v2', '11.25', '11.25', 7, 'instock', 'publish'],
        [`CAT-${tag}-B`, 'Catalog B', '3.35', '3.35', 2, 'instock', 'publish'],
      ]);
    });

    it('sets stock to zero as out of stock, and a paid order takes stock that a later stock write overwrites', async () => {
      const w = world();
      const tag = unique().toUpperCase();
      const [created] = await w.woo.upsertProducts([{ sku: `STK-${tag}`, name: 'Stocked', regular_price: '2.00', manage_stock: true, stock_quantity: 10 }]);
      if (!created.ok) throw created.error;
      const id = created.item.id;

      const zero = await w.woo.batch<{ id: number; stock_quantity: number; stock_status: string }>('products', { update: [{ id, stock_quantity: 0 }] });
      expect(zero.update.map((r) => r.ok && [r.item.stock_quantity, r.item.stock_status])).toEqual([[0, 'outofstock']]);
      await w.woo.batch('products', { update: [{ id, stock_quantity: 10 }] });

      await w.target.checkout({ email: `stock-${tag.toLowerCase()}@example.test`, lines: [{ productId: id, quantity: 3 }] });
      expect((await w.woo.findProductBySku(`STK-${tag}`))?.stock_quantity).toBe(7);
      // Nothing merges an outside stock level with the shop's own decrement: the last write wins.
      await w.woo.batch('products', { update: [{ id, stock_quantity: 10 }] });
      expect((await w.woo.findProductBySku(`STK-${tag}`))?.stock_quantity).toBe(10);
    });

    it('creates a customer with meta by e-mail and updates the same customer when the e-mail comes again', async () => {
      const w = world();
      const email = `cust-${unique()}@example.test`;
      const sent = (c: { meta_data?: { key: string; value?: unknown }[] }) =>
        (c.meta_data ?? []).filter((m) => m.key.startsWith('epicor_')).map((m) => [m.key, m.value]);
      const [created] = await w.woo.upsertCustomers([
        { email, first_name: 'Carla', last_name: 'Contract', meta_data: [{ key: 'epicor_custnum', value: '4711' }] },
      ]);
      if (!created.ok) throw created.error;
      expect([created.action, sent(created.item)]).toEqual(['created', [['epicor_custnum', '4711']]]);
      // No password sent: WooCommerce generates one and flags it with a meta row of its own.
      expect(created.item.meta_data.filter((m) => m.key === 'default_password_nag').map((m) => m.value)).toEqual(['1']);

      // Same e-mail again (a replay, or a second Epicor customer with that address) updates the one customer.
      const [again] = await w.woo.upsertCustomers([
        { email, first_name: 'Carla', last_name: 'Contract-Updated', meta_data: [{ key: 'epicor_custnum', value: '4712' }] },
      ]);
      if (!again.ok) throw again.error;
      expect([again.action, again.item.id]).toEqual(['updated', created.item.id]);
      const read = await w.woo.findCustomerByEmail(email);
      expect([read?.last_name, sent(read!)]).toEqual(['Contract-Updated', [['epicor_custnum', '4712']]]);
    });
  });

  describe('orders from a signed delivery into Epicor', () => {
    let hooks: number[] = [];
    beforeAll(async () => {
      const w = world();
      for (const topic of ['order.created', 'order.updated']) {
        const { webhook } = await w.woo.webhooks.create({ name: `contract ${topic}`, topic, deliveryUrl: w.endpointUrl, secret: WEBHOOK_SECRET });
        hooks.push(webhook.id);
      }
    });
    afterAll(async () => {
      for (const id of hooks) await world().woo.webhooks.delete(id);
      hooks = [];
    });

    it('answers the creation ping of each webhook with 200 (unsigned, form-encoded webhook_id)', async () => {
      const w = world();
      const pings = await waitFor('both pings', () => {
        const p = w.hits.filter((h) => !h.topic && /^webhook_id=\d+$/.test(h.body));
        return p.length >= 2 ? p : undefined;
      }, WAIT);
      expect(pings.map((p) => [p.body, p.status, p.contentType.split(';')[0]])).toEqual(
        hooks.map((id) => [`webhook_id=${id}`, 200, 'application/x-www-form-urlencoded']),
      );
    });

    it('imports a Store API guest checkout into Epicor exactly once from the real signed deliveries', async () => {
      const w = world();
      const id = await w.target.checkout({
        email: 'guest.buyer@example.test',
        lines: [
          { productId: w.products['CT-MUG'].id, quantity: 2 },
          { productId: w.products['CT-TOWEL'].id, quantity: 1 },
        ],
      });
      const delivered = await waitFor('order.created and order.updated delivered', () => {
        const d = w.target.deliveries().filter((x) => x.resourceId === id);
        return d.length >= 2 ? d : undefined;
      }, WAIT);
      // The checkout's two; the import's save of the imported-items meta sends one more order.updated later.
      expect(delivered.slice(0, 2).map((d) => [d.topic, d.status]).sort()).toEqual([
        ['order.created', 200],
        ['order.updated', 200],
      ]);
      // 200 from the endpoint means the signature over the raw body checked out (401 otherwise).
      const signed = w.hits.filter((h) => h.topic && JSON.parse(h.body).id === id).slice(0, 2);
      expect(signed.map((h) => [h.topic, h.status]).sort()).toEqual([
        ['order.created', 200],
        ['order.updated', 200],
      ]);

      await waitFor('the order in Epicor', () => w.epicorOrders(id)[0]?.miscCharges.length === 1, WAIT);
      await w.workflowDone(id);
      const orders = w.epicorOrders(id);
      expect(orders).toHaveLength(1);
      const order = await w.woo.getOrder(id);
      expect([order.status, order.total, order.shipping_total]).toEqual(['processing', '37.90', '5.00']);
      // `dp` asks for more decimals (the order plan reads dp=6): values padded, `price` still a number.
      const precise = await w.woo.getOrder(id, { dp: 6 });
      expect([precise.total, precise.total_tax, precise.shipping_total, precise.line_items.map((l) => [l.total, l.price])]).toEqual([
        '37.900000',
        '0.000000',
        '5.000000',
        [
          ['25.000000', 12.5],
          ['7.900000', 7.9],
        ],
      ]);
      expect(orders[0].lines.map((l) => [l.PartNum, Number(l.SellingQuantity)])).toEqual([
        ['CT-MUG', 2],
        ['CT-TOWEL', 1],
      ]);
      expect(orders[0].miscCharges.map((m) => Number(m.DocMiscAmt))).toEqual([5]);
      // The checkout's shipping address and method, as the store's REST answer carries them, reach the Epicor header.
      expect(orders[0]).toMatchObject({
        CustomerCustID: 'WEBGUEST',
        UseOTS: true,
        OTSName: `${GUEST_ADDRESS.first_name} ${GUEST_ADDRESS.last_name}`,
        OTSAddress1: GUEST_ADDRESS.address_1,
        OTSCity: GUEST_ADDRESS.city,
        OTSState: GUEST_ADDRESS.state,
        OTSZIP: GUEST_ADDRESS.postcode,
        OTSCountryNum: 1,
        ShipViaCode: 'UPS',
        NotifyEMail: 'guest.buyer@example.test',
      });
      // The imported Woo items are remembered in the order (protected meta, read back through REST), so a later
      // pass adds only what is new and never what staff deleted in Epicor.
      const items = [...order.line_items, ...order.shipping_lines].map((i) => i.id).sort((a, b) => a - b);
      expect(importedItemIdsOf(order)).toEqual(items);
    });

    it('credits a partial refund once, from the order.updated that the refund fires', async () => {
      const w = world();
      const id = await w.target.checkout({ email: 'refund.buyer@example.test', lines: [{ productId: w.products['CT-MUG'].id, quantity: 2 }] });
      await waitFor('the order in Epicor', () => w.epicorOrders(id)[0]?.miscCharges.length === 1, WAIT);
      await w.workflowDone(id);
      const line = (await w.woo.getOrder(id)).line_items[0];
      const stockBefore = (await w.woo.findProductBySku('CT-MUG'))?.stock_quantity;

      // Only shipped units are credited (unshipped ones come off the Epicor order line): the warehouse ships first.
      w.epicor.sim.shipAll(w.epicorOrders(id)[0].OrderNum);
      const refund = await w.woo.request<{ id: number; amount: string }>('POST', `/orders/${id}/refunds`, {
        body: { amount: '12.50', reason: 'chipped', api_refund: false, line_items: [{ id: line.id, quantity: 1, refund_total: '12.50' }] },
      });
      expect([refund.status, refund.body.amount]).toEqual([201, '12.50']);
      const after = await w.woo.getOrder(id);
      expect([after.status, after.refunds?.map((r) => r.total)]).toEqual(['processing', ['-12.50']]);
      expect((await w.woo.getRefund(id, refund.body.id)).line_items.map((l) => [l.quantity, l.total])).toEqual([[-1, '-12.50']]);
      // api_restock defaults to true: the refunded mug goes back on the shelf.
      expect((await w.woo.findProductBySku('CT-MUG'))?.stock_quantity).toBe(stockBefore! + 1);

      const orderNum = w.epicorOrders(id)[0].OrderNum;
      await waitFor('the credit in Epicor', () => w.epicor.sim.credits().some((c) => c.OrderNum === orderNum), WAIT);
      await w.workflowDone(id);
      const credits = w.epicor.sim.credits().filter((c) => c.OrderNum === orderNum);
      expect(credits.map((c) => [Number(c.DocInvoiceAmt), c.lines.map((l) => l.ECCComment)])).toEqual([[-12.5, [`woo-refund:${refund.body.id}`]]]);
      expect(w.epicorOrders(id)).toHaveLength(1);
    });

    it('spreads a fixed-cart coupon per unit over the lines, and Epicor gets the discounted prices that add up to the total', async () => {
      const w = world();
      const code = `ct5off${unique()}`;
      const coupon = await w.woo.request<{ code: string; amount: string }>('POST', '/coupons', { body: { code, discount_type: 'fixed_cart', amount: '5.00' } });
      expect([coupon.status, coupon.body.amount]).toEqual([201, '5.00']);
      const id = await w.target.checkout({
        email: 'coupon.buyer@example.test',
        lines: [
          { productId: w.products['CT-MUG'].id, quantity: 2 },
          { productId: w.products['CT-TOWEL'].id, quantity: 1 },
        ],
        coupon: code,
      });
      const order = await w.woo.getOrder(id);
      expect([order.total, order.discount_total, order.line_items.map((l) => [l.subtotal, l.total])]).toEqual([
        '32.90',
        '5.00',
        [
          ['25.00', '21.66'],
          ['7.90', '6.24'],
        ],
      ]);
      await waitFor('the order in Epicor', () => w.epicorOrders(id)[0]?.miscCharges.length === 1, WAIT);
      await w.workflowDone(id);
      const [epicorOrder] = w.epicorOrders(id);
      expect(epicorOrder.lines.map((l) => [l.PartNum, Number(l.SellingQuantity), Number(l.DocUnitPrice)])).toEqual([
        ['CT-MUG', 2, 10.83],
        ['CT-TOWEL', 1, 6.24],
      ]);
    });

    // The simulator has no tax model (docs/woocommerce-simulator-fidelity.md): taxed totals are checked on real stores.
    if (opts.taxes) {
      it('imports taxed orders to the cent: tax-inclusive prices rounded at subtotal, whose 2-decimal lines miss total minus tax by a cent, balance at full precision', async () => {
        const w = world();
        const setting = (group: string, id: string, value: string) => w.woo.request('PUT', `/settings/${group}/${id}`, { body: { value } });
        const cart = {
          email: 'tax.buyer@example.test',
          lines: [
            { productId: w.products['CT-MUG'].id, quantity: 2 },
            { productId: w.products['CT-TOWEL'].id, quantity: 1 },
          ],
        };
        const totalsOf = async (id: number) => {
          const o = await w.woo.getOrder(id);
          return [o.total, o.total_tax, o.shipping_tax, o.line_items.map((l) => l.total)];
        };
        const cents = (v: string) => Math.round(Number(v) * 100);
        const gap = async (id: number) => {
          const o = await w.woo.getOrder(id);
          const lines = o.line_items.reduce((sum, l) => sum + cents(l.total), 0) + cents(o.shipping_total);
          return lines - (cents(o.total) - cents(o.total_tax));
        };
        const rate = await w.woo.request<{ id: number }>('POST', '/taxes', { body: { country: 'US', state: 'NY', rate: '8.8750', name: 'NY Tax', shipping: true } });
        const ids: number[] = [];
        try {
          await setting('general', 'woocommerce_calc_taxes', 'yes');
          ids.push(await w.target.checkout(cart));
          expect(await totalsOf(ids[0])).toEqual(['41.26', '3.36', '0.44', ['25.00', '7.90']]);

          await setting('tax', 'woocommerce_prices_include_tax', 'yes');
          ids.push(await w.target.checkout(cart));
          expect(await totalsOf(ids[1])).toEqual(['38.34', '3.12', '0.44', ['22.96', '7.26']]);

          await setting('tax', 'woocommerce_tax_round_at_subtotal', 'yes');
          ids.push(await w.target.checkout(cart));
          expect(await totalsOf(ids[2])).toEqual(['38.34', '3.13', '0.44', ['22.96', '7.26']]);
          // Lines are stored unrounded and REST rounds each one; tax is rounded once over the subtotal.
          expect(await Promise.all(ids.map(gap))).toEqual([0, 0, 1]);
          const precise = await w.woo.request<{ line_items: { total: string }[] }>('GET', `/orders/${ids[2]}`, { query: { dp: 6 } });
          expect(precise.body.line_items.map((l) => l.total)).toEqual(['22.962113', '7.256028']);
        } finally {
          await setting('tax', 'woocommerce_tax_round_at_subtotal', 'no');
          await setting('tax', 'woocommerce_prices_include_tax', 'no');
          await setting('general', 'woocommerce_calc_taxes', 'no');
          await w.woo.request('DELETE', `/taxes/${rate.body.id}`, { query: { force: true } });
        }
        // Tax is Epicor's to compute: every order arrives with its two lines and the shipping charge, and Epicor's
        // net (lines + charges) is the Woo total minus tax to the cent, the round-at-subtotal one included: its
        // cents are allocated over the dp=6 amounts (22.962113 + 7.256028 + 5.00 -> 22.96 + 7.25 + 5.00 = 35.21).
        const nets: [string, string][] = [];
        for (const id of ids) {
          await waitFor(`order ${id} in Epicor`, () => w.epicorOrders(id)[0]?.miscCharges.length === 1, WAIT);
          await w.workflowDone(id);
          const [epicorOrder, ...more] = w.epicorOrders(id);
          expect(more).toHaveLength(0);
          expect(epicorOrder.lines.map((l) => [l.PartNum, Number(l.SellingQuantity)])).toEqual([
            ['CT-MUG', 2],
            ['CT-TOWEL', 1],
          ]);
          const o = await w.woo.getOrder(id);
          nets.push([(cents(o.total) - cents(o.total_tax)).toString(), Math.round(Number(epicorOrder.DocOrderAmt) * 100).toString()]);
        }
        expect(nets.map(([woo, epicor]) => woo === epicor)).toEqual([true, true, true]);
        expect(w.epicorOrders(ids[2])[0].lines.map((l) => Number(l.DocExtPriceDtl))).toEqual([22.96, 7.25]);
      });
    }

    it('imports an unpaid bank transfer (on-hold) once it is paid, and holds the Epicor order when the shop cancels it', async () => {
      const w = world();
      const stock = async () => (await w.woo.findProductBySku('CT-TOWEL'))?.stock_quantity;
      const before = await stock();
      const id = await w.target.checkout({ email: 'cancel.buyer@example.test', lines: [{ productId: w.products['CT-TOWEL'].id, quantity: 1 }], paymentMethod: 'bacs' });
      await waitFor('order.updated delivered', () => w.target.deliveries().some((x) => x.resourceId === id && x.topic === 'order.updated'), WAIT);
      await w.workflowDone(id);
      // ORDER_IMPORT_STATUSES defaults to paid statuses: on-hold waits, though WooCommerce already took the stock.
      expect([(await w.woo.getOrder(id)).status, await stock(), w.epicorOrders(id)]).toEqual(['on-hold', before! - 1, []]);

      await w.woo.request('PUT', `/orders/${id}`, { body: { status: 'processing' } }); // the transfer arrived
      await waitFor('the order in Epicor', () => w.epicorOrders(id)[0]?.miscCharges.length === 1, WAIT);
      await w.workflowDone(id);

      await w.woo.request('PUT', `/orders/${id}`, { body: { status: 'cancelled' } });
      await waitFor('the Epicor order held', () => w.epicorOrders(id)[0]?.OrderHeld === true, WAIT);
      await w.workflowDone(id);
      expect(w.epicorOrders(id).map((o) => [o.OrderHeld, o.lines.length])).toEqual([[true, 1]]);
      expect(await stock()).toBe(before);
    });
  });

  describe('a webhook disabled by failed deliveries', () => {
    it('is disabled by the 7th consecutive failure, and the health loop recreates it so deliveries work again', async () => {
      const w = world();
      const { webhook } = await w.woo.webhooks.create({ name: 'contract failing', topic: 'order.created', deliveryUrl: w.endpointUrl, secret: WEBHOOK_SECRET });
      const attempts = () => w.target.deliveries().filter((d) => d.webhookId === webhook.id);
      w.endpointFails(true);
      try {
        // Seven orders in one request: each is its own resource, so each gets its own delivery.
        const order = { status: 'pending', line_items: [{ product_id: w.products['CT-MUG'].id, quantity: 1 }] };
        await w.woo.batch('orders', { create: Array(7).fill(order) });
        await waitFor('seven failed deliveries', () => attempts().length === 7, WAIT);
      } finally {
        w.endpointFails(false);
      }
      expect(attempts().map((d) => d.status)).toEqual(Array(7).fill(500));
      const disabled = (await w.woo.webhooks.list('all')).find((h) => h.id === webhook.id);
      expect(disabled?.status).toBe('disabled');

      const handle = await w.env.client.workflow.start('webhookHealth', {
        workflowId: `contract-health-${unique()}`,
        taskQueue: w.config.temporal.taskQueue,
        args: [{ intervalSeconds: 3600, catchupWorkflowId: `contract-no-catchup-${unique()}` }],
      });
      try {
        await waitFor('the repair', async () => (await handle.query(webhookHealthStatusQuery)).repairs >= 1, WAIT);
      } finally {
        await handle.terminate('test done');
      }
      const all = await w.woo.webhooks.list('all');
      expect(all.some((h) => h.id === webhook.id)).toBe(false);
      const fresh = all.filter((h) => h.topic === 'order.created' && h.status === 'active' && h.delivery_url === w.endpointUrl);
      expect(fresh).toHaveLength(1);

      const id = await w.target.checkout({ email: 'after.repair@example.test', lines: [{ productId: w.products['CT-TOWEL'].id, quantity: 1 }] });
      const ok = await waitFor('a delivery through the recreated webhook', () =>
        w.target.deliveries().find((d) => d.webhookId === fresh[0].id && d.resourceId === id), WAIT,
      );
      expect(ok.status).toBe(200);
      await waitFor('the order in Epicor', () => w.epicorOrders(id).length === 1, WAIT);
      await w.workflowDone(id);
      for (const h of all.filter((x) => x.delivery_url === w.endpointUrl)) await w.woo.webhooks.delete(h.id);
    });
  });

  // Last on purpose: its cycles re-read the overlap window, so they also write the parts the order tests sell.
  describe('catalog and customer sync', () => {
    /** One cycle of a sync loop's activity from `watermark`, as the loop runs it (no workflow needed). */
    const cycle = async (sync: EntitySync<never, never>, watermark: string) =>
      (await new MockActivityEnvironment().run(() => runCycle(sync, { watermark }))) as Awaited<ReturnType<typeof runCycle>>;

    it('keeps the last units a guest bought off sale through two stock cycles, and an unchanged catalog costs no write', async () => {
      const w = world();
      const sku = `RACE-${unique().toUpperCase()}`;
      const from = String(w.epicor.sim.currentSysRevId());
      w.epicor.sim.seed({ parts: [{ partNum: sku, description: 'Race', unitPrice: '10.00', salesUM: 'EA', webPart: true, inActive: false }], warehouses: [{ partNum: sku, warehouseCode: 'MAIN', onHandQty: 3 }] });
      const epicor = createEpicorClient(w.config.epicor);
      try {
        const deps = { config: w.config, epicor, woo: w.woo } as unknown as ActivityDeps;
        // The cycle re-reads the 1000 SysRevIDs before `from` too (the overlap window): other parts come along.
        expect((await cycle(partsSync(deps, 'SysRevID') as never, from)).counts).toMatchObject({ failed: 0 });
        expect((await cycle(partsSync(deps, 'SysRevID') as never, from)).counts).toMatchObject({ written: 0, failed: 0 });
        const product = (await w.woo.findProductBySku(sku))!;
        expect(product.stock_quantity).toBe(3);
        await w.target.checkout({ email: `race-${unique()}@example.test`, lines: [{ productId: product.id, quantity: 3 }] });
        expect((await w.woo.findProductBySku(sku))?.stock_quantity).toBe(0);
        for (let i = 0; i < 2; i++) expect((await cycle(stockSync(deps) as never, from)).counts).toMatchObject({ written: 0, failed: 0 });
        expect(await w.woo.findProductBySku(sku)).toMatchObject({ stock_quantity: 0, stock_status: 'outofstock' });
      } finally {
        await epicor.close();
      }
    });

    it('links a customer with meta the store keeps, writes nothing when Epicor did not change, and keeps a shopper edit', async () => {
      const w = world();
      const id = unique().toUpperCase().slice(0, 8);
      const email = `link-${id.toLowerCase()}@example.test`;
      const from = String(w.epicor.sim.currentSysRevId());
      w.epicor.sim.seed({ customers: [{ custId: `L${id}`, name: 'Link Co', email, address1: '1 Link Rd', city: 'Albany', state: 'NY', zip: '12207', country: 'USA', countryNum: 1, WebCustomer: true } as never] });
      const epicor = createEpicorClient(w.config.epicor);
      try {
        const deps = { config: { ...w.config, sync: { ...w.config.sync, customers: { select: { kind: 'web-customer' }, create: true } } }, epicor, woo: w.woo } as unknown as ActivityDeps;
        expect((await cycle(customersSync(deps) as never, from)).counts).toMatchObject({ failed: 0 });
        const account = (await w.woo.findCustomerByEmail(email))!;
        expect(account.meta_data.map((m) => m.key)).toEqual(expect.arrayContaining(['epicor_custnum', 'epicor_custid', 'epicor_synced']));
        expect(account.billing).toMatchObject({ company: 'Link Co', country: 'US' });
        await w.woo.request('PUT', `/customers/${account.id}`, { body: { first_name: 'Dana', billing: { address_1: '7 Lake St' } } });
        expect((await cycle(customersSync(deps) as never, from)).counts).toMatchObject({ written: 0, failed: 0 });
        expect(await w.woo.findCustomerByEmail(email)).toMatchObject({ first_name: 'Dana', billing: { address_1: '7 Lake St' } });

        // An order of that account, whatever billing e-mail it carries, is booked to the linked Epicor customer
        // (read from the account's meta on the real store), shipping to the customer's own address (ShipTo '').
        const placed = await w.woo.request<{ id: number }>('POST', '/orders', {
          body: {
            customer_id: account.id,
            set_paid: true,
            billing: { ...GUEST_ADDRESS, email: 'someone.else@example.test' },
            shipping: { first_name: 'Dana', last_name: 'Link', address_1: '1 Link Rd', city: 'Albany', state: 'NY', postcode: '12207', country: 'US' },
            line_items: [{ product_id: w.products['CT-TOWEL'].id, quantity: 1 }],
          },
        });
        await signalOrderWorkflow(w.env.client, w.config, placed.body.id, { source: 'operator' });
        await waitFor('the linked order in Epicor', () => w.epicorOrders(placed.body.id)[0]?.lines.length === 1, WAIT);
        await w.workflowDone(placed.body.id);
        expect(w.epicorOrders(placed.body.id)).toMatchObject([{ CustomerCustID: `L${id}`, ShipToNum: '', UseOTS: false }]);
      } finally {
        await epicor.close();
      }
    });
  });
}
