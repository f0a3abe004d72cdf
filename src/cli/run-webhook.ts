import type { Config } from '../config';
import { logger } from '../logger';
import { connectClient } from '../temporal/connection';
import { serveWebhook } from '../webhook/serve';
import { temporalAddress } from './temporal-address';
import { untilSignal } from './until-signal';

/** Production entry: the webhook receiver alone (stateless; run as many as needed behind a load balancer). */
export async function runWebhook(config: Config): Promise<void> {
  const client = await connectClient(config.temporal, temporalAddress(config));
  const server = await serveWebhook({ config, temporal: client, logger });
  logger.info({ url: server.url }, 'webhook receiver listening');
  await untilSignal();
  await server.close();
  await client.connection.close();
}
