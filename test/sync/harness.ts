import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createSyncActivities } from '../../src/activities/sync';
import type { ActivityDeps } from '../../src/activities/deps';
import { loadConfig, type Config } from '../../src/config';
import { createEpicorClient } from '../../src/epicor';
import { startEpicorSimulator, type SimCustomerInput, type SimPartInput, type SimWarehouseQtyInput } from '../../src/sandbox/epicor';
import { startWooSimulator } from '../../src/sandbox/woocommerce';
import { err as wooSimError } from '../../src/sandbox/woocommerce/errors';
import { createWooClient } from '../../src/woocommerce';
import { statusQuery, type SyncLoopInput, type SyncStatus } from '../../src/workflows/definitions/sync';
import { testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

export { waitFor };

export type Sims = Awaited<ReturnType<typeof startSims>>;

export const part = (n: number | string, over: Partial<SimPartInput> = {}): SimPartInput => ({
  partNum: typeof n === 'number' ? `P-${String(n).padStart(4, '0')}` : n,
  description: `Part ${n}`,
  unitPrice: '10.00',
  salesUM: 'EA',
  webPart: true,
  inActive: false,
  ...over,
});

export interface SimSeedInput {
  parts?: SimPartInput[];
  customers?: SimCustomerInput[];
  warehouses?: SimWarehouseQtyInput[];
}

/** Both simulators, a Config pointing at them and the activity deps built from it. */
export async function startSims(seed: SimSeedInput = {}, env: Record<string, string> = {}, epicorOpts: { pageCap?: number } = {}) {
  const epicor = await startEpicorSimulator({ seed, pageCap: epicorOpts.pageCap });
  const woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true });
  const config: Config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl, SYNC_INTERVAL: '1s', ...env });
  const epicorClient = createEpicorClient(config.epicor);
  const wooClient = createWooClient(config.woo);
  const deps = (temporal: TestWorkflowEnvironment): ActivityDeps => ({ config, epicor: epicorClient, woo: wooClient, temporal: temporal.client });
  return {
    epicor,
    woo,
    config,
    deps,
    /** For assertions: what WooCommerce holds, read the way the connector reads it. */
    wooClient,
    async close() {
      await epicorClient.close();
      await wooClient.close();
      await epicor.close();
      await woo.close();
    },
  };
}

export async function createSyncWorker(env: TestWorkflowEnvironment, deps: ActivityDeps, taskQueue = uniqueTaskQueue('sync')) {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: testWorkflowBundle(),
    activities: createSyncActivities(deps),
  });
  return { worker, taskQueue };
}

/**
 * A WooCommerce whose save of one product always fails with an internal error, like a plugin hook that throws on
 * that SKU: the batch still answers 200 and writes the other items, with `{id, error:{data:{status:500}}}` for
 * this one (the simulator turns the thrown error into the item's answer). The simulator has no per-item fault
 * rule, so its product store is wrapped. Returns the undo.
 */
export function failProductSaveAlways(sims: Sims, sku: string): () => void {
  const products = sims.woo.sim.store.products;
  const set = products.set;
  products.set = function (id, product) {
    if (product.sku === sku) throw wooSimError('internal_server_error', 'Error establishing a database connection', 500);
    return set.call(this, id, product);
  };
  return () => {
    products.set = set;
  };
}

export const uniqueId = (name: string) => `${name}-${randomUUID()}`;

export async function startLoop(env: TestWorkflowEnvironment, type: 'syncParts' | 'syncStock' | 'syncCustomers', taskQueue: string, input: Partial<SyncLoopInput> = {}) {
  return env.client.workflow.start(type, { workflowId: uniqueId(type), taskQueue, args: [{ interval: '1s', ...input }] });
}


/** Waits until the loop has finished `n` more cycles than `after` and returns its status. */
export async function cyclesDone(handle: { query: (q: typeof statusQuery) => Promise<SyncStatus> }, n: number, after = 0): Promise<SyncStatus> {
  return waitFor(`${n} cycles`, async () => {
    const s = await handle.query(statusQuery);
    return s.cycles >= after + n && !s.running ? s : undefined;
  });
}

export const status = (handle: { query: (q: typeof statusQuery) => Promise<SyncStatus> }) => handle.query(statusQuery);
