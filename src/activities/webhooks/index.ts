import { log } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { REQUIRED_TOPICS, type TopicState, type WebhookHealth, type WebhookRepair } from '../../workflows/definitions/webhooks';
import type { WooWebhook } from '../../woocommerce';
import { guard } from '../orders/failures';

/**
 * WooCommerce never retries a failed delivery and disables a webhook after consecutive failures
 * (reference §1.4–1.5), silently. These activities notice that and repair it; the workflow then asks the
 * catch-up loop for the orders whose deliveries were lost.
 */
export function createWebhookActivities({ config, woo }: ActivityDeps) {
  const deliveryUrl = config.webhook.publicUrl;

  // Refused keys fail at once instead of burning retries; outages are retried by Temporal.
  const inspectWebhooks = (): Promise<WebhookHealth> => guard(inspect, { authIsPermanent: true });

  async function inspect(): Promise<WebhookHealth> {
    if (!deliveryUrl) return { topics: REQUIRED_TOPICS.map((topic) => ({ topic, state: 'missing' as TopicState, webhookIds: [] })) };
    const ours = (await woo.webhooks.list('all')).filter((w) => sameUrl(w.delivery_url, deliveryUrl));
    return { deliveryUrl, topics: REQUIRED_TOPICS.map((topic) => topicHealth(topic, ours)) };
  }

  /**
   * Deletes disabled webhooks and creates missing ones, signed with WOO_WEBHOOK_SECRET. Re-activating is not
   * enough: WooCommerce keeps failure_count on re-activation, so one more failure disables it again (§1.5).
   * Paused webhooks were paused by a person and are left alone (the workflow raises an alert instead).
   */
  const repairWebhooks = (): Promise<WebhookRepair> => guard(repair, { authIsPermanent: true });

  async function repair(): Promise<WebhookRepair> {
    const health = await inspect();
    const done: WebhookRepair = { deleted: [], created: [] };
    if (!health.deliveryUrl) return done;
    for (const t of health.topics) {
      if (t.state !== 'missing' && t.state !== 'disabled') continue;
      for (const id of t.webhookIds) {
        await woo.webhooks.delete(id);
        done.deleted.push(id);
      }
      const { webhook } = await woo.webhooks.create({
        name: `Epicor connector: ${t.topic}`,
        topic: t.topic,
        deliveryUrl: health.deliveryUrl,
        secret: config.woo.webhookSecret,
      });
      done.created.push({ topic: t.topic, id: webhook.id });
    }
    return done;
  }

  /** The alert channel: one structured error line operators can route (log shipping, alerting rules). */
  async function raiseWebhookAlert(message: string): Promise<void> {
    log.error(message, { alert: 'webhook-health' });
  }

  return { inspectWebhooks, repairWebhooks, raiseWebhookAlert };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;

function topicHealth(topic: string, ours: WooWebhook[]): WebhookHealth['topics'][number] {
  const matching = ours.filter((w) => w.topic === topic);
  const ids = matching.map((w) => w.id);
  if (matching.some((w) => w.status === 'active')) return { topic, state: 'active', webhookIds: ids };
  if (matching.some((w) => w.status === 'paused')) return { topic, state: 'paused', webhookIds: ids };
  if (matching.length > 0) return { topic, state: 'disabled', webhookIds: ids };
  return { topic, state: 'missing', webhookIds: [] };
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
