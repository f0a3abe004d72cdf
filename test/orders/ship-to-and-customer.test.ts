import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Hono } from 'hono';
import { serve } from '../../src/sandbox/shared/serve';
import { loadConfig } from '../../src/config';
import { orderStatusQuery, retrySignal, type OrderImportStatus } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from './harness';

/**
 * Where an imported order ships and whose it is, against both simulators (rules: docs/order-customer-and-ship-to.md).
 * ACME is a B2B customer with a second dock and no one-time ship-to; its buyer's store account is linked to it
 * by the customer sync (meta epicor_custnum). MULTI keeps two addresses in one EMailAddress field.
 */
let env: TestWorkflowEnvironment;
let sims: Sims;
let config: ReturnType<Sims['configWith']>;
let acmeNum: number;
let multiNum: number;
const ACME_EMAIL = 'purchasing@acme.example';
const DOCK2 = { first_name: 'Receiving', last_name: 'Dock', company: 'ACME Corp', address_1: '2 Harbor Road', city: 'Duluth', state: 'MN', postcode: '55802', country: 'US' };

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  sims.epicor.sim.seed({
    customers: [
      {
        custId: 'ACME',
        name: 'ACME Corp',
        email: ACME_EMAIL,
        address1: '1 Main Street',
        city: 'Minneapolis',
        state: 'MN',
        zip: '55401',
        countryNum: 1,
        shipTos: [{ shipToNum: 'DOCK2', name: 'ACME dock 2', address1: '2 HARBOR ROAD.', city: 'DULUTH', state: 'MN', zip: '55802', countryNum: 1 }],
      },
      { custId: 'MULTI', name: 'Multi Address Ltd', email: 'Sales@Multi.example; buyer@multi.example, ap@multi.example' },
    ],
  });
  acmeNum = Number(sims.epicor.sim.customer('ACME')!.CustNum);
  multiNum = Number(sims.epicor.sim.customer('MULTI')!.CustNum);
  sims.woo.sim.seedCustomers([
    // Registered with an e-mail that is on no Epicor customer: only the sync's link says it is ACME's buyer.
    { email: 'jane.buyer@example.test', first_name: 'Jane', last_name: 'Buyer', meta_data: [{ key: 'epicor_custnum', value: String(acmeNum) }] },
    { email: 'buyer@multi.example', first_name: 'Multi', last_name: 'Buyer' },
  ]);
  config = sims.configWith({ ORDER_SHIP_VIA: 'flat_rate=UPS,local_pickup=WILLCALL' });
  await sims.startWorker(config);
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

async function imported(id: number, cfg = config) {
  await sims.notify(id, cfg);
  const result = await sims.handle(id).result();
  const [order] = sims.epicor.sim.orders().filter((o) => o.OrderNum === result.epicorOrderNum);
  return order;
}

async function parked(id: number, cfg = config): Promise<OrderImportStatus> {
  await sims.notify(id, cfg);
  return waitFor(`order ${id} to park`, async () => {
    const s = await sims.handle(id).query(orderStatusQuery);
    return s.phase === 'parked' ? s : undefined;
  });
}

const guestBilling = (email: string) => ({ email, first_name: 'Ana', last_name: 'Ruiz', address_1: 'Calle Mayor 1', city: 'Madrid', postcode: '28013', country: 'ES', phone: '+34 600 000 000' });

