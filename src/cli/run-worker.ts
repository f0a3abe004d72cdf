import type { Config } from '../config';
import { logger } from '../logger';
import { installRuntime } from '../temporal/runtime';
import { connectClient, connectWorker } from '../temporal/connection';
import { startWorker } from '../worker';
import { ensureWorkflows } from './ensure-workflows';
import { temporalAddress } from './temporal-address';
import { untilSignal } from './until-signal';

/** Production entry: the worker alone, scaled independently of the webhook receiver. */
export async function runWorker(config: Config): Promise<void> {
  installRuntime(config);
  const address = temporalAddress(config);
  const client = await connectClient(config.temporal, address);
  const running = await startWorker(config, await connectWorker(config.temporal, address), client);
  // The loops have fixed ids, so every worker replica may ensure them: the first start wins, the rest no-op.
  await ensureWorkflows(client, config);
  logger.info({ address, taskQueue: config.temporal.taskQueue }, 'worker running');
  await Promise.race([untilSignal(), running.done]);
  await running.shutdown();
  await client.connection.close();
}
