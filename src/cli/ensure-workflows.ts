import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { ensureSyncWorkflows } from '../temporal/ensure-sync';
import { ensureOrderWorkflows } from '../temporal/order-starters';
import { ensureWebhookHealth } from '../temporal/ensure-webhook-health';

/**
 * Makes sure the long-running loops and the reconcile Schedule exist. Safe on every start: running loops
 * are found by their fixed ids and left alone.
 */
export async function ensureWorkflows(client: Client, config: Config): Promise<void> {
  await ensureSyncWorkflows(client, config);
  await ensureOrderWorkflows(client, config);
  await ensureWebhookHealth(client, config);
}