describe('ship-to on the Epicor order', () => {
  it("ships a guest order to its shipping address as a one-time ship-to, with the shopper's note, e-mail and mapped ShipVia", async () => {
    const o = sims.placeOrder({
      billing: guestBilling('ana.ruiz@example.test'),
      shipping_address: { first_name: 'Ana', last_name: 'Ruiz', company: 'Ruiz SL', address_1: 'Gran Vía 2', address_2: '3º B', city: 'Madrid', postcode: '28013', country: 'ES', state: 'M' },
      line_items: [{ sku: 'TOWEL-01', quantity: 1 }],
      shipping: { method_id: 'local_pickup', method_title: 'Pick up', total: '0.00' },
      customer_note: 'Leave it with the porter',
    });
    sims.epicor.sim.calls.clear();
    const order = await imported(o.id);
    expect(order.CustomerCustID).toBe('WEBGUEST');
    // The web customer's ship-tos are not a guest's: not read, so the commonest web order costs no extra call.
    expect(sims.epicor.sim.calls.all().filter((c) => /ShipToes/.test(c.path))).toEqual([]);
    expect(order).toMatchObject({
      UseOTS: true,
      OTSName: 'Ruiz SL',
      OTSContact: 'Ana Ruiz',
      OTSAddress1: 'Gran Vía 2',
      OTSAddress2: '3º B',
      OTSCity: 'Madrid',
      OTSState: 'M',
      OTSZIP: '28013',
      OTSCountryNum: 11, // ES in the simulated tenant (ORDER_COUNTRY_NUMS sandbox default)
      OTSPhoneNum: '+34 600 000 000',
      ShipToNum: '',
      ShipViaCode: 'WILLCALL',
      OrderComment: 'Leave it with the porter',
      NotifyEMail: 'ana.ruiz@example.test',
    });
    // Personal data goes to Epicor only, never into the workflow's history-visible status.
    expect(JSON.stringify(await sims.handle(o.id).query(orderStatusQuery))).not.toMatch(/Gran V|ana\.ruiz|porter/);
  }, 60_000);

  it("uses the customer's ShipToNum when the shipping address is one of its ship-tos", async () => {
    const o = sims.placeOrder({ customer_email: 'jane.buyer@example.test', shipping_address: DOCK2, line_items: [{ sku: 'BOLT-M8', quantity: 2 }], shipping: '4.90' });
    const order = await imported(o.id);
    expect(order).toMatchObject({ CustomerCustID: 'ACME', ShipToNum: 'DOCK2', UseOTS: false, ShipViaCode: 'UPS' });
  }, 60_000);

  it('parks an order to a new address of a customer without one-time ship-to, naming the fix, and imports it after the fix + retry', async () => {
    const o = sims.placeOrder({
      customer_email: 'jane.buyer@example.test',
      shipping_address: { ...DOCK2, address_1: '99 Somewhere Else', city: 'St Paul', postcode: '55101' },
      line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }],
    });
    const status = await parked(o.id);
    expect(status.parkedReason).toMatch(/^OneTimeShipToNotAllowed: .*Epicor customer ACME.*Allow One Time Ship To.*retry signal/);
    expect(status.parkedReason).not.toMatch(/Somewhere|St Paul/);
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);

    sims.epicor.sim.updateCustomer(acmeNum, { AllowOTS: true });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(sims.ordersFor(o.poNum)).toMatchObject([{ CustomerCustID: 'ACME', UseOTS: true, OTSAddress1: '99 Somewhere Else', OTSCity: 'St Paul', OTSCountryNum: 1 }]);
    sims.epicor.sim.updateCustomer(acmeNum, { AllowOTS: false });
  }, 90_000);

  it("asks the customer before parking when the header's CustAllowOTS comes back false (a Kinetic that does not fill it)", async () => {
    // A gateway that answers every ChangeOrderHedCustomerCustID with CustAllowOTS false, as an unfilled default would.
    const gateway = await serve(
      new Hono().all('*', async (c) => {
        const res = await sims.epicor.sim.app.fetch(c.req.raw);
        if (!c.req.path.endsWith('/ChangeOrderHedCustomerCustID') || res.status !== 200) return res;
        const body = (await res.json()) as { parameters: { ds: { OrderHed: Record<string, unknown>[] } } };
        body.parameters.ds.OrderHed[0].CustAllowOTS = false;
        return c.json(body);
      }),
    );
    try {
      const cfg = sims.configWith({ EPICOR_BASE_URL: `${gateway.origin}/${sims.epicor.sim.instance}` });
      const worker = await sims.startWorker(cfg);
      const o = sims.placeOrder({ billing: guestBilling('late.default@example.test'), line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
      expect(await imported(o.id, cfg)).toMatchObject({ CustomerCustID: 'WEBGUEST', UseOTS: true, OTSCity: 'Madrid' });
      await worker.shutdown();
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it('parks with Epicor\'s refusal when ORDER_SHIP_VIA names a ShipVia Epicor does not have', async () => {
    const cfg = sims.configWith({ ORDER_SHIP_VIA: 'flat_rate=ZEPPELIN' });
    const worker = await sims.startWorker(cfg);
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }], shipping: '4.90' });
    expect((await parked(o.id, cfg)).parkedReason).toMatch(/^EpicorRejected: .*Ship Via ZEPPELIN is not valid/);
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);
    await worker.shutdown();
  }, 60_000);

  it('parks an order to a country ORDER_COUNTRY_NUMS does not know, naming the setting', async () => {
    const o = sims.placeOrder({ billing: { ...guestBilling('kenji@example.test'), country: 'JP', city: 'Tokyo', postcode: '100-0001' }, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    expect((await parked(o.id)).parkedReason).toMatch(/^InvalidOrder: .*country JP.*ORDER_COUNTRY_NUMS; add JP=<CountryNum>/);
  }, 60_000);

  it("keeps the customer's own ship-to when the order has no address at all (virtual goods)", async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    expect(await imported(o.id)).toMatchObject({ CustomerCustID: 'JORG', UseOTS: false, ShipToNum: '', NotifyEMail: JORG });
  }, 60_000);
});

