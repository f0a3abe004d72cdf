import { Hono } from 'hono';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import { loadConfig, type Config } from '../../src/config';
import { createEpicorClient, type EpicorClient } from '../../src/epicor';
import { logger } from '../../src/logger';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { serve, type Served } from '../../src/sandbox/shared/serve';
import { createWebhookApp } from '../../src/webhook/app';
import { createWooClient, type WooClient, type WooOrder, type WooProduct } from '../../src/woocommerce';
import { orderWorkflowId, storeKey } from '../../src/workflows/definitions/orders';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';
import type { ContractTarget, TargetFactory } from './targets';

export const WEBHOOK_SECRET = 'contractSuiteSecret0123456789';

/** A request the connector's webhook endpoint received, and what it answered. */
export interface Hit {
  contentType: string;
  topic?: string;
  body: string;
  status: number;
}

/** Everything a contract test touches: the store, Epicor simulator, the connector's endpoint and a worker. */
export interface World {
  target: ContractTarget;
  config: Config;
  woo: WooClient;
  epicor: RunningEpicorSimulator;
  env: TestWorkflowEnvironment;
  endpointUrl: string;
  hits: Hit[];
  /** While on, the endpoint answers 500 to everything (Temporal down, a bad deploy). */
  endpointFails(on: boolean): void;
  /** Epicor orders carrying this Woo order's PO number. */
  epicorOrders(wooOrderId: number): ReturnType<RunningEpicorSimulator['sim']['orders']>;
  workflowDone(wooOrderId: number): Promise<void>;
  /** Products the flows sell, by SKU (created through the connector's upsert). */
  products: Record<string, WooProduct>;
}

const SELLABLE = [
  { sku: 'CT-MUG', name: 'Contract Mug', regular_price: '12.50', manage_stock: true, stock_quantity: 500 },
  { sku: 'CT-TOWEL', name: 'Contract Towel', regular_price: '7.90', manage_stock: true, stock_quantity: 500 },
];

/**
 * Runs `define` against one target: stands the store up once (beforeAll), wires the connector to it and to an
 * Epicor simulator on the run's real Temporal server, and tears everything down afterwards. A target whose
 * release files are out of reach is skipped with one line that says why.
 */
export function contractSuite(label: string, factory: TargetFactory, define: (world: () => World) => void): void {
  if (!factory.available) {
    // Straight to stderr: jest drops console output of a file whose tests are all skipped.
    process.stderr.write(`SKIPPED: WooCommerce contract suite on ${label}: ${factory.reason}\n`);
    describe.skip(`WooCommerce contract on ${label} (skipped: ${factory.reason})`, () => define(() => undefined as never));
    return;
  }
  let world: World | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let stopStore: (() => Promise<void>) | undefined;

  describe(`WooCommerce contract on ${label}`, () => {
    // A real store under a loaded CI machine takes tens of seconds for a flow; the waits inside bound each step.
    jest.setTimeout(300_000);
    beforeAll(async () => {
      const env = await connectToTestServer();
      closers.push(() => env.teardown());
      const target = await factory.start();
      stopStore = () => target.close();
      const epicor = await startEpicorSimulator({
        seed: {
          parts: SELLABLE.map((p) => ({ partNum: p.sku, description: p.name, unitPrice: p.regular_price })),
          customers: [{ custId: 'WEBGUEST', name: 'Web Store Guest', email: 'orders@webstore.example', checkDuplicatePO: true, allowOts: true }],
        },
      });
      closers.push(() => epicor.close());

      const hits: Hit[] = [];
      let app: Hono | undefined;
      let failing = false;
      // Records what reaches the connector's endpoint (the ping has no other trace) and passes it on.
      const endpoint: Served = await serve(
        new Hono().all('*', async (c) => {
          const body = await c.req.raw.clone().text();
          const res = failing ? c.text('endpoint down', 500) : await app!.fetch(c.req.raw);
          hits.push({ contentType: c.req.header('content-type') ?? '', topic: c.req.header('x-wc-webhook-topic'), body, status: res.status });
          return res;
        }),
      );
      closers.push(() => endpoint.close());
      const endpointUrl = `${endpoint.origin}/webhooks/woocommerce`;
      const config = loadConfig({
        SANDBOX: '1',
        EPICOR_BASE_URL: epicor.baseUrl,
        ...target.env,
        WOO_WEBHOOK_SECRET: WEBHOOK_SECRET,
        WEBHOOK_PUBLIC_URL: endpointUrl,
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue('contract'),
        EPICOR_TIMEOUT_MS: '10000',
        // The kit's store ships with a flat rate: what its shipping lines carry decides the Epicor ShipVia.
        ORDER_SHIP_VIA: 'flat_rate=UPS',
        WOO_TIMEOUT_MS: '30000',
      });
      app = createWebhookApp({ config, temporal: env.client, logger });
      const woo = createWooClient(config.woo);
      const epicorClient: EpicorClient = createEpicorClient(config.epicor);
      closers.push(() => woo.close(), () => epicorClient.close());
      worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: config.temporal.taskQueue,
        workflowBundle: testWorkflowBundle(),
        activities: createActivities({ config, epicor: epicorClient, woo, temporal: env.client }),
      });
      running = worker.run();

      const created = await woo.upsertProducts(SELLABLE);
      const products: Record<string, WooProduct> = {};
      for (const r of created) {
        if (!r.ok) throw r.error;
        products[r.item.sku!] = r.item;
      }
      const store = storeKey(config.woo.baseUrl);
      world = {
        target,
        config,
        woo,
        epicor,
        env,
        endpointUrl,
        hits,
        endpointFails: (on) => void (failing = on),
        products,
        epicorOrders: (id) => epicor.sim.orders().filter((o) => o.PONum === `WEB-${id}`),
        workflowDone: async (id) => {
          await waitFor(`order ${id}'s workflow to finish`, async () => {
            const d = await env.client.workflow.getHandle(orderWorkflowId(store, id)).describe();
            return d.status.name === 'COMPLETED';
          }, 90_000);
        },
      };
    }, 900_000);

    afterAll(async () => {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      // The store first and for sure: its processes outlive this test run otherwise.
      const store = stopStore?.();
      await running;
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await store;
    }, 300_000);

    define(() => world!);
  });
}

/** The order as the connector's client reads it. */
export const readOrder = (w: World, id: number): Promise<WooOrder> => w.woo.getOrder(id);
