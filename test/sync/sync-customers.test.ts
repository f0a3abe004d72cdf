import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { webCustId } from '../../src/activities/orders/epicor-customer';
import { dryRunUpdate } from '../../src/workflows/definitions/sync';
import { connectToTestServer } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, startLoop, startSims, waitFor } from './harness';

/** Every payload of a workflow's history (inputs, results, queries' state carried by continue-as-new) as text. */
async function historyText(handle: { fetchHistory: () => Promise<unknown> }): Promise<string> {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(await handle.fetchHistory());
  return parts.join('\n');
}

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

describe('sync-customers loop', () => {
  it('creates and updates Woo customers by email, reports customers without email, and skips unchanged ones', async () => {
    const sims = await startSims({
      customers: [
        { custId: 'DALTON', name: 'Dalton Manufacturing Inc', email: 'Buyer@Dalton.example', address1: '12 Mill Rd', city: 'Minneapolis', state: 'MN', zip: '55401', country: 'USA', phone: '555-0100' },
        { custId: 'NOMAIL', name: 'No Mail Ltd' },
      ],
    });
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const handle = await startLoop(env, 'syncCustomers', taskQueue);
        const first = await cyclesDone(handle, 1);
        expect(first.lastCycle).toMatchObject({ written: 1, skippedInvalid: 1, failed: 0 });
        const noMail = sims.epicor.sim.customer('NOMAIL')!.CustNum;
        expect(first.recentSkips).toEqual([`customer NOMAIL (CustNum ${noMail}): no email address`]);

        const created = await sims.wooClient.findCustomerByEmail('buyer@dalton.example');
        expect(created).toMatchObject({
          first_name: '',
          last_name: '',
          billing: { company: 'Dalton Manufacturing Inc', address_1: '12 Mill Rd', city: 'Minneapolis', postcode: '55401', country: 'US', phone: '555-0100' },
          shipping: { address_1: '12 Mill Rd', country: 'US' },
        });

        const custNum = Number(sims.epicor.sim.customer('DALTON')!.CustNum);
        sims.epicor.sim.updateCustomer(custNum, { city: 'St Paul' });
        await waitFor('the new city', async () => (await sims.wooClient.findCustomerByEmail('buyer@dalton.example'))?.billing.city === 'St Paul');
        expect(sims.woo.sim.customers()).toHaveLength(1); // updated in place, not created twice

        const writes = sims.woo.sim.calls.count('/customers/batch', 'POST');
        const now = await cyclesDone(handle, 1);
        await cyclesDone(handle, 2, now.cycles);
        expect(sims.woo.sim.calls.count('/customers/batch', 'POST')).toBe(writes);
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('keeps email addresses out of status, dry-run results and workflow history, reporting by CustID and CustNum', async () => {
    const sims = await startSims({
      customers: [
        { custId: 'C1006', name: 'Dalton Manufacturing Inc', email: 'buyer@dalton.example' },
        { custId: 'C1007', name: 'Bad Mail Ltd', email: 'orders@badmail' },
        { custId: 'C1008', name: 'Twin A', email: 'shared@twins.example' },
        { custId: 'C1009', name: 'Twin B', email: 'Shared@Twins.example' },
        { custId: 'C1010', name: 'Refused Co', email: 'refused@refused.example' },
      ],
    });
    const emails = /[^\s"]+@[^\s"]+/;
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        // WooCommerce refuses one record with a message that echoes the address.
        sims.woo.sim.faults.add({
          kind: 'status',
          status: 200,
          path: '/customers/batch',
          method: 'POST',
          times: 1,
          body: {
            create: [
              { id: 0, email: 'buyer@dalton.example' },
              { id: 0, email: 'shared@twins.example' },
              { id: 0, error: { code: 'rest_invalid_param', message: 'Invalid parameter(s): email refused@refused.example', data: { status: 400 } } },
            ],
          },
        });
        const handle = await startLoop(env, 'syncCustomers', taskQueue, { interval: '1h' });
        const s = await cyclesDone(handle, 1);
        expect(s.lastCycle).toMatchObject({ written: 2, skippedInvalid: 2, failed: 1 });
        const num = (id: string) => sims.epicor.sim.customer(id)!.CustNum;
        expect(s.recentSkips).toEqual([
          `customer C1007 (CustNum ${num('C1007')}): invalid email address`,
          `customer C1008 (CustNum ${num('C1008')}): same email address as customer C1009 (CustNum ${num('C1009')}), which wins`,
        ]);
        expect(s.recentErrors).toEqual([expect.stringMatching(/^customer C1010 \(CustNum \d+\): .*<email>/)]);

        const dry = await handle.executeUpdate(dryRunUpdate, { args: [{ full: true }] });
        expect(dry.counts).toMatchObject({ read: 5, invalid: 2 });
        expect(dry.unchanged.concat(dry.update, dry.create)).toEqual(expect.arrayContaining([`customer C1006 (CustNum ${num('C1006')})`]));

        expect(JSON.stringify(s)).not.toMatch(emails);
        expect(JSON.stringify(dry)).not.toMatch(emails);
        expect(await historyText(handle)).not.toMatch(emails);
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('writes no customer in a cycle where Epicor changed nothing, and never reverts a shopper edit', async () => {
    const sims = await startSims({
      customers: [
        { custId: 'DALTON', name: 'Dalton Manufacturing Inc', email: 'buyer@dalton.example', address1: '12 Mill Rd', city: 'Minneapolis', country: 'USA', phone: '555-0100' },
        { custId: 'ACME', name: 'Acme', email: 'shop@acme.example', address1: '1 Road', country: 'Canada', CountryISOCode: 'CA' } as any,
      ],
    });
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const handle = await startLoop(env, 'syncCustomers', taskQueue);
        const first = await cyclesDone(handle, 1);
        expect(first.lastCycle).toMatchObject({ written: 2, failed: 0 });
        const dalton = (await sims.wooClient.findCustomerByEmail('buyer@dalton.example'))!;
        expect((await sims.wooClient.findCustomerByEmail('shop@acme.example'))!.billing.country).toBe('CA');

        // The shopper edits the account in the store: names (theirs) and the billing street (Epicor's too).
        await sims.wooClient.request('PUT', `/customers/${dalton.id}`, { body: { first_name: 'Dana', billing: { address_1: '7 Lake St', first_name: 'Dana' } } });
        const writes = sims.woo.sim.calls.count('/customers/batch', 'POST');
        const later = await cyclesDone(handle, 3, first.cycles);
        // Every cycle re-reads the recent rows (overlap window): still no write.
        expect(later.lastCycle).toMatchObject({ written: 0, failed: 0 });
        expect(sims.woo.sim.calls.count('/customers/batch', 'POST')).toBe(writes);
        expect(await sims.wooClient.findCustomerByEmail('buyer@dalton.example')).toMatchObject({ first_name: 'Dana', billing: { address_1: '7 Lake St' } });

        // Epicor changes the phone: only the phone is written, the shopper's street stays.
        sims.epicor.sim.updateCustomer(Number(sims.epicor.sim.customer('DALTON')!.CustNum), { phone: '555-0199' });
        await waitFor('the new phone', async () => (await sims.wooClient.findCustomerByEmail('buyer@dalton.example'))?.billing.phone === '555-0199');
        expect(await sims.wooClient.findCustomerByEmail('buyer@dalton.example')).toMatchObject({ first_name: 'Dana', billing: { address_1: '7 Lake St', first_name: 'Dana' } });
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('by default creates no account: links only store accounts of Web Customers, by any of their addresses', async () => {
    const sims = await startSims(
      {
        customers: [
          { custId: 'WEB1', name: 'Web One', email: 'one@web.example; second@web.example', address1: '1 Web Way', WebCustomer: true } as any,
          { custId: 'WEB2', name: 'Web Two', email: 'two@web.example', WebCustomer: true } as any,
          { custId: 'B2B', name: 'Big Buyer Corp', email: 'ap@b2b.example', address1: 'Tower 1', WebCustomer: false } as any,
        ],
      },
      { SYNC_CUSTOMERS_SELECT: 'web-customer', SYNC_CUSTOMERS_CREATE: '0' },
    );
    try {
      // Accounts shoppers registered themselves; one under the second address of WEB1.
      sims.woo.sim.seedCustomers([{ email: 'second@web.example' }, { email: 'ap@b2b.example' }]);
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const handle = await startLoop(env, 'syncCustomers', taskQueue);
        const first = await cyclesDone(handle, 1);
        expect(first.lastCycle).toMatchObject({ written: 1, failed: 0 });
        expect(sims.woo.sim.customers()).toHaveLength(2); // nobody created, so nobody e-mailed
        const linked = (await sims.wooClient.findCustomerByEmail('second@web.example'))!;
        expect(linked.billing.company).toBe('Web One');
        expect(linked.meta_data).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'epicor_custid', value: 'WEB1' })]));
        // Not a Web Customer: its store account is left alone.
        expect((await sims.wooClient.findCustomerByEmail('ap@b2b.example'))!.billing.company).toBe('');
        const again = await cyclesDone(handle, 2, first.cycles);
        expect(again.lastCycle).toMatchObject({ written: 0 });
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('never turns a guest the order import made into an Epicor customer back into a store account', async () => {
    const guest = 'guest.shopper@example.test';
    const sims = await startSims(
      {
        customers: [
          { custId: webCustId(guest), name: 'Guest Shopper', email: guest, WebCustomer: true } as any,
          { custId: 'REAL', name: 'Real Customer', email: 'real@example.test', WebCustomer: true } as any,
        ],
      },
      { SYNC_CUSTOMERS_SELECT: 'all', SYNC_CUSTOMERS_CREATE: '1' },
    );
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const handle = await startLoop(env, 'syncCustomers', taskQueue);
        const first = await cyclesDone(handle, 1);
        expect(first.lastCycle).toMatchObject({ written: 1, failed: 0 });
        expect(sims.woo.sim.customers().map((c: any) => c.email)).toEqual(['real@example.test']);
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });
});
