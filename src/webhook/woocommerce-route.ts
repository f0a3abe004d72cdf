import { Hono } from 'hono';
import { verifyWebhookSignature } from '../woocommerce/signature';
import { signalOrderWorkflow } from '../temporal/order-starters';
import type { WebhookDeps } from './app';
import type { DeliveryOutcome, WebhookMetrics } from './metrics';
import { readBodyLimited } from './read-body';
import { createRejectionReporter } from './rejection-reporter';

/** Topics that start or signal an order workflow; refunds arrive as order.updated (reference §2.3). */
const ORDER_TOPICS = new Set(['order.created', 'order.updated']);
/** Well inside WooCommerce's 60 s delivery timeout (reference §1.1). */
const TEMPORAL_DEADLINE_MS = 5_000;
const PING = /^webhook_id=\d+$/;

/**
 * POST /webhooks/woocommerce. The answer is about durability only: 2xx once Temporal has accepted the
 * signal-with-start, 503 if it could not (WooCommerce never retries, so the catch-up loop picks the order
 * up later). No WooCommerce or Epicor call happens here; the workflow re-reads the order.
 * Deliberate non-2xx answers count towards WooCommerce's auto-disable (reference §1.5), so anything
 * signed but uninteresting (other topics, error-object bodies, checkout drafts) is acknowledged with 200.
 */
export function createWooWebhookRoute(deps: WebhookDeps & { metrics: WebhookMetrics }): Hono {
  const { config, temporal, logger, metrics } = deps;
  const log = logger.child({ route: 'woocommerce-webhook' });
  const reportRejected = createRejectionReporter(temporal, log, { workflowId: deps.webhookHealthWorkflowId });
  const route = new Hono();

  route.post('/', async (c) => {
    const startedAt = performance.now();
    const done = (outcome: DeliveryOutcome) => metrics.record(outcome, startedAt);
    const raw = await readBodyLimited(c.req.raw, config.webhook.maxBodyBytes);
    if (!raw) {
      done('too_large');
      return c.json({ error: 'payload too large' }, 413);
    }

    const topic = c.req.header('x-wc-webhook-topic');
    const hookId = c.req.header('x-wc-webhook-id');
    if (!topic && !hookId && PING.test(Buffer.from(raw).toString('latin1').trim())) {
      // Creation/activation ping: unsigned, needs exactly 200 (reference §1.6).
      done('ping');
      return c.text('ok', 200);
    }
    if (!verifyWebhookSignature(raw, c.req.header('x-wc-webhook-signature'), config.woo.webhookSecret)) {
      log.warn({ topic, hookId }, 'webhook rejected: bad or missing signature');
      done('invalid_signature');
      reportRejected(hookId);
      return c.json({ error: 'invalid signature' }, 401);
    }

    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(raw).toString('utf8'));
    } catch {
      done('malformed');
      return c.json({ error: 'malformed JSON' }, 400);
    }

    if (!topic || !ORDER_TOPICS.has(topic)) {
      log.info({ topic, hookId }, 'webhook ignored: topic not handled');
      done('ignored');
      return c.json({ ignored: 'topic' }, 200);
    }
    const order = payload as { id?: unknown; status?: unknown; date_modified_gmt?: unknown; code?: unknown };
    if (!order || typeof order !== 'object' || !Number.isSafeInteger(order.id) || (order.id as number) <= 0) {
      // A WordPress error object (the render failed, reference §2.2): nothing to act on; catch-up covers it.
      log.warn({ topic, code: order?.code }, 'webhook ignored: body is not an order');
      done('ignored');
      return c.json({ ignored: 'not an order' }, 200);
    }
    if (order.status === 'checkout-draft') {
      done('ignored');
      return c.json({ ignored: 'checkout-draft' }, 200);
    }

    const wooOrderId = order.id as number;
    const source = c.req.header('x-wc-webhook-source');
    if (source && source.replace(/\/+$/, '') !== config.woo.baseUrl.replace(/\/+$/, '')) {
      // The configured URL names the store (catch-up uses it too); a mismatch is worth knowing, not refusing.
      log.warn({ source }, 'X-WC-Webhook-Source differs from WOO_BASE_URL; using WOO_BASE_URL for the workflow id');
    }
    try {
      const handle = await temporal.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        signalOrderWorkflow(temporal, config, wooOrderId, {
          source: 'webhook',
          modifiedGmt: typeof order.date_modified_gmt === 'string' ? order.date_modified_gmt : undefined,
        }),
      );
      log.info({ topic, wooOrderId, workflowId: handle.workflowId }, 'order workflow signalled');
      done('accepted');
      return c.json({ accepted: handle.workflowId }, 200);
    } catch (err) {
      log.error({ topic, wooOrderId, err: (err as Error).message }, 'Temporal unavailable; catch-up will import the order');
      done('temporal_unavailable');
      return c.json({ error: 'temporarily unavailable' }, 503);
    }
  });
  return route;
}
