import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { statusQuery, syncNowSignal, zeroCounts, type CycleResult, type SyncLoopInput } from '../../src/workflows/definitions/sync';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * A syncNow sent during the cycle after which the loop continues as new is carried into the new run: the
 * new run's first cycle starts after it arrived, without waiting the interval.
 */
describe('syncNow around continue-as-new', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  it('is not lost when it arrives during the last cycle of a run', async () => {
    // Cycle stand-in: each cycle waits for the test to end it.
    const cycles: (() => void)[] = [];
    const result = (n: number): CycleResult => ({ watermark: String(n), counts: zeroCounts(), more: false, skips: [], errors: [] });
    const taskQueue = uniqueTaskQueue('sync-signals');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: { syncPartsCycle: () => new Promise<CycleResult>((resolve) => cycles.push(() => resolve(result(cycles.length)))) },
    });
    const running = worker.run();
    try {
      const input: SyncLoopInput = { interval: '1h', maxCyclesPerRun: 2 };
      const handle = await env.client.workflow.start('syncParts', { taskQueue, workflowId: uniqueTaskQueue('sync-parts-signals'), args: [input] });
      await waitFor('cycle 1', () => cycles.length === 1);
      cycles[0]();
      await waitFor('the wait after cycle 1', async () => ((await handle.query(statusQuery)).cycles === 1 ? true : undefined));
      await handle.signal(syncNowSignal);
      // Cycle 2 is the run's last: the loop continues as new after it. The syncNow sent now must still count.
      await waitFor('cycle 2', () => cycles.length === 2);
      const firstRun = (await handle.describe()).runId;
      await handle.signal(syncNowSignal);
      cycles[1]();
      await waitFor('cycle 3, in the new run, without waiting the hour', () => cycles.length === 3, 10_000);
      expect((await handle.describe()).runId).not.toBe(firstRun);
      cycles[2]();
      await waitFor('the new run counting cycle 3', async () => ((await handle.query(statusQuery)).cycles === 3 ? true : undefined));
      // And one sent while the new run waits wakes it as usual.
      await handle.signal(syncNowSignal);
      await waitFor('cycle 4', () => cycles.length === 4, 10_000);
      cycles[3]();
      await handle.terminate();
    } finally {
      for (const end of cycles) end();
      worker.shutdown();
      await running;
    }
  });
});
