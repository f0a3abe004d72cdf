/**
 * A worker in a process of its own, so a test can kill it with SIGKILL mid-activity (an in-process worker can only
 * shut down gracefully). Config comes as JSON env in WORKER_ENV; prints "ready" once polling.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { activityRequestScope, HEARTBEAT_THROTTLE } from '../../src/activities/attempt';
import { createOrderActivities } from '../../src/activities/orders';
import { loadConfig } from '../../src/config';
import { createEpicorClient } from '../../src/epicor';
import { createWooClient } from '../../src/woocommerce';

async function main(): Promise<void> {
  const config = loadConfig(JSON.parse(process.env.WORKER_ENV ?? '{}') as Record<string, string>);
  const address = process.env.TEMPORAL_TEST_ADDRESS!;
  const temporal = new Client({ connection: await Connection.connect({ address }) });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: process.env.TEMPORAL_TEST_BUNDLE! },
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
    activities: createOrderActivities({
      config,
      epicor: createEpicorClient(config.epicor, { scope: activityRequestScope }),
      woo: createWooClient(config.woo, { scope: activityRequestScope }),
      temporal,
    }),
  });
  process.stdout.write('ready\n');
  await worker.run();
}

void main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
