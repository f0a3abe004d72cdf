import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { activityRequestScope, HEARTBEAT_THROTTLE } from '../src/activities/attempt';
import { createOrderActivities } from '../src/activities/orders';
import { createAlertSink } from '../src/alerts/alert-sink';
import { loadConfig } from '../src/config';
import { createEpicorClient } from '../src/epicor';
import { logger } from '../src/logger';
import { startEpicorSimulator } from '../src/sandbox/epicor';
import { startWooSimulator } from '../src/sandbox/woocommerce';
import { signalOrderWorkflow } from '../src/temporal/order-starters';
import { createWooClient } from '../src/woocommerce';
import { orderWorkflowId, storeKey, type OrderImportResult } from '../src/workflows/definitions/orders';

/** Simulated Epicor answer time per call: Kinetic SaaS answers in hundreds of milliseconds. */
const EPICOR_LATENCY_MS = 300;
const SIZES = [1, 3, 20];
const PARTS = 20;

const sku = (n: number) => `BENCH-${String(n).padStart(2, '0')}`;

interface OrderRun {
  lines: number;
  /** signal-with-start (what a delivery does) until every line and the shipping charge are in Epicor. */
  inEpicorSeconds: number;
  /** ... until the workflow has completed. */
  doneSeconds: number;
  epicorCalls: number;
  /** Epicor calls of a later pass over the same order with nothing new (a routine `completed` update). */
  repeatCalls: number;
  /** Epicor calls per method, for the import. */
  byMethod: Record<string, number>;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * One guest order per size (N product lines plus a shipping line), imported by the real order workflow and
 * activities against both simulators, with EPICOR_LATENCY_MS added to every Epicor request.
 */
export async function benchOrders(env: TestWorkflowEnvironment, bundle: { codePath: string }): Promise<string[]> {
  const epicor = await startEpicorSimulator({
    seed: {
      parts: Array.from({ length: PARTS }, (_, i) => ({ partNum: sku(i + 1), description: `Bench part ${i + 1}`, unitPrice: '10.00' })),
      customers: [{ custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', allowOts: true }],
    },
  });
  const woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 3_600_000 });
  woo.sim.seedProducts(Array.from({ length: PARTS }, (_, i) => ({ name: `Bench part ${i + 1}`, sku: sku(i + 1), regular_price: `${i + 3}.25` })));
  const taskQueue = `bench-orders-${randomUUID()}`;
  const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl, TEMPORAL_TASK_QUEUE: taskQueue });
  const epicorClient = createEpicorClient(config.epicor, { scope: activityRequestScope });
  const wooClient = createWooClient(config.woo, { scope: activityRequestScope });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
    activities: createOrderActivities({ config, epicor: epicorClient, woo: wooClient, temporal: env.client, alerts: createAlertSink({ url: undefined, logger }) }),
  });
  const store = storeKey(config.woo.baseUrl);
  epicor.sim.addFault({ kind: 'latency', latencyMs: EPICOR_LATENCY_MS });
  const runs: OrderRun[] = [];
  try {
    await worker.runUntil(async () => {
      for (const lines of SIZES) {
        const placed = woo.sim.placeOrder({
          billing: { first_name: 'Bench', last_name: 'Guest', email: `guest-${lines}@bench.example`, country: 'DE' },
          // Goods ship somewhere: the header gets this address (matched against the customer's ship-tos first).
          shipping_address: { first_name: 'Bench', last_name: 'Guest', address_1: 'Hauptstraße 1', city: 'Berlin', postcode: '10115', country: 'DE' },
          line_items: Array.from({ length: lines }, (_, i) => ({ sku: sku(i + 1), quantity: 1 + (i % 3) })),
          shipping: '4.90',
        }) as { id: number; number: string };
        const poNum = `WEB-${placed.number}`;
        const handle = env.client.workflow.getHandle<() => Promise<OrderImportResult>>(orderWorkflowId(store, placed.id));
        const complete = () => {
          const order = epicor.sim.orders().find((o) => o.PONum === poNum);
          return !!order && order.lines.length === lines && order.miscCharges.length === 1;
        };
        epicor.sim.calls.clear();
        const t0 = performance.now();
        await signalOrderWorkflow(env.client, config, placed.id, { source: 'webhook' });
        await until(complete);
        const inEpicorSeconds = (performance.now() - t0) / 1000;
        const result = await handle.result();
        const doneSeconds = (performance.now() - t0) / 1000;
        if (!result.epicorOrderNum) throw new Error(`order ${placed.id} was not imported: ${JSON.stringify(result)}`);
        const byMethod: Record<string, number> = {};
        for (const c of epicor.sim.calls.all()) {
          const name = c.path.split('/').pop() ?? c.path;
          byMethod[name] = (byMethod[name] ?? 0) + 1;
        }
        const epicorCalls = epicor.sim.calls.all().length;
        // A later pass with nothing new (e.g. the shop marks the order completed): a new run of the same id.
        woo.sim.updateOrderStatus(placed.id, 'completed');
        epicor.sim.calls.clear();
        await signalOrderWorkflow(env.client, config, placed.id, { source: 'webhook' });
        await handle.result();
        const repeatCalls = epicor.sim.calls.all().length;
        if (epicor.sim.orders().filter((o) => o.PONum === poNum).length !== 1 || !complete()) throw new Error(`order ${placed.id} was not imported exactly once`);
        runs.push({ lines, inEpicorSeconds, doneSeconds, epicorCalls, repeatCalls, byMethod });
      }
    });
  } finally {
    await Promise.allSettled([epicorClient.close(), wooClient.close()]);
    await Promise.allSettled([epicor.close(), woo.close()]);
  }
  const one = runs.find((r) => r.lines === 1)!;
  const twenty = runs.find((r) => r.lines === 20)!;
  const perLine = (twenty.epicorCalls - one.epicorCalls) / 19;
  const perOrder = one.epicorCalls - perLine;
  return [
    `WooCommerce -> Epicor order import (${EPICOR_LATENCY_MS} ms simulated Epicor latency per call, guest order with N lines + shipping, to a one-time ship-to address):`,
    ...runs.map(
      (r) =>
        `  ${String(r.lines).padStart(2)} lines: in Epicor ${r.inEpicorSeconds.toFixed(2)} s, workflow done ${r.doneSeconds.toFixed(2)} s, ` +
        `${r.epicorCalls} Epicor calls (later pass with nothing new: ${r.repeatCalls})`,
    ),
    `  Epicor calls: ${perLine.toFixed(1)} per line + ${perOrder.toFixed(1)} per order (fitted from the 1- and 20-line orders)`,
    `  20-line calls by method: ${Object.entries(twenty.byMethod).sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}`,
  ];
}
