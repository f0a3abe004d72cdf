import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { ensureSyncWorkflows } from '../temporal/ensure-sync';
import { ensureOrderWorkflows } from '../temporal/order-starters';
import { ensureWebhookHealth } from '../temporal/ensure-webhook-health';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { logger } from '../logger';

/**
 * Makes sure the search attributes, the long-running loops and the reconcile Schedule exist. Safe on every
 * start: running loops are found by their fixed ids and keep their state.
 */
export async function ensureWorkflows(client: Client, config: Config): Promise<void> {
  try {
    const added = await ensureSearchAttributes(client, config.temporal.namespace);
    if (added.length > 0) logger.info({ namespace: config.temporal.namespace, added }, 'registered search attributes');
  } catch (err) {
    // They may exist already where listing them is not allowed (Temporal Cloud); order starts will tell.
    logger.warn((err as Error).message);
  }
  await ensureSyncWorkflows(client, config);
  await ensureOrderWorkflows(client, config);
  await ensureWebhookHealth(client, config);
}
