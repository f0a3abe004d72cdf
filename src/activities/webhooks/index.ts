import type { ActivityDeps } from '../deps';
import { REQUIRED_TOPICS, type TopicState, type WebhookHealth, type WebhookRepair } from '../../workflows/definitions/webhooks';
import type { WooWebhook } from '../../woocommerce';
import { guard } from '../orders/failures';

/**
 * WooCommerce never retries a failed delivery and disables a webhook after consecutive failures
 * (reference §1.4–1.5), silently. These activities notice that and repair it; the workflow then asks the
 * catch-up loop for the orders whose deliveries were lost.
 */
export function createWebhookActivities({ config, woo, alerts }: ActivityDeps) {
  const deliveryUrl = config.webhook.publicUrl;

  // Refused keys fail at once instead of burning retries; outages are retried by Temporal.
  const inspectWebhooks = (suspects?: Suspects): Promise<WebhookHealth> => guard(() => inspect(suspects), { authIsPermanent: true });

  /** `rejectedWebhookIds`: webhooks whose deliveries the receiver refused for their signature. */
  async function inspect(suspects?: Suspects): Promise<WebhookHealth> {
    if (!deliveryUrl) return { topics: REQUIRED_TOPICS.map((topic) => ({ topic, state: 'missing' as TopicState, webhookIds: [] })) };
    const ours = (await woo.webhooks.list('all')).filter((w) => sameUrl(w.delivery_url, deliveryUrl));
    const refused = new Set(suspects?.rejectedWebhookIds ?? []);
    return { deliveryUrl, topics: REQUIRED_TOPICS.map((topic) => topicHealth(topic, ours, refused)) };
  }

  /**
   * Deletes disabled webhooks and those signed with a foreign secret, and creates missing ones, signed with
   * WOO_WEBHOOK_SECRET. Re-activating or re-keying is not enough: WooCommerce keeps failure_count, which every
   * refused delivery raised, so a few more failures would disable it (§1.5); a new webhook starts at zero.
   * Paused webhooks were paused by a person and are left alone (the workflow raises an alert instead).
   */
  const repairWebhooks = (suspects?: Suspects): Promise<WebhookRepair> => guard(() => repair(suspects), { authIsPermanent: true });

  async function repair(suspects?: Suspects): Promise<WebhookRepair> {
    const health = await inspect(suspects);
    const done: WebhookRepair = { deleted: [], created: [] };
    if (!health.deliveryUrl) return done;
    for (const t of health.topics) {
      if (t.state !== 'missing' && t.state !== 'disabled' && t.state !== 'foreign-secret') continue;
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

  /** Kept under its name for running histories; the alert goes to the one sink (log line + ALERT_URL). */
  async function raiseWebhookAlert(message: string): Promise<void> {
    if (alerts) await alerts.send({ key: WEBHOOK_ALERT_KEY, text: message, state: 'firing' });
  }

  return { inspectWebhooks, repairWebhooks, raiseWebhookAlert };
}

export const WEBHOOK_ALERT_KEY = 'webhook-health';

export type WebhookActivities = ReturnType<typeof createWebhookActivities>;

interface Suspects {
  rejectedWebhookIds: number[];
}

function topicHealth(topic: string, ours: WooWebhook[], refused: Set<number>): WebhookHealth['topics'][number] {
  const matching = ours.filter((w) => w.topic === topic);
  const ids = matching.map((w) => w.id);
  const active = matching.filter((w) => w.status === 'active');
  if (active.some((w) => refused.has(w.id))) return { topic, state: 'foreign-secret', webhookIds: ids };
  if (active.length > 0) return { topic, state: 'active', webhookIds: ids };
  if (matching.some((w) => w.status === 'paused')) return { topic, state: 'paused', webhookIds: ids };
  if (matching.length > 0) return { topic, state: 'disabled', webhookIds: ids };
  return { topic, state: 'missing', webhookIds: [] };
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
