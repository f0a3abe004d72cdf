import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { AlertSink, AlertState } from '../../src/alerts/alert-sink';
import { createEpicorClient } from '../../src/epicor';
import { ensureSyncWorkflows } from '../../src/temporal/ensure-sync';
import { createWooClient } from '../../src/woocommerce';
import { statusQuery, syncNowSignal, type SyncStatus } from '../../src/workflows/definitions/sync';
import { startOrderSims, type Sims } from '../orders/harness';
import { connectToTestServer, testWorkflowBundle } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

describe('sync alerts on the real dev server', () => {
  let env: TestWorkflowEnvironment;
  let sims: Sims;
  const alerts: { key: string; text: string; state: AlertState }[] = [];
  const sink: AlertSink = { send: async (a) => void alerts.push(a) };

  beforeAll(async () => {
    env = await connectToTestServer();
    sims = await startOrderSims(env);
  });
  afterAll(async () => {
    await sims?.close();
    await env?.teardown();
  });

  it('alerts once when Epicor rejects the credentials cycle after cycle, and says when it is resolved', async () => {
    const config = sims.configWith({ SYNC_INTERVAL: '1h' });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: createActivities({ config, epicor: createEpicorClient(config.epicor), woo: createWooClient(config.woo), temporal: env.client, alerts: sink }),
    });
    const prefix = `alerts-${randomUUID().slice(0, 8)}-`;
    const rejected = sims.epicor.sim.addFault({ kind: 'status', status: 401, path: '/Parts', times: 1000 });
    await worker.runUntil(async () => {
      const { workflowIds, scheduleId } = await ensureSyncWorkflows(env.client, config, { idPrefix: prefix });
      const parts = env.client.workflow.getHandle(workflowIds.parts);
      const cycles = async (n: number) => waitFor(`${n} parts cycles`, async () => ((await parts.query(statusQuery)) as SyncStatus).cycles >= n || undefined);
      await cycles(1);
      for (let n = 2; n <= 3; n++) {
        await parts.signal(syncNowSignal);
        await cycles(n);
      }
      expect((await parts.query(statusQuery)).lastError).toMatch(/HTTP 401/);
      const mine = () => alerts.filter((a) => a.key.endsWith(workflowIds.parts) || a.key === 'credentials-rejected:Epicor');
      expect(mine().map((a) => [a.key, a.state])).toEqual([
        ['credentials-rejected:Epicor', 'firing'],
        [`sync-failing:${workflowIds.parts}`, 'firing'],
      ]);
      expect(mine()[0].text).toMatch(/^Epicor rejected the connector's credentials/);

      sims.epicor.sim.faults.remove(rejected);
      await parts.signal(syncNowSignal);
      await cycles(4);
      await waitFor('the resolved alerts', async () => (mine().length === 4 ? true : undefined));
      expect(mine().slice(2).map((a) => [a.key, a.state])).toEqual([
        [`sync-failing:${workflowIds.parts}`, 'resolved'],
        ['credentials-rejected:Epicor', 'resolved'],
      ]);
      for (const id of Object.values(workflowIds)) await env.client.workflow.getHandle(id).terminate('test done');
      await env.client.schedule.getHandle(scheduleId).delete();
    });
  }, 90_000);
});
