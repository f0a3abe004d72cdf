import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { startEpicorSimulator, type SimOrder } from '../../src/sandbox/epicor';
import { startWooSimulator } from '../../src/sandbox/woocommerce';
import { ensureSearchAttributes } from '../../src/temporal/ensure-search-attributes';
import { MEMO_PARKED_REASON, orderWorkflowId, storeKey } from '../../src/workflows/definitions/orders';
import { startFleet } from '../cluster/connector';
import { ensureNamespace } from '../cluster/temporal-server';
import { sleep } from '../cluster/run';
import { CUSTOMERS, PARTS, POISON_SKU, randomBasket, seeded } from './scenario';
import { fullyImported, shipBeforeRefund } from './shipping';
import { failures, verify, type ChaosVerdict, type OrderWorkflowView, type WooOrderView } from './verify';

export interface ChaosTarget {
  name: 'dev' | 'cluster';
  address: string;
  namespace: string;
  restartTemporal(): Promise<void>;
  /** Cluster only. */
  restartPostgres?: () => Promise<void>;
}

export interface ChaosOptions {
  target: ChaosTarget;
  orders: number;
  /** SIGKILLs of a worker process during the run. */
  kills: number;
  logDir: string;
  dataDir: string;
  /** How long the run may take to converge after the last shopper action. */
  settleTimeoutMs: number;
  log?: (line: string) => void;
  seed?: number;
}

export interface ChaosReport extends ChaosVerdict {
  target: string;
  failures: string[];
  seconds: number;
  deliveries: number;
  extraCopies: number;
  updatesBeforeCreates: number;
  injected: Record<string, number>;
  workerKills: number;
  temporalRestarts: number;
  postgresRestarts: number;
  webhookDisabledWindows: number;
}

const SECRET = 'sandbox-webhook-secret';

