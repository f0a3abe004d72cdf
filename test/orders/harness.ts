import type { WorkflowHandle } from '@temporalio/client';
import { Hono } from 'hono';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { activityRequestScope, HEARTBEAT_THROTTLE } from '../../src/activities/attempt';
import { createOrderActivities, type OrderActivityOptions } from '../../src/activities/orders';
import type { ImportPassOptions } from '../../src/activities/orders/import-pass';
import { loadConfig, type Config } from '../../src/config';
import { createEpicorClient, type EpicorClient } from '../../src/epicor';
import { serve } from '../../src/sandbox/shared/serve';
import { startEpicorSimulator, type EpicorSimOptions, type RunningEpicorSimulator, type SimOrder } from '../../src/sandbox/epicor';
import { startWooSimulator, type RunningWooSimulator, type ShopperOrderInput, type WooSimOptions } from '../../src/sandbox/woocommerce';
import { signalOrderWorkflow } from '../../src/temporal/order-starters';
import { createWooClient, type WooClient } from '../../src/woocommerce';
import { orderWorkflowId, storeKey, type OrderImportResult } from '../../src/workflows/definitions/orders';
import { testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';

/**
 * Both simulators in-process on free ports, the connector's real clients pointed at them, and workers on
 * the real Temporal test server. Every assertion reads simulator state, never a stand-in.
 */

/** What Epicor knows: parts (NEW-PART is sold in Woo but not yet in Epicor, OLD-LAMP is inactive), the web guest, two buyers. */
export const epicorSeed = () => ({
  parts: [
    { partNum: 'MUG-CAFE-350', description: 'Café Crème Mug 350 ml', unitPrice: '11.00' },
    { partNum: 'TOWEL-01', description: 'Tea Towel', unitPrice: '7.00' },
    { partNum: 'BOLT-M8', description: 'Hex bolt M8', unitPrice: '3.00' },
    { partNum: 'OLD-LAMP', description: 'Discontinued lamp', unitPrice: '20.00', inActive: true },
  ],
  customers: [
    { custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', checkDuplicatePO: true, allowOts: true },
    { custId: 'JORG', name: 'Jörg Testperson', email: 'jorg.testperson@example.test', checkDuplicatePO: true },
    { custId: 'HOLDCO', name: 'Held Company', email: 'buyer@held.example', creditHold: true },
  ],
});

export const JORG = 'jorg.testperson@example.test';
export const HELD = 'buyer@held.example';

function seedWoo(woo: RunningWooSimulator): void {
  woo.sim.seedProducts([
    { name: 'Café Crème Mug – 350 ml', sku: 'MUG-CAFE-350', regular_price: '12.50' },
    { name: 'Tea Towel', sku: 'TOWEL-01', regular_price: '7.90' },
    { name: 'Hex bolt M8', sku: 'BOLT-M8', regular_price: '3.35' },
    { name: 'Brand new part', sku: 'NEW-PART', regular_price: '5.00' },
    { name: 'Old lamp', sku: 'OLD-LAMP', regular_price: '19.00' },
  ]);
  woo.sim.seedCustomers([
    { email: JORG, first_name: 'Jörg', last_name: 'Testperson' },
    { email: HELD, first_name: 'Held', last_name: 'Buyer' },
  ]);
  woo.sim.seedCoupons([{ code: 'fivers', discount_type: 'fixed_cart', amount: '5.00' }]);
}

export interface TestWorker {
  taskQueue: string;
  config: Config;
  /** Graceful: in-flight activities finish (or fail) and are reported before it resolves. */
  shutdown(): Promise<void>;
}

export type Sims = Awaited<ReturnType<typeof startOrderSims>>;

export async function startOrderSims(env: TestWorkflowEnvironment, wooOpts: WooSimOptions = {}, epicorOpts: Omit<EpicorSimOptions, 'seed'> = {}) {
  const epicor: RunningEpicorSimulator = await startEpicorSimulator({ seed: epicorSeed(), ...epicorOpts });
  // Deliveries only when a test flushes them: a test decides when WooCommerce's queue runs.
  const woo: RunningWooSimulator = await startWooSimulator({ allowUnsafeDeliveryUrls: true, deliveryDelayMs: 3_600_000, ...wooOpts });
  seedWoo(woo);
  const workers: TestWorker[] = [];
  const clients: { close(): Promise<void> }[] = [];
  const closers: { close(): Promise<void> }[] = [];

  /** Config for these simulators; each call gets its own task queue so workers never share work. */
  const configWith = (over: Record<string, string> = {}): Config =>
    loadConfig({
      SANDBOX: '1',
      EPICOR_BASE_URL: epicor.baseUrl,
      WOO_BASE_URL: woo.baseUrl,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('orders'),
      EPICOR_TIMEOUT_MS: '5000',
      WOO_TIMEOUT_MS: '5000',
      ...over,
    });
  const config = configWith();
  const wooClient: WooClient = createWooClient(config.woo);
  const epicorClient: EpicorClient = createEpicorClient(config.epicor);
  clients.push(wooClient, epicorClient);

  /**
   * `activities` are the order activities' options (checks not wired to config yet); `wooView` lets a test put
   * a plugin's effect between WooCommerce and the worker (e.g. a gift card that lowers the order total).
   */
  async function startWorker(
    workerConfig: Config = config,
    opts: { activities?: OrderActivityOptions & ImportPassOptions; wooView?: (woo: WooClient) => WooClient } = {},
  ): Promise<TestWorker> {
    const epicorForWorker = createEpicorClient(workerConfig.epicor, { scope: activityRequestScope });
    const wooForWorker = createWooClient(workerConfig.woo, { scope: activityRequestScope });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: workerConfig.temporal.namespace,
      taskQueue: workerConfig.temporal.taskQueue,
      workflowBundle: testWorkflowBundle(),
      maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE,
      activities: createOrderActivities(
        { config: workerConfig, epicor: epicorForWorker, woo: opts.wooView ? opts.wooView(wooForWorker) : wooForWorker, temporal: env.client },
        opts.activities,
      ),
    });
    const running = worker.run();
    let stopped: Promise<void> | undefined;
    const handle: TestWorker = {
      taskQueue: workerConfig.temporal.taskQueue,
      config: workerConfig,
      shutdown: () =>
        (stopped ??= (async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
          await Promise.allSettled([epicorForWorker.close(), wooForWorker.close()]);
        })()),
    };
    workers.push(handle);
    return handle;
  }

  const store = storeKey(config.woo.baseUrl);
  return {
    env,
    epicor,
    woo,
    config,
    configWith,
    wooClient,
    epicorClient,
    startWorker,
    /** What the webhook endpoint does for an order.created/updated delivery. */
    notify: (wooOrderId: number, cfg: Config = config) => signalOrderWorkflow(env.client, cfg, wooOrderId, { source: 'webhook' }),
    handle: (wooOrderId: number): WorkflowHandle<() => Promise<OrderImportResult>> =>
      env.client.workflow.getHandle(orderWorkflowId(store, wooOrderId)),
    /** A shopper checks out (order.created + order.updated are queued, not yet delivered). */
    placeOrder(input: ShopperOrderInput): { id: number; poNum: string; total: string; total_tax: string; lineIds: number[] } {
      const o = woo.sim.placeOrder(input) as { id: number; number: string; total: string; total_tax: string; line_items: { id: number }[] };
      return { id: o.id, poNum: `WEB-${o.number}`, total: o.total, total_tax: o.total_tax, lineIds: o.line_items.map((l) => l.id) };
    },
    /** Epicor orders carrying this PONum (the import's idempotency key). */
    ordersFor: (poNum: string): SimOrder[] => epicor.sim.orders().filter((o) => o.PONum === poNum),
    creditsFor: (orderNum: number) => epicor.sim.credits().filter((c) => c.OrderNum === orderNum),
    /**
     * The warehouse ships the Epicor order imported for `poNum`: all of it, or `qty` units of one line. A refund
     * credits only shipped units (unshipped ones come off the order), so a test about credits ships first.
     */
    shipAll(poNum: string): void {
      for (const o of epicor.sim.orders().filter((x) => x.PONum === poNum)) epicor.sim.shipAll(o.OrderNum);
    },
    ship(poNum: string, orderLine: number, qty: number): void {
      const o = epicor.sim.orders().find((x) => x.PONum === poNum);
      if (!o) throw new Error(`no Epicor order ${poNum}`);
      epicor.sim.ship(o.OrderNum, orderLine, qty);
    },
    /**
     * A gateway in front of the Epicor simulator that can let a write reach Epicor and then lose the answer
     * (a 500 after the commit): the one failure that proves a retry looks up before writing again. The
     * simulator's own faults answer before its handler runs, so nothing is committed behind them.
     */
    async lossyGateway() {
      const loseAfterCommit: string[] = [];
      const gateway = new Hono().all('*', async (c) => {
        const res = await epicor.sim.app.fetch(c.req.raw);
        const i = loseAfterCommit.findIndex((part) => new URL(c.req.url).pathname.includes(part));
        if (i < 0 || res.status >= 300) return res;
        loseAfterCommit.splice(i, 1);
        await res.arrayBuffer();
        return c.json({ HttpStatus: 500, ReasonPhrase: 'REST API Exception', ErrorMessage: 'connection to the app server lost' }, 500);
      });
      const served = await serve(gateway);
      closers.push(served);
      return {
        baseUrl: `${served.origin}/${epicor.sim.instance}`,
        /** The next successful request whose path contains `pathPart` is committed, then answered 500. */
        loseAnswerAfterCommit: (pathPart: string) => void loseAfterCommit.push(pathPart),
        pending: () => loseAfterCommit.length,
      };
    },
    /** Calls to an Epicor method so far (the simulator logs every request path). */
    epicorCalls: (method: string) => epicor.sim.calls.count(`/${method}`),
    async close() {
      await Promise.allSettled(workers.map((w) => w.shutdown()));
      await Promise.allSettled([...clients, ...closers].map((c) => c.close()));
      await Promise.allSettled([epicor.close(), woo.close()]);
    },
  };
}

export { waitFor } from '../helpers/wait-for';

/** Lines as [Reference, PartNum, quantity, unit price, extended] with money at 2 decimals. */
export const linesOf = (order: SimOrder) =>
  order.lines.map((l) => [l.Reference, l.PartNum, Number(l.SellingQuantity), money(l.DocUnitPrice), money(l.DocExtPriceDtl)]);
export const chargesOf = (order: SimOrder) => order.miscCharges.map((m) => [m.Description, m.MiscCode, money(m.DocMiscAmt), m.OrderLine]);

/** "12.5" -> "12.50": the simulator keeps decimals as sent; tests compare at the currency's 2 places. */
export function money(value: string | number): string {
  const [whole, frac = ''] = String(value).split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}
