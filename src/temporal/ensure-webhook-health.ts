import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { WEBHOOK_HEALTH_WORKFLOW_ID } from '../workflows/definitions/webhooks';
import { parseDurationSeconds } from './order-starters';

/** Starts the webhook-health loop unless it already runs (every process start may call this). */
export async function ensureWebhookHealth(client: Client, config: Config): Promise<void> {
  await client.workflow.start('webhookHealth', {
    workflowId: WEBHOOK_HEALTH_WORKFLOW_ID,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds: parseDurationSeconds(config.webhook.healthInterval) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
