import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { Client, Connection, WorkflowIdReusePolicy } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { logger } from '../src/logger';
import { createWebhookApp } from '../src/webhook/app';
import { serve } from '../src/sandbox/shared/serve';
import { startEpicorSimulator } from '../src/sandbox/epicor';
import { startWooSimulator } from '../src/sandbox/woocommerce';
import { startWorker } from '../src/worker';
import { WooOrderId } from '../src/temporal/search-attributes';
import { orderWorkflowId, storeKey, wooChangedSignal } from '../src/workflows/definitions/orders';
import { summarize } from './stats';

const SECRET = 'sandbox-webhook-secret';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('base64');
const pct = (samples: number[]) => {
  const s = summarize(samples);
  return { p50: +s.p50.toFixed(2), p99: +s.p99.toFixed(2), n: s.n };
};

/** Runs `fn` for ids 0..n-1 with `concurrency` in flight; returns each call's latency in ms. */
async function concurrently(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await fn(i);
        out.push(performance.now() - t);
      }
    }),
  );
  return out;
}

/**
 * Webhook ack (verify + parse + signal-with-start through the Hono app) against a bare
 * client.workflow.signalWithStart with the same arguments on the same server, both at 50 in flight.
 * Interleaved in rounds so load drift on a shared machine hits both alike.
 */
