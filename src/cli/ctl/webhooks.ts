import { createWebhookActivities } from '../../activities/webhooks';
import { createWooClient } from '../../woocommerce';
import { catchUpNowSignal } from '../../workflows/definitions/orders';
import type { WebhookHealth, WebhookRepair } from '../../workflows/definitions/webhooks';
import { CtlError, ids, type CtlContext } from './context';

/** The same inspection and repair the webhook-health loop runs, on demand. */
async function withWebhooks<T>(ctx: CtlContext, fn: (acts: ReturnType<typeof createWebhookActivities>) => Promise<T>): Promise<T> {
  if (!ctx.config.webhook.publicUrl) throw new CtlError('WEBHOOK_PUBLIC_URL is not set: there is no delivery URL to check the webhooks against');
  const woo = createWooClient(ctx.config.woo);
  try {
    return await fn(createWebhookActivities({ config: ctx.config, woo, temporal: ctx.client, epicor: undefined as never }));
  } finally {
    await woo.close();
  }
}

export const checkWebhooks = (ctx: CtlContext): Promise<WebhookHealth> => withWebhooks(ctx, (a) => a.inspectWebhooks());

/** Recreates missing or disabled webhooks, then asks the catch-up for the orders whose deliveries were lost. */
export async function repairWebhooks(ctx: CtlContext): Promise<{ repair: WebhookRepair; after: WebhookHealth; catchUpRequested: boolean }> {
  const { repair, after } = await withWebhooks(ctx, async (a) => ({ repair: await a.repairWebhooks(), after: await a.inspectWebhooks() }));
  const catchUpRequested = repair.created.length === 0 ? false : await ctx.client.workflow.getHandle(ids(ctx).catchup).signal(catchUpNowSignal).then(() => true, () => false);
  return { repair, after, catchUpRequested };
}

export function formatHealth(h: WebhookHealth): string {
  return [`Delivery URL: ${h.deliveryUrl}`, ...h.topics.map((t) => `  ${t.topic.padEnd(14)} ${t.state}${t.webhookIds.length ? ` (webhook ${t.webhookIds.join(', ')})` : ''}`)].join('\n');
}
