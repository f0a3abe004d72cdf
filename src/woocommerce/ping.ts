import type { WooConfig } from '../config';
import { createWooClient, type WooClient } from './client';
import { isWooError, type WooError } from './errors';
import type { WooWebhook } from './types';
import type { CheckResult } from '../epicor/ping';

export type { CheckResult };

import { REQUIRED_TOPICS } from './topics';

const pass = (check: string, reason: string): CheckResult => ({ system: 'WooCommerce', check, ok: true, reason });
const fail = (check: string, reason: string): CheckResult => ({ system: 'WooCommerce', check, ok: false, reason });

/**
 * Operator checks, in dependency order; a failed check stops the ones that need it (no point testing write
 * permission with rejected keys). Reasons are plain language and never contain credentials.
 */
export async function wooChecks(
  config: WooConfig,
  opts: { webhookUrl?: string; refused?: RefusedDeliveries } = {},
  client?: WooClient,
): Promise<CheckResult[]> {
  const woo = client ?? createWooClient(config);
  try {
    return await runChecks(woo, config, opts.webhookUrl, opts.refused ?? {});
  } finally {
    if (!client) await woo.close();
  }
}

/** Deliveries the receiver refused for their signature, by webhook id (from the webhook-health loop). */
export type RefusedDeliveries = Record<string, number>;

async function runChecks(woo: WooClient, config: WooConfig, webhookUrl: string | undefined, refused: RefusedDeliveries): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const api = `${config.baseUrl.replace(/\/+$/, '')}/wp-json/wc/v3`;

  // 1-3: one read answers reachability, key acceptance and read permission.
  const read = await attempt(() => woo.request('GET', '/orders', { query: { per_page: 1 } }));
  if (read && (read.category === 'network' || read.category === 'timeout' || read.category === 'unavailable')) {
    results.push(fail('reachable', `Could not reach WooCommerce at ${api} (${read.category}: ${read.message}).`));
    return results;
  }
  if (read && read.status === 404) {
    results.push(fail('reachable', `${api} has no WooCommerce REST API (HTTP 404${read.code ? `, ${read.code}` : ''}). Check WOO_BASE_URL is the store root and that pretty permalinks are on.`));
    return results;
  }
  results.push(pass('reachable', `WooCommerce answered at ${api}.`));

  if (read?.category === 'auth' && !isPermissionProblem(read)) {
    results.push(fail('keys accepted', keysRejectedReason(read, config)));
    return results;
  }
  results.push(pass('keys accepted', `The consumer key was accepted (auth: ${config.auth}).`));

  if (read) {
    results.push(fail('read permission', isPermissionProblem(read)
      ? `The API key cannot read orders: ${read.code ?? `HTTP ${read.status}`} (${wooMessage(read)}). Give the key Read/Write permission, owned by a shop manager or administrator.`
      : `Reading orders failed: ${read.message}.`));
    return results;
  }
  results.push(pass('read permission', 'Orders can be read.'));

  // 4: an empty batch runs WooCommerce's batch permission check and creates nothing (ref §3.6).
  const write = await attempt(() => woo.request('POST', '/products/batch', { body: {} }));
  if (write) {
    results.push(fail('write permission', write.category === 'auth'
      ? `The API key cannot write: ${write.code ?? `HTTP ${write.status}`} (${wooMessage(write)}). The connector needs Read/Write permission.`
      : `The write-permission probe failed: ${write.message}.`));
    return results;
  }
  results.push(pass('write permission', 'Products can be written.'));

  // 5: the order webhooks pointing at our receiver.
  if (!webhookUrl) return results;
  let hooks: WooWebhook[];
  try {
    hooks = await woo.webhooks.list('all');
  } catch (err) {
    results.push(fail('webhooks', `Could not list webhooks: ${isWooError(err) ? err.message : String(err)}.`));
    return results;
  }
  for (const topic of REQUIRED_TOPICS) results.push(webhookCheck(hooks, topic, webhookUrl, refused));
  return results;
}

// A webhook made by hand gets a secret WooCommerce generates and never shows again: the connector cannot verify it.
const LET_THE_CONNECTOR =
  'Let the connector create the webhooks: a running worker with WEBHOOK_PUBLIC_URL set (re)creates them signed with WOO_WEBHOOK_SECRET; one created by hand is signed with a secret the connector cannot know.';

export function webhookCheck(hooks: WooWebhook[], topic: string, webhookUrl: string, refused: RefusedDeliveries = {}): CheckResult {
  const check = `webhook ${topic}`;
  const mine = hooks.filter((h) => h.topic === topic && h.delivery_url === webhookUrl);
  const active = mine.find((h) => h.status === 'active');
  const refusedCount = active ? (refused[active.id] ?? 0) : 0;
  if (active && refusedCount > 0) {
    return fail(check, `Webhook ${active.id} delivers ${topic} to ${webhookUrl}, but ${refusedCount} of its deliveries were refused for their signature: it is signed with another secret than WOO_WEBHOOK_SECRET, and WooCommerce will disable it. ${LET_THE_CONNECTOR}`);
  }
  if (active) return pass(check, `Webhook ${active.id} delivers ${topic} to ${webhookUrl}.`);
  const other = mine[0];
  if (other?.status === 'disabled') {
    return fail(check, `Webhook ${other.id} for ${topic} is disabled: WooCommerce turns a webhook off after repeated failed deliveries (re-enabling keeps the failure count). ${LET_THE_CONNECTOR}`);
  }
  if (other) return fail(check, `Webhook ${other.id} for ${topic} is ${other.status}; set it to active.`);
  return fail(check, `No webhook for ${topic} delivers to ${webhookUrl}. ${LET_THE_CONNECTOR}`);
}

async function attempt(fn: () => Promise<unknown>): Promise<WooError | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (isWooError(err)) return err;
    throw err;
  }
}

/** A known key without the needed permission, as opposed to a key or signature that was not accepted. */
function isPermissionProblem(err: WooError): boolean {
  if (err.status === 403) return true;
  return err.code === 'woocommerce_rest_authentication_error' && /permission/i.test(wooMessage(err));
}

function keysRejectedReason(err: WooError, config: WooConfig): string {
  // woocommerce_rest_cannot_view with valid keys = the request arrived unauthenticated (ref §5).
  if (err.code === 'woocommerce_rest_cannot_view' && config.auth !== 'oauth1') {
    return `WooCommerce treated the request as anonymous (${err.code}). Basic auth and query keys only work when WordPress sees HTTPS, and some hosts strip the Authorization header: use an https store URL, WOO_AUTH=query, or WOO_AUTH=oauth1 for plain HTTP.`;
  }
  return `WooCommerce rejected the API key: ${err.code ?? `HTTP ${err.status}`} (${wooMessage(err)}). Check WOO_CONSUMER_KEY and WOO_CONSUMER_SECRET${config.auth === 'oauth1' ? ' and the server clock (OAuth allows 15 minutes of skew)' : ''}.`;
}

function wooMessage(err: WooError): string {
  return err.remoteMessage ?? err.message;
}
