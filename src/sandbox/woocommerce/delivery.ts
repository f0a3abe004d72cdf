import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Ctx } from './context';
import { phpJsonEncode } from './php-json';
import { unsafeReason } from './safe-url';
import { webhookSignature } from './signature';
import type { Webhook } from './store';
import { topicParts } from './webhooks';

/**
 * Webhook delivery as class-wc-webhook.php + wc-webhook-functions.php do it (reference 1.1-1.6):
 * - async: events only queue {webhook, resource}; a timer (Action Scheduler stand-in) delivers later;
 * - coalesced: while a (webhook, resource) delivery is pending, more events for it are dropped;
 * - the body is rendered at delivery time (a `created` delivery may already show `processing`);
 * - no retries, redirects not followed, 2xx/300/301/302 = success, failure_count 1..6 then `disabled`.
 */
export interface DeliveryRecord {
  kind: 'delivery' | 'ping';
  webhookId: number;
  topic: string;
  resourceId?: number;
  url: string;
  status?: number;
  error?: string;
  body: string;
  headers: Record<string, string>;
  deliveryId?: string;
  durationMs: number;
  at: number;
}

/** Builds the body for (topic, resource id) the way build_payload() does; may return an error object. */
export type PayloadBuilder = (webhook: Webhook, resourceId: number) => unknown;

interface Pending {
  webhookId: number;
  resourceId: number;
}

export interface ErrorOverride {
  webhookId?: number;
  code: string;
  message: string;
  status: number;
}

export class Deliveries {
  readonly log: DeliveryRecord[] = [];
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private errorOverrides: ErrorOverride[] = [];
  private salt = randomBytes(32).toString('hex');
  private stopped = false;

  constructor(
    private ctx: Ctx,
    private buildPayload: PayloadBuilder,
  ) {}

