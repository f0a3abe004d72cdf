import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';
import { deliveryRejectedSignal, REJECTIONS_BEFORE_REPAIR, WEBHOOK_HEALTH_WORKFLOW_ID } from '../workflows/definitions/webhooks';

const WINDOW_MS = 60_000;
const MAX_IDS = 100;
const DEADLINE_MS = 5_000;

/**
 * Tells the webhook-health loop that a delivery from this X-WC-Webhook-ID was refused for its signature, so it
 * can recreate a hand-made webhook with WOO_WEBHOOK_SECRET before WooCommerce disables it. At most
 * REJECTIONS_BEFORE_REPAIR signals per id a minute, for a bounded set of ids: a flood of forged deliveries costs
 * Temporal next to nothing. Never awaited by the response; a failure to signal is only logged.
 */
export function createRejectionReporter(temporal: Client, logger: Logger, opts: { workflowId?: string; now?: () => number } = {}) {
  const now = opts.now ?? Date.now;
  const workflowId = opts.workflowId ?? WEBHOOK_HEALTH_WORKFLOW_ID;
  const windows = new Map<number, { since: number; sent: number }>();
  return (webhookIdHeader: string | undefined): void => {
    if (!webhookIdHeader || !/^\d{1,12}$/.test(webhookIdHeader)) return;
    const webhookId = Number(webhookIdHeader);
    if (webhookId <= 0) return;
    const t = now();
    let w = windows.get(webhookId);
    if (!w || t - w.since >= WINDOW_MS) {
      if (!w && windows.size >= MAX_IDS) {
        for (const [id, old] of windows) if (t - old.since >= WINDOW_MS) windows.delete(id);
        if (windows.size >= MAX_IDS) return;
      }
      w = { since: t, sent: 0 };
      windows.set(webhookId, w);
    }
    if (w.sent >= REJECTIONS_BEFORE_REPAIR) return;
    w.sent++;
    temporal
      .withDeadline(t + DEADLINE_MS, () => temporal.workflow.getHandle(workflowId).signal(deliveryRejectedSignal, webhookId))
      .catch((err: Error) => logger.debug({ webhookId, err: err.message }, 'could not tell the webhook-health loop about a refused delivery'));
  };
}
