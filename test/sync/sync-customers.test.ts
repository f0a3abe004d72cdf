import type { TestWorkflowEnvironment } from '@temporalio/testing';
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
});