  /** WC_Webhook::process() -> wc_webhook_execute_queue(): queue unless the same pair is already pending. */
  enqueue(webhookId: number, resourceId: number): void {
    if (this.pending.some((p) => p.webhookId === webhookId && p.resourceId === resourceId)) return;
    this.pending.push({ webhookId, resourceId });
    if (!this.timer && !this.stopped) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.ctx.settings.deliveryDelayMs);
      this.timer.unref?.();
    }
  }

  pendingCount(): number {
    return this.pending.length;
  }

  pendingFor(webhookId: number): number {
    return this.pending.filter((p) => p.webhookId === webhookId).length;
  }

  /** Admin switch: the next delivery (optionally of one webhook) carries a WordPress error object as its body,
   * as when the owner was deleted or the resource vanished (reference 2.2, PR #68698). */
  failNextRender(override: ErrorOverride): void {
    this.errorOverrides.push(override);
  }

  /** Delivers everything queued (including what gets queued meanwhile); resolves when done. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.running = this.running.then(() => this.drain()).catch(() => undefined);
    return this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      const webhook = this.ctx.store.webhooks.get(next.webhookId);
      if (webhook) await this.deliver(webhook, next.resourceId);
    }
  }

  /** wp_hash( id . strtotime('now') ): same value for one webhook within one second (reference 1.1). */
  deliveryId(webhookId: number, unixSeconds: number): string {
    return createHmac('md5', this.salt).update(`${webhookId}${unixSeconds}`).digest('hex');
  }

  private renderBody(webhook: Webhook, resourceId: number): unknown {
    const i = this.errorOverrides.findIndex((o) => o.webhookId === undefined || o.webhookId === webhook.id);
    if (i >= 0) {
      const [o] = this.errorOverrides.splice(i, 1);
      return { code: o.code, message: o.message, data: { status: o.status } };
    }
    return this.buildPayload(webhook, resourceId);
  }

  async deliver(webhook: Webhook, resourceId: number): Promise<DeliveryRecord> {
    const s = this.ctx.settings;
    const started = Date.now();
    const body = phpJsonEncode(this.renderBody(webhook, resourceId)).trim();
    const { resource, event } = topicParts(webhook.topic);
    const deliveryId = this.deliveryId(webhook.id, this.ctx.now());
    const headers: Record<string, string> = {
      'User-Agent': userAgent(this.ctx),
      'Content-Type': 'application/json',
      'X-WC-Webhook-Source': this.ctx.siteUrl(),
      'X-WC-Webhook-Topic': webhook.topic,
      'X-WC-Webhook-Resource': resource,
      'X-WC-Webhook-Event': event,
      'X-WC-Webhook-Signature': webhookSignature(body, webhook.secret),
      'X-WC-Webhook-ID': String(webhook.id),
      'X-WC-Webhook-Delivery-ID': deliveryId,
    };
    const result = await this.post(webhook.deliveryUrl, headers, body, s.deliveryTimeoutMs, 0);
    const record: DeliveryRecord = {
      kind: 'delivery',
      webhookId: webhook.id,
      topic: webhook.topic,
      resourceId,
      url: webhook.deliveryUrl,
      ...result,
      body,
      headers,
      deliveryId,
      durationMs: Date.now() - started,
      at: started,
    };
    this.log.push(record);
    await this.logDelivery(webhook, record.status);
    return record;
  }

  /** log_delivery() + failed_delivery(). */
  private async logDelivery(webhook: Webhook, status: number | undefined): Promise<void> {
    if (status !== undefined && status >= 200 && status < 303) webhook.failureCount = 0;
    else if (webhook.failureCount > this.ctx.settings.maxDeliveryFailures) webhook.status = 'disabled';
    else webhook.failureCount += 1;
    // $this->save(): the data store pings an active webhook whose ping never succeeded.
    await this.afterSave(webhook, false);
  }

  /** WC_Webhook_Data_Store::update(): ping when active and (delivery_url changed or pending_delivery). */
  async afterSave(webhook: Webhook, urlChanged: boolean): Promise<void> {
    if (webhook.status === 'active' && (urlChanged || webhook.pendingDelivery)) await this.ping(webhook);
  }

  /** deliver_ping(): unsigned `webhook_id=N` form post; only an exact 200 clears pending_delivery. */
  async ping(webhook: Webhook): Promise<DeliveryRecord> {
    const started = Date.now();
    const body = `webhook_id=${webhook.id}`;
    const headers = { 'User-Agent': userAgent(this.ctx), 'Content-Type': 'application/x-www-form-urlencoded' };
    const result = await this.post(webhook.deliveryUrl, headers, body, this.ctx.settings.pingTimeoutMs, 5);
    const record: DeliveryRecord = {
      kind: 'ping',
      webhookId: webhook.id,
      topic: 'ping',
      url: webhook.deliveryUrl,
      ...result,
      body,
      headers,
      durationMs: Date.now() - started,
      at: started,
    };
    this.log.push(record);
    if (record.status === 200) webhook.pendingDelivery = false;
    return record;
  }

  private async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
    redirects: number,
  ): Promise<{ status?: number; error?: string }> {
    if (!this.ctx.settings.allowUnsafeDeliveryUrls) {
      const reason = await unsafeReason(url, this.ctx.siteUrl());
      if (reason) return { error: `http_request_failed: ${reason}` };
    }
    try {
      let target = url;
      for (let hop = 0; ; hop++) {
        const res = await request(target, {
          method: 'POST',
          headers: { Accept: '*/*', 'Accept-Encoding': 'deflate, gzip, br, zstd', Connection: 'close', ...headers },
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          reset: true,
        });
        await res.body.text().catch(() => '');
        const location = res.headers.location;
        if (hop < redirects && res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
          target = new URL(location, target).toString();
          continue;
        }
        return { status: res.statusCode };
      }
    } catch (e) {
      return { error: `http_request_failed: ${(e as Error).message}` };
    }
  }

  clear(): void {
    this.pending = [];
    this.log.length = 0;
    this.errorOverrides = [];
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export function userAgent(ctx: Ctx): string {
  return `WooCommerce/${ctx.settings.wcVersion} Hookshot (WordPress/${ctx.settings.wpVersion})`;
}
