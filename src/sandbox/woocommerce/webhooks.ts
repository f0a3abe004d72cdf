import { randomInt } from 'node:crypto';
import type { Ctx, View } from './context';
import { err, missingParams } from './errors';
import { formatGmt, formatLocal } from './dates';
import { optEnum, optString, type Params } from './params';
import type { Webhook, WebhookStatus } from './store';

/** WC_Webhook::get_default_topic_hooks() as of 9.9.5 (fixture rest_webhook_create_201 lists order.updated's). */
export const TOPIC_HOOKS: Record<string, string[]> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'customer.restored': [],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
  'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
};

const BLACKLISTED_ACTIONS = ['action.woocommerce_cart_calculate_fees', 'action.woocommerce_calculate_totals', 'action.woocommerce_webhook_process_delivery'];

/** wc_is_webhook_valid_topic(): resource.event pairs, or custom action.woocommerce_* / action.wc_* hooks. */
export function isValidTopic(topic: string): boolean {
  if (topic.startsWith('action.')) {
    return /^action\.(woocommerce_|wc_)/.test(topic) && !BLACKLISTED_ACTIONS.includes(topic);
  }
  return topic in TOPIC_HOOKS;
}

export function topicParts(topic: string): { resource: string; event: string; hooks: string[] } {
  if (topic.startsWith('action.')) {
    const hook = topic.slice('action.'.length);
    return { resource: 'action', event: hook, hooks: [hook] };
  }
  const [resource, event] = topic.split('.');
  return { resource, event, hooks: TOPIC_HOOKS[topic] ?? [] };
}

/** wc_is_valid_url(): http(s) only, parseable. */
export function isValidDeliveryUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

const PASSWORD_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';

/** wp_generate_password( 50, true, true ): the secret a webhook gets when none is sent (reference 1.2). */
export function generateSecret(): string {
  return Array.from({ length: 50 }, () => PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)]).join('');
}

function defaultName(seconds: number, tz: string): string {
  const d = new Date(seconds * 1000);
  const s = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    month: 'short',
    day: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: true,
  }).formatToParts(d);
  const p = Object.fromEntries(s.map((x) => [x.type, x.value]));
  return `Webhook created on ${p.month} ${p.day}, ${p.year} @ ${p.hour}:${p.minute} ${p.dayPeriod}`;
}

/** POST /webhooks field handling (WC_REST_Webhooks_V1_Controller::create_item()). Ping is the caller's job. */
export function newWebhook(ctx: Ctx, p: Params, userId: number): Webhook {
  const missing = ['topic', 'delivery_url'].filter((k) => p[k] === undefined || p[k] === null);
  if (missing.length) throw missingParams(missing);
  const topic = (optString(p, 'topic') ?? '').toLowerCase();
  if (!topic || !isValidTopic(topic)) {
    throw err('woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic is required and must be valid.', 400);
  }
  const url = optString(p, 'delivery_url') ?? '';
  if (!isValidDeliveryUrl(url)) {
    throw err(
      'woocommerce_rest_shop_webhook_invalid_delivery_url',
      'Webhook delivery URL must be a valid URL starting with http:// or https://.',
      400,
    );
  }
  const status = optEnum(p, 'status', ['active', 'paused', 'disabled'] as const) ?? 'active';
  const secret = optString(p, 'secret');
  const now = ctx.now();
  const webhook: Webhook = {
    id: ctx.store.nextWebhookId(),
    name: optString(p, 'name') || defaultName(now, ctx.settings.timezone),
    status,
    topic,
    deliveryUrl: url,
    secret: secret ? secret : generateSecret(),
    created: now,
    modified: null,
    userId,
    failureCount: 0,
    pendingDelivery: true,
  };
  ctx.store.webhooks.set(webhook.id, webhook);
  return webhook;
}

/** PUT /webhooks/{id}: failure_count is not touched (reference 1.5). Returns whether delivery_url changed. */
export function applyWebhookUpdate(ctx: Ctx, webhook: Webhook, p: Params): { urlChanged: boolean } {
  const name = optString(p, 'name');
  const status = optEnum(p, 'status', ['active', 'paused', 'disabled'] as const);
  const topic = optString(p, 'topic');
  const url = optString(p, 'delivery_url');
  const secret = optString(p, 'secret');
  if (topic !== undefined && !isValidTopic(topic.toLowerCase())) {
    throw err('woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic must be valid.', 400);
  }
  if (url !== undefined && !isValidDeliveryUrl(url)) {
    throw err('woocommerce_rest_shop_webhook_invalid_delivery_url', 'Webhook delivery URL must be a valid URL starting with http:// or https://.', 400);
  }
  const urlChanged = url !== undefined && url !== webhook.deliveryUrl;
  if (name !== undefined) webhook.name = name;
  if (status) webhook.status = status as WebhookStatus;
  if (topic !== undefined) webhook.topic = topic.toLowerCase();
  if (url !== undefined) webhook.deliveryUrl = url;
  if (secret) webhook.secret = secret;
  webhook.modified = ctx.now();
  return { urlChanged };
}

export function webhookOr404(ctx: Ctx, id: number, status = 404): Webhook {
  const w = ctx.store.webhooks.get(id);
  if (!w) throw err('woocommerce_rest_webhook_invalid_id', 'Invalid ID.', status);
  return w;
}

/** Secret is write-only; failure_count / pending_delivery are not REST fields (fixture rest_webhook_create_201). */
export function renderWebhook(ctx: Ctx, w: Webhook, view: View): Record<string, unknown> {
  const tz = ctx.settings.timezone;
  const { resource, event, hooks } = topicParts(w.topic);
  return {
    id: w.id,
    name: w.name,
    status: w.status,
    topic: w.topic,
    resource,
    event,
    hooks,
    delivery_url: w.deliveryUrl,
    date_created: formatLocal(w.created, tz),
    date_created_gmt: formatGmt(w.created),
    date_modified: w.modified === null ? null : formatLocal(w.modified, tz),
    date_modified_gmt: w.modified === null ? null : formatGmt(w.modified),
    _links: {
      self: [{ href: `${view.restRoot}wc/v3/webhooks/${w.id}`, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } }],
      collection: [{ href: `${view.restRoot}wc/v3/webhooks` }],
    },
  };
}
