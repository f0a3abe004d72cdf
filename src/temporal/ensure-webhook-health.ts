import type { Client } from '@temporalio/client';
import { durationSeconds, type Config } from '../config';
import { WEBHOOK_HEALTH_WORKFLOW_ID } from '../workflows/definitions/webhooks';

/** Starts the webhook-health loop unless it already runs (every process start may call this). */
export async function ensureWebhookHealth(client: Client, config: Config): Promise<void> {
  await client.workflow.start('webhookHealth', {
    workflowId: WEBHOOK_HEALTH_WORKFLOW_ID,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds: durationSeconds(config.webhook.healthInterval) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
