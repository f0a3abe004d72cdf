import type { Config } from '../config';
import { connectClient } from '../temporal/connection';
import type { RefusedDeliveries } from '../woocommerce';
import { WEBHOOK_HEALTH_WORKFLOW_ID, webhookHealthStatusQuery } from '../workflows/definitions/webhooks';
import { temporalAddress } from './temporal-address';

const DEADLINE_MS = 5_000;

/**
 * What the webhook-health loop knows about deliveries the receiver refused for their signature, for `ping`:
 * the counts since its last check, and the webhooks its last check found signed with another secret. Nothing
 * when Temporal or the loop cannot answer (ping then judges the webhooks by what WooCommerce says alone).
 */
export async function refusedDeliveriesFromHealthLoop(config: Config, workflowId = WEBHOOK_HEALTH_WORKFLOW_ID): Promise<RefusedDeliveries | undefined> {
  let client: Awaited<ReturnType<typeof connectClient>> | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('deadline')), DEADLINE_MS).unref());
    client = await Promise.race([connectClient(config.temporal, temporalAddress(config)), deadline]);
    const c = client;
    const status = await c.withDeadline(Date.now() + DEADLINE_MS, () => c.workflow.getHandle(workflowId).query(webhookHealthStatusQuery));
    const refused: RefusedDeliveries = { ...status.rejectedDeliveries };
    for (const t of status.lastCheck?.topics ?? []) if (t.state === 'foreign-secret') for (const id of t.webhookIds) refused[id] ??= 1;
    return refused;
  } catch {
    return undefined;
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}