describe('whose order it is: nothing a shopper types chooses the customer', () => {
  it("books a guest who types a B2B customer's e-mail to the web customer, not to the B2B account", async () => {
    const o = sims.placeOrder({ billing: guestBilling(ACME_EMAIL), line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const order = await imported(o.id);
    expect(order.CustomerCustID).toBe('WEBGUEST');
    expect(sims.epicor.sim.orders().filter((x) => x.CustNum === acmeNum).map((x) => x.PONum)).not.toContain(o.poNum);
  }, 60_000);

  it('books a linked registered shopper to the linked Epicor customer, whatever billing e-mail is typed', async () => {
    const o = sims.placeOrder({ customer_email: 'jane.buyer@example.test', billing: { email: JORG }, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const order = await imported(o.id);
    expect(order.CustomerCustID).toBe('ACME');
    expect(order.CustNum).toBe(acmeNum);
  }, 60_000);

  it('parks an order of an account linked to an Epicor customer that no longer exists, and imports it once the link is fixed', async () => {
    const [account] = sims.woo.sim.seedCustomers([
      { email: 'stale.link@example.test', first_name: 'Stale', last_name: 'Link', meta_data: [{ key: 'epicor_custnum', value: '999999' }] },
    ]) as { id: number }[];
    const o = sims.placeOrder({ customer_email: 'stale.link@example.test', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const status = await parked(o.id);
    expect(status.parkedReason).toBe(
      `CustomerMissing: Woo customer ${account.id} is linked to Epicor CustNum 999999 (meta epicor_custnum), which does not exist; correct or delete the link on the Woo customer, then send the retry signal`,
    );
    await sims.wooClient.request('PUT', `/customers/${account.id}`, { body: { meta_data: [{ key: 'epicor_custnum', value: String(acmeNum) }] } });
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(sims.ordersFor(o.poNum).map((x) => x.CustomerCustID)).toEqual(['ACME']);
  }, 60_000);

  it('books the order of an account deleted since checkout like a guest order, to the web customer', async () => {
    const [account] = sims.woo.sim.seedCustomers([
      { email: 'gone@example.test', first_name: 'Gone', last_name: 'Away', meta_data: [{ key: 'epicor_custnum', value: String(acmeNum) }] },
    ]) as { id: number }[];
    const o = sims.placeOrder({ customer_email: 'gone@example.test', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    await sims.wooClient.request('DELETE', `/customers/${account.id}`, { query: { force: true } });
    expect((await imported(o.id)).CustomerCustID).toBe('WEBGUEST');
  }, 60_000);

  it("finds a registered shopper not linked yet by the account's own e-mail inside a multi-address EMailAddress", async () => {
    const o = sims.placeOrder({ customer_email: 'buyer@multi.example', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const order = await imported(o.id);
    expect([order.CustomerCustID, order.CustNum]).toEqual(['MULTI', multiNum]);
  }, 60_000);

  it('does not match an unlinked account to a customer the customer sync leaves out of the store (SYNC_CUSTOMERS_SELECT)', async () => {
    const cfg = sims.configWith({ SYNC_CUSTOMERS_SELECT: 'web-customer' });
    await sims.startWorker(cfg);
    const o = sims.placeOrder({ customer_email: 'buyer@multi.example', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    expect((await imported(o.id, cfg)).CustomerCustID).toBe('WEBGUEST');
  }, 60_000);
});

describe('ORDER_GUEST_MODE=create', () => {
  it("gives a guest, even one typing a B2B customer's e-mail, a customer of its own that ships to the typed address", async () => {
    const cfg = sims.configWith({ ORDER_GUEST_MODE: 'create' });
    await sims.startWorker(cfg);
    const first = sims.placeOrder({ billing: guestBilling(ACME_EMAIL), line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const order = await imported(first.id, cfg);
    expect(order.CustomerCustID).toMatch(/^W[0-9A-Z]{9}$/);
    expect(order.CustNum).not.toBe(acmeNum);
    expect(order).toMatchObject({ UseOTS: false, ShipToNum: '' }); // the new customer's own address is the billing address
    expect(sims.epicor.sim.customer(order.CustomerCustID)).toMatchObject({ AllowOTS: true });

    // The same e-mail again, shipping elsewhere: the same customer, a one-time ship-to.
    const second = sims.placeOrder({
      billing: guestBilling(ACME_EMAIL),
      shipping_address: { first_name: 'Ana', last_name: 'Ruiz', address_1: 'Rua Augusta 5', city: 'Lisboa', postcode: '1100-048', country: 'ES' },
      line_items: [{ sku: 'TOWEL-01', quantity: 1 }],
    });
    expect(await imported(second.id, cfg)).toMatchObject({ CustomerCustID: order.CustomerCustID, UseOTS: true, OTSCity: 'Lisboa' });
  }, 60_000);
});

describe('currency check', () => {
  it('is on by default outside the sandbox and off in it', () => {
    const base = { EPICOR_BASE_URL: 'https://epicor.example/Kinetic', EPICOR_COMPANY: 'C1', EPICOR_API_KEY: 'k', EPICOR_USERNAME: 'u', EPICOR_PASSWORD: 'p' };
    const woo = { WOO_BASE_URL: 'https://shop.example', WOO_CONSUMER_KEY: 'ck', WOO_CONSUMER_SECRET: 'cs', WOO_WEBHOOK_SECRET: 's' };
    expect(loadConfig({ ...base, ...woo }).orders.checkCurrency).toBe(true);
    expect(loadConfig({ SANDBOX: '1' }).orders.checkCurrency).toBe(false);
  });

  it("parks an order whose currency differs from the customer's with the reason, then imports once switched off + retry", async () => {
    const cfg = sims.configWith({ ORDER_CHECK_CURRENCY: '1' });
    const worker = await sims.startWorker(cfg);
    const o = sims.placeOrder({ customer_email: 'jane.buyer@example.test', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const status = await parked(o.id, cfg);
    expect(status.parkedReason).toMatch(/^CurrencyMismatch: Woo order is in EUR, Epicor customer ACME in USD/);
    expect(sims.ordersFor(o.poNum)).toHaveLength(0);
    await worker.shutdown();
    await sims.startWorker(sims.configWith({ ORDER_CHECK_CURRENCY: '0', TEMPORAL_TASK_QUEUE: cfg.temporal.taskQueue }));
    await sims.handle(o.id).signal(retrySignal);
    await sims.handle(o.id).result();
    expect(sims.ordersFor(o.poNum).map((x) => x.CustomerCustID)).toEqual(['ACME']);
  }, 90_000);
});