/**
 * The chaos run: a shopper places, updates and refunds orders while Epicor fails in every way the reference
 * lists, deliveries arrive up to 3x and out of order, the webhooks are disabled for a while, workers are
 * SIGKILLed and Temporal (and PostgreSQL) restart. Then Epicor is compared with WooCommerce order by order.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const rnd = seeded(opts.seed ?? 7);
  const started = Date.now();
  mkdirSync(opts.logDir, { recursive: true });
  const injected: Record<string, number> = {};
  const count = (k: string, n = 1) => (injected[k] = (injected[k] ?? 0) + n);

  const epicor = await startEpicorSimulator({
    seed: {
      parts: PARTS.map((p) => ({ partNum: p.sku, description: p.name, unitPrice: p.price, webPart: true })),
      // Plenty on hand: the stock sync must never make the shopper's basket unbuyable mid-run.
      warehouses: PARTS.map((p) => ({ partNum: p.sku, warehouseCode: 'MAIN', onHandQty: 1_000_000 })),
      customers: [{ custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', checkDuplicatePO: true }, ...CUSTOMERS.map((c) => ({ custId: c.custId, name: c.name, email: c.email, checkDuplicatePO: true }))],
    },
    tokenLifetimeSeconds: 60,
  });
  const woo = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 150 });
  woo.sim.seedProducts([...PARTS, { sku: POISON_SKU, name: 'Sold on the web only', price: '9.99' }].map((p) => ({ name: p.name, sku: p.sku, regular_price: p.price })));
  woo.sim.seedCustomers(CUSTOMERS.map((c) => ({ email: c.email, first_name: c.name.split(' ')[0], last_name: c.name.split(' ')[1] })));

  // A namespace per run: the connector's loops have fixed ids, and an earlier run's must not answer for this one.
  const namespace = `chaos-${Date.now()}`;
  await ensureNamespace(opts.target.address, namespace);
  const connection = await Connection.connect({ address: opts.target.address });
  const client = new Client({ connection, namespace });
  await ensureSearchAttributes(client, namespace);
  const taskQueue = `chaos-${Date.now()}`;
  let extraCopies = 0;
  const fleet = await startFleet({
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SANDBOX: '1',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: opts.target.address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      EPICOR_BASE_URL: epicor.baseUrl,
      EPICOR_AUTH: 'token',
      EPICOR_TIMEOUT_MS: '10000',
      WOO_BASE_URL: woo.baseUrl,
      WOO_TIMEOUT_MS: '10000',
      WOO_WEBHOOK_SECRET: SECRET,
      WEBHOOK_HEALTH_INTERVAL: '5s',
      CATCHUP_INTERVAL: '5s',
      SYNC_INTERVAL: '1h',
    },
    logDir: opts.logDir,
    dataDir: opts.dataDir,
    // Each delivery arrives up to 3 times, the copies later and at another receiver.
    copies: () => {
      const extra = rnd() < 0.3 ? (rnd() < 0.5 ? 1 : 2) : 0;
      extraCopies += extra;
      return { extra, delayMs: () => 50 + rnd() * 3_000 };
    },
  });

  const store = storeKey(woo.baseUrl);
  const placed: { id: number; number: string; poison: boolean; lineIds: number[]; quantities: number[] }[] = [];
  let updatesBeforeCreates = 0;
  let workerKills = 0;
  let temporalRestarts = 0;
  let postgresRestarts = 0;
  let webhookDisabledWindows = 0;
  let report: ChaosReport | undefined;
  try {
    await waitFor('the connector to register its webhooks', () => woo.sim.webhooks().filter((w) => w.status === 'active').length >= 2, 60_000);
    log(`connector up on ${opts.target.name}: ${fleet.workers.length} workers, ${fleet.receivers.length} receivers; ${opts.orders} orders`);

    /** Signs and sends an order.updated the way WooCommerce would, before its order.created went out. */
    const sendUpdateFirst = async (id: number) => {
      const body = JSON.stringify(woo.sim.getOrder(id));
      const signature = createHmac('sha256', SECRET).update(body).digest('base64');
      await fleet.balancer.forward({
        method: 'POST',
        path: '/webhooks/woocommerce',
        headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-resource': 'order', 'x-wc-webhook-event': 'updated', 'x-wc-webhook-signature': signature, 'x-wc-webhook-id': '999', 'x-wc-webhook-source': `${woo.baseUrl}/` },
        body: Buffer.from(body),
      });
      updatesBeforeCreates++;
    };

    // The fault plan runs beside the shopper; `progress` (0..1) says how far the shopper is.
    let progress = 0;
    const chaos = (async () => {
      const at = (p: number) => waitFor(`shopper at ${p}`, () => progress >= p, 3_600_000, 100);
      const killsAt = Array.from({ length: opts.kills }, (_, i) => (i + 1) / (opts.kills + 1));
      const events: { at: number; run: () => Promise<void> }[] = [
        { at: 0.05, run: async () => { epicor.sim.addFault({ id: 'chaos-500', method: 'POST', kind: 'status', status: 500, rate: 0.03 }); count('epicor 5xx rule'); } },
        { at: 0.1, run: async () => { epicor.sim.addFault({ id: 'chaos-hang', kind: 'hang', hangMs: 12_000, rate: 0.01 }); count('epicor timeout rule'); } },
        { at: 0.15, run: async () => { epicor.sim.addFault({ id: 'chaos-slow', path: 'MasterUpdate', kind: 'latency', latencyMs: 1_500, rate: 0.2 }); count('slow commit rule'); } },
        { at: 0.25, run: async () => { epicor.sim.addFault({ id: 'chaos-429', kind: 'status', status: 429, headers: { 'retry-after': '1' }, times: 25 }); count('429 burst'); } },
        { at: 0.35, run: async () => {
          // The webhooks are switched off (as WooCommerce does after failures); the connector must notice and catch up.
          const auth = `Basic ${Buffer.from('ck_sandbox_key:cs_sandbox_secret').toString('base64')}`;
          for (const w of woo.sim.webhooks()) await fetch(`${woo.baseUrl}/wp-json/wc/v3/webhooks/${w.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ status: 'disabled' }) });
          webhookDisabledWindows++;
        } },
        { at: 0.6, run: async () => { epicor.sim.addFault({ id: 'chaos-429b', kind: 'status', status: 429, headers: { 'retry-after': '1' }, times: 25 }); count('429 burst'); } },
        { at: 0.5, run: async () => { log('restarting the Temporal server'); await opts.target.restartTemporal(); temporalRestarts++; } },
        ...(opts.target.restartPostgres ? [{ at: 0.75, run: async () => { log('restarting PostgreSQL'); await opts.target.restartPostgres!(); postgresRestarts++; } }] : []),
        ...killsAt.map((p, i) => ({ at: p, run: async () => { await fleet.killWorker(i % fleet.workers.length); workerKills++; log(`SIGKILLed worker-${(i % fleet.workers.length) + 1}`); } })),
      ].sort((a, b) => a.at - b.at);
      const tokens = setInterval(() => { epicor.sim.expireTokens(); count('token expiry'); }, 7_000);
      try {
        for (const e of events) {
          await at(e.at);
          await e.run();
        }
      } finally {
        clearInterval(tokens);
      }
    })();

    // The shopper: orders at a steady pace, some updated (completed) and some refunded once imported.
    const paceMs = Number(process.env.CHAOS_PACE_MS ?? 40);
    for (let i = 0; i < opts.orders; i++) {
      const poison = rnd() < 0.02;
      const basket = randomBasket(rnd, poison);
      const o = woo.sim.placeOrder(basket) as { id: number; number: string; line_items: { id: number; quantity: number }[] };
      placed.push({ id: o.id, number: o.number, poison, lineIds: o.line_items.map((l) => l.id), quantities: o.line_items.map((l) => l.quantity) });
      if (rnd() < 0.1) await sendUpdateFirst(o.id);
      if (i > 10 && rnd() < 0.25) {
        const earlier = placed[Math.floor(rnd() * placed.length)];
        woo.sim.updateOrderStatus(earlier.id, 'completed');
      }
      progress = (i + 1) / opts.orders;
      await sleep(paceMs);
    }
    await chaos;
    log(`shopper done after ${((Date.now() - started) / 1000).toFixed(0)} s; refunding`);

    // Refunds of imported orders (a shopper returns goods after the order reached Epicor), a few twice.
    const refundable = placed.filter((p) => !p.poison && rnd() < 0.15);
    // One snapshot of the Epicor orders per check: building it walks every order's lines.
    const completeIn = (byPoNum: Map<string, SimOrder>) => (p: (typeof placed)[number]) => {
      const e = byPoNum.get(`WEB-${p.number}`);
      return fullyImported(e, woo.sim.getOrder(p.id) as Parameters<typeof fullyImported>[1]) ? e : undefined;
    };
    const snapshot = () => completeIn(new Map(epicor.sim.orders().map((o) => [o.PONum, o])));
    // Bounded: an order that never arrives is reported as missing by the verdict, not by a timeout here.
    await waitFor('refundable orders in Epicor', () => refundable.every(snapshot()), opts.settleTimeoutMs / 2).catch(() => undefined);
    const complete = snapshot();
    for (const p of refundable) {
      const e = complete(p);
      if (!e) continue;
      count(shipBeforeRefund(epicor.sim, e.OrderNum));
      woo.sim.createRefund(p.id, { reason: 'chaos return', line_items: [{ id: p.lineIds[0], quantity: 1 }] });
      if (p.quantities[0] >= 3 && rnd() < 0.5) woo.sim.createRefund(p.id, { reason: 'second return', line_items: [{ id: p.lineIds[0], quantity: 1 }] });
    }

    // Outages end; everything must converge.
    count('epicor faults hit', epicor.sim.faults.list().reduce((n, f) => n + f.hits, 0));
    epicor.sim.faults.clear();
    await woo.sim.flushDeliveries();
    await fleet.balancer.drained();
    const views = (): WooOrderView[] =>
      placed.map((p) => {
        const o = woo.sim.getOrder(p.id) as { total: string; line_items: { sku: string; quantity: number }[]; refunds: { id: number; total: string }[] };
        return { id: p.id, number: p.number, poison: p.poison, total: o.total, lines: o.line_items.map((l) => ({ sku: l.sku, quantity: l.quantity })), refunds: o.refunds.map((r) => ({ id: r.id, amount: r.total })) };
      });
    const workflows = async (): Promise<OrderWorkflowView[]> => {
      const out: OrderWorkflowView[] = [];
      for (const p of placed) {
        try {
          const d = await client.workflow.getHandle(orderWorkflowId(store, p.id)).describe();
          const reason = d.memo?.[MEMO_PARKED_REASON];
          out.push({ wooOrderId: p.id, parkedReason: d.status.name === 'RUNNING' && typeof reason === 'string' && reason ? reason : undefined });
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
          out.push({ wooOrderId: p.id });
        }
      }
      return out;
    };
    let verdict: ChaosVerdict | undefined;
    const deadline = Date.now() + opts.settleTimeoutMs;
    for (;;) {
      const quick = verify(views(), epicor.sim.orders(), epicor.sim.credits(), []);
      const done = quick.missing === 0 && quick.missingCredits === 0 && quick.lineMismatches === 0 && quick.amountMismatches === 0 && quick.creditAmountMismatches === 0;
      if (done || Date.now() > deadline) {
        verdict = verify(views(), epicor.sim.orders(), epicor.sim.credits(), await workflows());
        if (verdict.poisonNotParked === 0 || Date.now() > deadline) break;
      }
      await sleep(2_000);
    }
    // Late duplicate copies and catch-up passes must not create anything more: look again after they ran.
    await fleet.balancer.drained();
    await sleep(6_000);
    verdict = verify(views(), epicor.sim.orders(), epicor.sim.credits(), await workflows());
    report = {
      target: opts.target.name,
      ...verdict,
      failures: failures(verdict),
      seconds: Math.round((Date.now() - started) / 1000),
      deliveries: woo.sim.deliveries().filter((d) => d.kind === 'delivery').length,
      extraCopies,
      updatesBeforeCreates,
      injected,
      workerKills,
      temporalRestarts,
      postgresRestarts,
      webhookDisabledWindows,
    };
    return report;
  } finally {
    await fleet.stop();
    await connection.close();
    await Promise.allSettled([epicor.close(), woo.close()]);
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function printReport(r: ChaosReport): string {
  const rows: [string, string | number][] = [
    ['target', r.target],
    ['Woo orders (incl. unknown-SKU)', r.wooOrders],
    ['Epicor orders / expected', `${r.epicorOrders} / ${r.expectedInEpicor}`],
    ['duplicates', r.duplicates],
    ['missing', r.missing],
    ['line mismatches', r.lineMismatches],
    ['amount mismatches', r.amountMismatches],
    ['refunds / credit memos', `${r.refunds} / ${r.credits}`],
    ['refunds not credited', r.missingCredits],
    ['refunds credited twice', r.creditsTwice],
    ['credit amount mismatches', r.creditAmountMismatches],
    ['parked (unknown SKU) / parked without reason', `${r.parkedWithTrueReason} / ${r.parkedWithoutTrueReason}`],
    ['deliveries / extra copies / updates before creates', `${r.deliveries} / ${r.extraCopies} / ${r.updatesBeforeCreates}`],
    ['Epicor faults injected (hits)', r.injected['epicor faults hit'] ?? 0],
    ['token expiries', r.injected['token expiry'] ?? 0],
    ['worker SIGKILLs / Temporal restarts / PostgreSQL restarts', `${r.workerKills} / ${r.temporalRestarts} / ${r.postgresRestarts}`],
    ['webhooks-disabled windows', r.webhookDisabledWindows],
    ['refunded orders shipped in Epicor first', r.injected.shipped ?? 0],
    ['seconds', r.seconds],
  ];
  return [...rows.map(([k, v]) => `${k.padEnd(58)} ${v}`), r.failures.length ? `FAILED: ${r.failures.join('; ')}` : 'PASSED', ...r.examples.map((e) => `  e.g. ${e}`)].join('\n');
}
