import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalCli } from '../../src/temporal/cli-path';
import { orderStatusQuery, retrySignal } from '../../src/workflows/definitions/orders';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from './harness';

const run = promisify(execFile);

let env: TestWorkflowEnvironment;
let sims: Sims;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
  await sims.startWorker();
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

/** What an operator types: the Temporal CLI against the same server, listing workflow ids. */
async function listParked(): Promise<string[]> {
  const { stdout } = await run(resolveTemporalCli()!, [
    'workflow', 'list', '--address', process.env.TEMPORAL_TEST_ADDRESS!, '--query', "ParkedReason != ''", '--output', 'json',
  ]);
  const rows = stdout.trim() ? (JSON.parse(stdout) as { execution: { workflowId: string } }[]) : [];
  return rows.map((r) => r.execution.workflowId);
}

describe('parked orders are listed by the ParkedReason search attribute', () => {
  it("lists a parked order with `temporal workflow list --query \"ParkedReason != ''\"` until it unparks", async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'NEW-PART', quantity: 1 }] });
    const done = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    await sims.notify(done.id);
    await sims.handle(done.id).result();
    await sims.notify(o.id);
    const handle = sims.handle(o.id);
    await waitFor('the order to park', async () => ((await handle.query(orderStatusQuery)).phase === 'parked' ? true : undefined));

    await waitFor('the CLI to list the parked order', async () => ((await listParked()).includes(handle.workflowId) ? true : undefined));
    expect(await listParked()).not.toContain(sims.handle(done.id).workflowId);
    expect((await handle.describe()).searchAttributes.ParkedReason).toEqual(['UnknownSku']);

    // The operator creates the part and retries: the order imports and leaves the list.
    sims.epicor.sim.seed({ parts: [{ partNum: 'NEW-PART', description: 'Brand new part', unitPrice: '5.00' }] });
    await handle.signal(retrySignal);
    await handle.result();
    await waitFor('the CLI to stop listing it', async () => (!(await listParked()).includes(handle.workflowId) ? true : undefined));
    expect((await handle.describe()).searchAttributes.ParkedReason).toBeUndefined();
  });
});
