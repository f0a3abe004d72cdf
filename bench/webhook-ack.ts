import { createHmac } from 'node:crypto';
import { Pool } from 'undici';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../src/config';
import { logger } from '../src/logger';
import { createWebhookApp } from '../src/webhook/app';
import { serve } from '../src/sandbox/shared/serve';
import { ms, summarize } from './stats';

const SECRET = 'bench-webhook-secret';

/** An order.created body shaped like the captured deliveries (about 3 KB), for order `id`. */
function orderBody(id: number): string {
  const line = (n: number) => ({ id: n, name: `Part ${n}`, product_id: 100 + n, variation_id: 0, quantity: 2, subtotal: '25.00', total: '25.00', total_tax: '0.00', sku: `P-${n}`, price: 12.5, meta_data: [] });
  return JSON.stringify({
    id,
    parent_id: 0,
    status: 'processing',
    currency: 'EUR',
    date_created: '2026-11-29T11:41:34',
    date_modified: '2026-11-29T11:41:34',
    date_modified_gmt: '2026-11-29T11:41:34',
    total: '54.90',
    total_tax: '0.00',
    shipping_total: '4.90',
    customer_id: 2,
    billing: { first_name: 'Jörg', last_name: 'Testperson', email: 'jorg@example.test', address_1: 'Teststraße 1', city: 'Berlin', postcode: '10115', country: 'DE' },
    shipping: { first_name: 'Jörg', last_name: 'Testperson', address_1: 'Teststraße 1', city: 'Berlin', postcode: '10115', country: 'DE' },
    line_items: [line(1), line(2)],
    shipping_lines: [{ id: 3, method_title: 'Flat rate', method_id: 'flat_rate', total: '4.90', total_tax: '0.00' }],
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
    meta_data: [{ id: 1, key: '_note', value: 'x'.repeat(1200) }],
  }).replace(/\//g, '\\/');
}

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');

/**
 * Ack latency of a signed order delivery (verify, parse, signal-with-start on the real Temporal server),
 * against /healthz on the same server as the floor. No worker runs: the ack path must not wait on one.
 */
export async function benchWebhookAck(env: TestWorkflowEnvironment, n = 400): Promise<string[]> {
  const config = loadConfig({ SANDBOX: '1', WOO_WEBHOOK_SECRET: SECRET, TEMPORAL_TASK_QUEUE: `bench-${Date.now()}` });
  const app = createWebhookApp({ config, temporal: env.client, logger });
  const server = await serve(app);
  const pool = new Pool(server.origin, { connections: 16 });
  const deliver = async (id: number) => {
    const body = orderBody(id);
    const res = await pool.request({
      method: 'POST',
      path: '/webhooks/woocommerce',
      body,
      headers: {
        'content-type': 'application/json',
        'x-wc-webhook-topic': 'order.created',
        'x-wc-webhook-resource': 'order',
        'x-wc-webhook-event': 'created',
        'x-wc-webhook-id': '1',
        'x-wc-webhook-signature': sign(body),
        'x-wc-webhook-source': 'http://127.0.0.1:4102/',
      },
    });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`delivery answered ${res.statusCode}`);
  };
  const health = async () => {
    const res = await pool.request({ method: 'GET', path: '/healthz' });
    await res.body.dump();
  };
  const timed = async (fn: () => Promise<void>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };

  let nextId = 1_000_000;
  for (let i = 0; i < 30; i++) await deliver(nextId++);
  for (let i = 0; i < 30; i++) await health();
  const ack: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    ack.push(await timed(() => deliver(nextId++)));
    floor.push(await timed(health));
  }
  // The same order delivered again (WooCommerce duplicates): signal into the existing workflow.
  const dup: number[] = [];
  for (let i = 0; i < n / 4; i++) dup.push(await timed(() => deliver(1_000_000)));

  const concurrency = 16;
  const total = n;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < total / concurrency; i++) await deliver(nextId++);
  }));
  const throughput = total / ((performance.now() - started) / 1000);

  await pool.close();
  await server.close();
  const a = summarize(ack);
  const f = summarize(floor);
  const d = summarize(dup);
  return [
    `webhook ack (signed order.created -> signalWithStart on real Temporal), sequential n=${a.n}: p50 ${ms(a.p50)}, p95 ${ms(a.p95)}, p99 ${ms(a.p99)}, max ${ms(a.max)}`,
    `  duplicate delivery of one order, n=${d.n}: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}`,
    `  /healthz floor on the same server, n=${f.n}: p50 ${ms(f.p50)}, p95 ${ms(f.p95)}`,
    `  ratio ack/floor: p50 ${(a.p50 / f.p50).toFixed(1)}x, p95 ${(a.p95 / f.p95).toFixed(1)}x`,
    `  throughput with ${concurrency} concurrent senders: ${throughput.toFixed(0)} deliveries/s`,
  ];
}
