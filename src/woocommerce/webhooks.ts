import { randomInt } from 'node:crypto';
import type { Http } from './http';
import { collect, pages } from './pager';
import { parseAs } from './parse';
import { WooError } from './errors';
import { webhookSchema, type WooWebhook, type WooWebhookStatus } from './types';

export interface WebhooksApi {
  list(status?: 'all' | WooWebhookStatus): Promise<WooWebhook[]>;
  /** `secret` defaults to a fresh generated one; pass the configured WOO_WEBHOOK_SECRET to reuse it. */
  create(input: { name: string; topic: string; deliveryUrl: string; secret?: string }): Promise<{ webhook: WooWebhook; secret: string }>;
  update(id: number, changes: Record<string, unknown>): Promise<WooWebhook>;
  delete(id: number): Promise<void>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const SECRET_LENGTH = 48;

/**
 * Our own secret rather than WooCommerce's default (50 chars with specials, ref §1.2): it is write-only, so
 * only a secret we chose is one we know, and alphanumerics dodge the HTML-entity decoding and
 * `sanitize_text_field` pitfalls (#21693, #22500). `randomInt` is a CSPRNG without modulo bias.
 */
export function generateWebhookSecret(length = SECRET_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * WooCommerce signs with `wp_specialchars_decode($secret, ENT_QUOTES)` (ref §1.2), so a secret holding an HTML
 * entity such as `&amp;` would be signed with a different key than the one we verify with.
 */
function assertUsableSecret(secret: string): void {
  if (secret.length === 0 || /&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(secret)) {
    throw new WooError({
      message: 'Webhook secret is empty or contains an HTML entity, which WooCommerce decodes before signing',
      category: 'validation',
      retryable: false,
    });
  }
}

export function createWebhooksApi(http: Http): WebhooksApi {
  return {
    async list(status = 'all') {
      const all = await collect(pages<unknown>(http, '/webhooks', { status }));
      return all.map((w) => parseAs(webhookSchema, w, 'a webhook'));
    },

    async create({ name, topic, deliveryUrl, secret = generateWebhookSecret() }) {
      assertUsableSecret(secret);
      const res = await http.request<unknown>('POST', '/webhooks', {
        body: { name, topic, delivery_url: deliveryUrl, secret, status: 'active' },
      });
      return { webhook: parseAs(webhookSchema, res.body, 'a webhook'), secret };
    },

    async update(id, changes) {
      // Re-activating keeps failure_count, so one more failed delivery disables it again (ref §1.5): prefer
      // delete + create for a disabled webhook.
      const res = await http.request<unknown>('PUT', `/webhooks/${id}`, { body: changes });
      return parseAs(webhookSchema, res.body, 'a webhook');
    },

    async delete(id) {
      // Without force WooCommerce answers 501 woocommerce_rest_trash_not_supported (ref §4).
      await http.request('DELETE', `/webhooks/${id}`, { query: { force: true } });
    },
  };
}
