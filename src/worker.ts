import { Worker, type NativeConnection } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Config } from './config';
import { createEpicorClient } from './epicor';
import { createWooClient } from './woocommerce';
import { createActivities } from './activities';
import { activityRequestScope } from './activities/attempt';
import { logger } from './logger';
import { dataConverter } from './temporal/encryption-codec';

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The Temporal worker: all workflows plus activities wired to the real (or sandbox) systems.
 * Secrets stay inside the clients built here; workflows only ever see ids, cursors and counts.
 */
export async function startWorker(config: Config, connection: NativeConnection, temporal: Client): Promise<RunningWorker> {
  const epicor = createEpicorClient(config.epicor, { logger, scope: activityRequestScope });
  const woo = createWooClient(config.woo, { logger, scope: activityRequestScope });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflowSource(),
    activities: createActivities({ config, epicor, woo, temporal }),
    dataConverter: dataConverter(config.temporal.encryptionKey),
    shutdownGraceTime: '10s',
  });
  const done = worker.run().finally(async () => {
    await Promise.allSettled([epicor.close(), woo.close()]);
  });
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** A prebuilt bundle (npm run build:bundle, used by the Docker image) starts faster than bundling at boot. */
function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (codePath) return { workflowBundle: { codePath } };
  return { workflowsPath: require.resolve('./workflows') };
}
