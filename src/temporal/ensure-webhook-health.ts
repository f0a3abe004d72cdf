import type { Client } from '@temporalio/client';
import { durationSeconds, type Config } from '../config';
import { configureWebhookHealthSignal, WEBHOOK_HEALTH_WORKFLOW_ID } from '../workflows/definitions/webhooks';

/** Starts the webhook-health loop unless it already runs (every process start may call this); a running loop takes the configured interval. */
export async function ensureWebhookHealth(client: Client, config: Config): Promise<void> {
  const intervalSeconds = durationSeconds(config.webhook.healthInterval);
  const handle = await client.workflow.start('webhookHealth', {
    workflowId: WEBHOOK_HEALTH_WORKFLOW_ID,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: 'webhook health: WooCommerce order webhooks active and delivering here',
  });
  await handle.signal(configureWebhookHealthSignal, { intervalSeconds });
}
