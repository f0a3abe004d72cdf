import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, startLoop, startSims, waitFor } from './harness';

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
        expect(first.recentSkips).toEqual([expect.stringContaining('NOMAIL: no email address')]);

        const created = await sims.wooClient.findCustomerByEmail('buyer@dalton.example');
        expect(created).toMatchObject({
          first_name: 'Dalton',
          last_name: 'Manufacturing Inc',
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
});