export async function ackVsSignalWithStart(client: Client, n = 1000, concurrency = 50) {
  const taskQueue = `bench-ack-${randomUUID()}`;
  const config = loadConfig({ SANDBOX: '1', WOO_WEBHOOK_SECRET: SECRET, TEMPORAL_TASK_QUEUE: taskQueue });
  const app = createWebhookApp({ config, temporal: client, logger });
  const server = await serve(app);
  const pool = new Pool(server.origin, { connections: concurrency });
  const store = storeKey(config.woo.baseUrl);
  let id = 5_000_000 + Math.floor(Math.random() * 1e6);
  let unavailable = 0;
  const body = (orderId: number) => JSON.stringify({ id: orderId, status: 'processing', date_modified_gmt: '2026-11-29T11:41:34', line_items: [{ id: 1, sku: 'P-1', quantity: 2, total: '25.00' }], billing: { email: 'x@example.test' }, meta_data: [{ key: '_note', value: 'x'.repeat(2000) }] });
  const deliver = async () => {
    const b = body(id++);
    const res = await pool.request({ method: 'POST', path: '/webhooks/woocommerce', body: b, headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-signature': sign(b) } });
    await res.body.dump();
    // A 503 is the receiver giving up on Temporal within its 5 s deadline: counted, not fatal.
    if (res.statusCode !== 200) unavailable++;
  };
  const bare = async () => {
    const orderId = id++;
    await client.workflow.signalWithStart('orderImport', {
      workflowId: orderWorkflowId(store, orderId),
      taskQueue,
      args: [{ store, wooOrderId: orderId }],
      signal: wooChangedSignal,
      signalArgs: [{ source: 'webhook', modifiedGmt: '2026-11-29T11:41:34' }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: [{ key: WooOrderId, value: String(orderId) }],
    });
  };
  await concurrently(100, concurrency, deliver);
  await concurrently(100, concurrency, bare);
  const ack: number[] = [];
  const sws: number[] = [];
  for (let round = 0; round < 4; round++) {
    ack.push(...(await concurrently(n / 4, concurrency, deliver)));
    sws.push(...(await concurrently(n / 4, concurrency, bare)));
  }
  await pool.close();
  await server.close();
  const a = pct(ack);
  const s = pct(sws);
  return { ack: a, ack503: unavailable, signalWithStart: s, ratioP50: +(a.p50 / s.p50).toFixed(2), ratioP99: +(a.p99 / s.p99).toFixed(2) };
}

/**
 * Orders/s end to end (shopper checkout -> WooCommerce delivery -> webhook -> workflow -> Epicor committed) against
 * the floor workflow with the same number of activities, and the delivery -> committed latency per order.
 */
export async function endToEnd(client: Client, address: string, namespace: string, n = 200) {
  const epicor = await startEpicorSimulator({
    seed: {
      parts: [{ partNum: 'MUG', description: 'Mug', unitPrice: '12.50', webPart: true }, { partNum: 'TOWEL', description: 'Towel', unitPrice: '7.90', webPart: true }],
      customers: [{ custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', allowOts: true }],
    },
  });
  const woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 10 });
  woo.sim.seedProducts([{ name: 'Mug', sku: 'MUG', regular_price: '12.50' }, { name: 'Towel', sku: 'TOWEL', regular_price: '7.90' }]);
  const taskQueue = `bench-e2e-${randomUUID()}`;
  const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: namespace, WOO_WEBHOOK_SECRET: SECRET });
  const endpoint = await serve(createWebhookApp({ config, temporal: client, logger }));
  const native = await NativeConnection.connect({ address });
  const worker = await startWorker(config, native, client);
  const url = `${endpoint.origin}/webhooks/woocommerce`;
  const wooAuth = { authorization: `Basic ${Buffer.from('ck_sandbox_key:cs_sandbox_secret').toString('base64')}`, 'content-type': 'application/json' };
  await fetch(`${woo.baseUrl}/wp-json/wc/v3/webhooks`, { method: 'POST', headers: wooAuth, body: JSON.stringify({ name: 'bench', topic: 'order.created', delivery_url: url, secret: SECRET }) });

  const committed = new Map<string, number>();
  const watcher = setInterval(() => {
    for (const o of epicor.sim.orders()) if (o.miscCharges.length + o.lines.length > 0 && !committed.has(o.PONum)) committed.set(o.PONum, performance.now());
  }, 5);
  const placed: { number: string; at: number }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const o = woo.sim.placeOrder({ billing: { first_name: 'B', last_name: 'Ench', email: 'bench@example.test', country: 'DE' }, line_items: [{ sku: 'MUG', quantity: 1 + (i % 3) }, { sku: 'TOWEL', quantity: 1 }], shipping: '4.90', payment_method: 'stripe', set_paid: true }) as { number: string };
    placed.push({ number: o.number, at: performance.now() });
  }
  const deadline = Date.now() + 20 * 60_000;
  while (placed.some((p) => !committed.has(`WEB-${p.number}`))) {
    if (Date.now() > deadline) throw new Error(`e2e: ${committed.size} of ${n} orders committed`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(watcher);
  // Delivery time of each order's order.created, as the store logged it.
  const deliveredAt = new Map<number, number>();
  for (const d of woo.sim.deliveries()) if (d.kind === 'delivery' && d.resourceId !== undefined && !deliveredAt.has(d.resourceId)) deliveredAt.set(d.resourceId, d.at);
  const wallToPerf = Date.now() - performance.now();
  const latency = woo.sim.orders().map((o) => committed.get(`WEB-${(o as { number: string }).number}`)! + wallToPerf - deliveredAt.get((o as { id: number }).id)!);
  // How many activities a real import scheduled: the floor does the same number.
  const store = storeKey(config.woo.baseUrl);
  const sample = woo.sim.orders().slice(0, 10);
  let scheduled = 0;
  for (const o of sample) {
    const h = await client.workflow.getHandle(orderWorkflowId(store, (o as { id: number }).id)).fetchHistory();
    scheduled += h.events!.filter((e) => e.activityTaskScheduledEventAttributes).length;
  }
  const activities = Math.round(scheduled / sample.length);
  await worker.shutdown();
  await endpoint.close();
  await Promise.allSettled([epicor.close(), woo.close()]);

  const floorQueue = `bench-floor-${randomUUID()}`;
  const floorWorker = await Worker.create({ connection: native, namespace, taskQueue: floorQueue, workflowsPath: require.resolve('./floor-workflow'), activities: { noop: async () => undefined } });
  const floorSeconds = await floorWorker.runUntil(async () => {
    const t = performance.now();
    await concurrently(n, 50, async (i) => {
      const handle = await client.workflow.signalWithStart('floorOrder', { workflowId: `floor-${floorQueue}-${i}`, taskQueue: floorQueue, args: [{ activities }], signal: 'wooChanged', signalArgs: [{ source: 'webhook' }] });
      await handle.result();
    });
    return (performance.now() - t) / 1000;
  });
  await native.close();
  const ordersPerSecond = n / seconds;
  const floorPerSecond = n / floorSeconds;
  return { orders: n, activitiesPerOrder: activities, ordersPerSecond: +ordersPerSecond.toFixed(1), floorOrdersPerSecond: +floorPerSecond.toFixed(1), ratio: +(ordersPerSecond / floorPerSecond).toFixed(2), latencyMs: pct(latency) };
}
