import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSyncWorkflows } from '../../src/temporal/ensure-sync';
import { statusQuery } from '../../src/workflows/definitions/sync';
import { connectToTestServer, uniqueTaskQueue } from '../helpers/temporal';
import { createSyncWorker, cyclesDone, part, startLoop, startSims, status, uniqueId, waitFor } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

describe('sync loop lifecycle', () => {
  it('keeps its watermark and counts across a worker restart and continue-as-new', async () => {
    const sims = await startSims({ parts: [part(1), part(2)] });
    try {
      const taskQueue = uniqueTaskQueue('sync');
      const handle = await startLoop(env, 'syncParts', taskQueue, { maxCyclesPerRun: 2 });
      const firstRunId = handle.firstExecutionRunId;

      // First worker: the initial sync, then it stops (a deploy or a crash).
      const a = await createSyncWorker(env, sims.deps(env), taskQueue);
      const before = await a.worker.runUntil(cyclesDone(handle, 1));
      expect(before.lastCycle).toMatchObject({ written: 2 });
      const writes = sims.woo.sim.calls.count('/products/batch', 'POST');

      // Second worker on the same queue: the loop resumes where it was, nothing is rewritten.
      const b = await createSyncWorker(env, sims.deps(env), taskQueue);
      await b.worker.runUntil(async () => {
        const after = await cyclesDone(handle, 3, before.cycles);
        const { runId } = await handle.describe();
        expect(runId).not.toBe(firstRunId); // continued as new at least once
        expect(after.watermark).toBe(before.watermark);
        expect(after.totals.written).toBe(2);
        expect(sims.woo.sim.calls.count('/products/batch', 'POST')).toBe(writes);

        // And the carried watermark still picks up the next change.
        sims.epicor.sim.updatePart('P-0002', { unitPrice: '77.00' });
        await waitFor('the change after continue-as-new', async () => (await sims.wooClient.findProductBySku('P-0002'))?.regular_price === '77.00');
        expect(BigInt((await status(handle)).watermark)).toBeGreaterThan(BigInt(before.watermark));
        await handle.terminate();
      });
    } finally {
      await sims.close();
    }
  });

  it('ensureSyncWorkflows starts each loop once, applies a changed interval, and creates, then updates, the reconcile schedule', async () => {
    const sims = await startSims({});
    const idPrefix = `${uniqueId('t')}-`;
    try {
      const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
      await worker.runUntil(async () => {
        const first = await ensureSyncWorkflows(env.client, sims.config, { idPrefix, taskQueue });
        expect(first.workflowIds).toEqual({ parts: `${idPrefix}sync-parts`, stock: `${idPrefix}sync-stock`, customers: `${idPrefix}sync-customers` });
        const runIds = await Promise.all(Object.values(first.workflowIds).map(async (id) => (await env.client.workflow.getHandle(id).describe()).runId));

        const again = await ensureSyncWorkflows(env.client, { ...sims.config, sync: { ...sims.config.sync, interval: '7m', reconcileCron: '30 3 * * *' } }, { idPrefix, taskQueue });
        const runIdsAgain = await Promise.all(Object.values(again.workflowIds).map(async (id) => (await env.client.workflow.getHandle(id).describe()).runId));
        expect(runIdsAgain).toEqual(runIds);

        const schedule = await env.client.schedule.getHandle(again.scheduleId).describe();
        expect(again.scheduleId).toBe(`${idPrefix}nightly-reconcile`);
        expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'reconcileCatalog' });
        expect(schedule.policies.overlap).toBe('SKIP');
        expect(JSON.stringify(schedule.spec)).toContain('"hour":[{"start":3');

        for (const id of Object.values(again.workflowIds)) {
          const s = await env.client.workflow.getHandle(id).query(statusQuery);
          expect(s.cursor).toBe('SysRevID');
          expect(s.interval).toBe('7m');
          await env.client.workflow.getHandle(id).terminate();
        }
        await env.client.schedule.getHandle(again.scheduleId).delete();
      });
    } finally {
      await sims.close();
    }
  });
});
