import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createOrderActivities } from '../../src/activities/orders';
import type { AlertSink, AlertState } from '../../src/alerts/alert-sink';
import { buildCtl } from '../../src/cli/ctl/program';
import { CtlError } from '../../src/cli/ctl/context';
import type { Config } from '../../src/config';
import { createEpicorClient } from '../../src/epicor';
import { ensureSyncWorkflows } from '../../src/temporal/ensure-sync';
import { ensureOrderWorkflows } from '../../src/temporal/order-starters';
import { createWooClient } from '../../src/woocommerce';
import { orderStatusQuery, type OrderImportResult } from '../../src/workflows/definitions/orders';
import { statusQuery, type SyncStatus } from '../../src/workflows/definitions/sync';
import { epicorSeed, JORG, startOrderSims, type Sims } from '../orders/harness';
import { connectToTestServer, testWorkflowBundle } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * The operator command against the sandbox on the real dev server: simulated Epicor and WooCommerce, a worker
 * running every workflow and activity, the loops started as `npm start` starts them (under a test prefix), and
 * each command run through the same commander program `npm run ctl` runs.
 */
describe('npm run ctl', () => {
  let env: TestWorkflowEnvironment;
  let sims: Sims;
  let config: Config;
  let worker: Worker;
  let running: Promise<void>;
  const prefix = `ctl-${randomUUID().slice(0, 8)}-`;
  const alerts: { key: string; text: string; state: AlertState }[] = [];
  const sink: AlertSink = { send: async (a) => void alerts.push(a) };

  /** Runs one ctl command line; returns what it printed. */
  async function ctl(...args: string[]): Promise<string> {
    const out: string[] = [];
    const program = buildCtl({ env: {}, out: (t) => out.push(t), context: async () => ({ client: env.client, config, prefix }) });
    await program.parseAsync(['node', 'ctl', ...args]);
    return out.join('\n');
  }
  const json = async <T>(...args: string[]): Promise<T> => JSON.parse(await ctl('--json', ...args)) as T;

  beforeAll(async () => {
    env = await connectToTestServer();
    sims = await startOrderSims(env);
    // Web parts with stock, so the sync loops keep the products purchasable.
    sims.epicor.sim.seed({ parts: epicorSeed().parts.map((p) => ({ ...p, webPart: true })) });
    sims.epicor.sim.seed({ warehouses: ['MUG-CAFE-350', 'TOWEL-01', 'BOLT-M8'].map((partNum) => ({ partNum, warehouseCode: 'MAIN', onHandQty: 500 })) });
    config = sims.configWith({ WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:9/webhooks/woocommerce', SYNC_INTERVAL: '1h', CATCHUP_INTERVAL: '1h' });
    const epicor = createEpicorClient(config.epicor);
    const woo = createWooClient(config.woo);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: createActivities({ config, epicor, woo, temporal: env.client, alerts: sink }),
    });
    running = worker.run();
    await ensureSyncWorkflows(env.client, config, { idPrefix: prefix });
    await ensureOrderWorkflows(env.client, config, { workflowId: `${prefix}woo-catchup` });
    await env.client.workflow.start('webhookHealth', {
      workflowId: `${prefix}webhook-health`,
      taskQueue: config.temporal.taskQueue,
      args: [{ intervalSeconds: 3600, catchupWorkflowId: `${prefix}woo-catchup` }],
    });
  }, 60_000);

  afterAll(async () => {
    for (const id of ['sync-parts', 'sync-stock', 'sync-customers', 'woo-catchup', 'webhook-health']) {
      await env.client.workflow.getHandle(`${prefix}${id}`).terminate('test done').catch(() => undefined);
    }
    await env.client.schedule.getHandle(`${prefix}nightly-reconcile`).delete().catch(() => undefined);
    worker?.shutdown();
    await running;
    await sims?.close();
    await env?.teardown();
  });

  const syncStatus = (entity: string) => env.client.workflow.getHandle(`${prefix}sync-${entity}`).query(statusQuery) as Promise<SyncStatus>;

  it('shows every loop, the catch-up, webhook health and parked orders in one status', async () => {
    await waitFor('the first parts cycle', async () => ((await syncStatus('parts')).cycles >= 1 ? true : undefined));
    const text = await ctl('status');
    expect(text).toMatch(/^Sync loops$/m);
    expect(text).toMatch(/^ {2}parts +(idle|running a cycle); watermark \d+; \d+ cycles/m);
    expect(text).toMatch(/^ {2}stock /m);
    expect(text).toMatch(/^ {2}customers /m);
    expect(text).toMatch(/^Catch-up\n {2}active; watermark /m);
    expect(text).toMatch(/^Webhooks$/m);
    expect(text).toMatch(/^Parked orders: \d+$/m);
    const s = await json<{ sync: Record<string, SyncStatus>; catchup: { intervalSeconds: number } }>('status');
    expect(s.sync.parts.watermark).toMatch(/^\d+$/);
    expect(s.sync.parts.lastCycle?.read).toBeGreaterThan(0);
    expect(s.catchup.intervalSeconds).toBe(3600);
  });

  it('pauses, resumes and wakes loops by name or all at once', async () => {
    expect(await ctl('pause', 'parts')).toBe(`${prefix}sync-parts: pause sent`);
    await waitFor('parts paused', async () => ((await syncStatus('parts')).paused ? true : undefined));
    expect(await ctl('status')).toMatch(/^ {2}parts +PAUSED/m);
    expect(await ctl('resume', 'all')).toContain(`${prefix}woo-catchup: resume sent`);
    await waitFor('parts resumed', async () => ((await syncStatus('parts')).paused ? undefined : true));
    const before = (await syncStatus('customers')).cycles;
    await ctl('sync-now', 'customers');
    await waitFor('a customers cycle on demand', async () => ((await syncStatus('customers')).cycles > before ? true : undefined));
    await expect(ctl('pause', 'orders')).rejects.toThrow(CtlError);
  });

  it('dry-runs a loop without writing', async () => {
    const writesBefore = sims.woo.sim.products().length;
    const d = await json<{ entity: string; counts: { read: number } }>('dry-run', 'parts', '--full');
    expect(d.entity).toBe('parts');
    expect(d.counts.read).toBeGreaterThanOrEqual(3);
    expect(await ctl('dry-run', 'stock')).toMatch(/^stock from watermark \d+/);
    expect(sims.woo.sim.products().length).toBe(writesBefore);
    await expect(ctl('dry-run', 'catchup')).rejects.toThrow(/dry-run works on parts, stock, customers/);
  });

  it('lists a parked order with its reason, alerts once, and imports it after retry (resolved alert)', async () => {
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'NEW-PART', quantity: 2 }] });
    await sims.notify(o.id, config);
    await waitFor('the order to park', async () => ((await sims.handle(o.id).query(orderStatusQuery)).phase === 'parked' ? true : undefined));

    const parked = await waitFor('the parked list', async () => {
      const rows = await json<{ wooOrderId: number; reason: string; parkedAt?: string }[]>('orders', 'parked');
      return rows.find((r) => r.wooOrderId === o.id);
    });
    expect(parked.reason).toMatch(/^UnknownSku: /);
    expect(parked.parkedAt).toBeDefined();
    expect(await ctl('orders', 'parked')).toMatch(new RegExp(`^Woo order ${o.id}: UnknownSku: .*\\(parked \\d+s ago\\)`, 'm'));
    expect(await ctl('status')).toMatch(new RegExp(`^ {2}Woo order ${o.id}: UnknownSku`, 'm'));
    expect(await ctl('order', String(o.id))).toMatch(/state: parked: UnknownSku/);
    await waitFor('the park alert', async () => alerts.find((a) => a.state === 'firing' && a.key.endsWith(`:${o.id}`)));

    sims.epicor.sim.seed({ parts: [{ partNum: 'NEW-PART', description: 'Brand new part', unitPrice: '5.00' }] });
    expect(await ctl('retry', String(o.id))).toContain('retry sent to the parked import');
    const result = (await sims.handle(o.id).result()) as OrderImportResult;
    expect(result.epicorOrderNum).toBeGreaterThan(0);
    const report = await ctl('order', String(o.id));
    expect(report).toContain(`Woo order ${o.id} → Epicor order ${result.epicorOrderNum} (PONum ${o.poNum})`);
    expect(report).toMatch(/runs: completed /);
    expect(report).toContain('/history');
    await waitFor('the resolved alert', async () => alerts.find((a) => a.state === 'resolved' && a.key.endsWith(`:${o.id}`)));
    expect(alerts.filter((a) => a.key.endsWith(`:${o.id}`)).map((a) => a.state)).toEqual(['firing', 'resolved']);
    expect(await json<unknown[]>('orders', 'parked')).not.toContainEqual(expect.objectContaining({ wooOrderId: o.id }));

    // Replay: the import runs again from the start and finds its order instead of writing a second one.
    const replay = await json<{ newRunId: string; fromRunId: string }>('replay', String(o.id));
    expect(replay.newRunId).not.toBe(replay.fromRunId);
    const again = (await env.client.workflow.getHandle(sims.handle(o.id).workflowId, replay.newRunId).result()) as OrderImportResult;
    expect(again.epicorOrderNum).toBe(result.epicorOrderNum);
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);

    // A refund credited by hand: recorded, shown by `order`.
    expect(await ctl('refund-handled', String(o.id), '777')).toContain('refund 777 marked handled');
    await waitFor('the handled refund', async () => {
      const r = await json<{ handledRefunds: number[]; phase: string }>('order', String(o.id));
      return r.phase === 'done' && r.handledRefunds.includes(777) ? true : undefined;
    });
    expect(await ctl('order', String(o.id))).toContain('refunds handled by hand: 777');
  }, 120_000);

  it('says so when an order has no workflow, or an id is not an id', async () => {
    await expect(ctl('order', '987654')).rejects.toThrow(/no import workflow for Woo order 987654/);
    await expect(ctl('replay', '987654')).rejects.toThrow(/nothing to replay/);
    await expect(ctl('retry', 'abc')).rejects.toThrow(/"abc" is not a WooCommerce order id/);
  });

  it('reconciles Woo orders with Epicor by PONum: missing, duplicated, amount differing; imports the missing', async () => {
    const since = new Date(Date.now() - 2_000).toISOString();
    await new Promise((r) => setTimeout(r, 2_100));
    const missing = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    const imported = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'BOLT-M8', quantity: 2 }] });
    const changed = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }] });
    // An unpaid bank transfer (on-hold) is not imported (ORDER_IMPORT_STATUSES), so it is not reported missing.
    const unpaid = sims.placeOrder({ customer_email: JORG, payment_method: 'bacs', line_items: [{ sku: 'TOWEL-01', quantity: 1 }] });
    for (const o of [imported, changed]) {
      await sims.notify(o.id, config);
      await sims.handle(o.id).result();
    }
    // Someone adds a line by hand to one order, and keys a second order with another's PONum.
    const acts = createOrderActivities({ config, epicor: sims.epicorClient, woo: sims.wooClient, temporal: env.client });
    const [changedOrder] = sims.ordersFor(changed.poNum);
    await acts.addOrderLine({
      orderNum: changedOrder.OrderNum,
      custNum: changedOrder.CustNum,
      line: { kind: 'product', reference: 'by-hand', partNum: 'BOLT-M8', quantity: 1, unitPrice: '3.00', extPrice: '3.00' },
    });
    const SO = 'Erp.BO.SalesOrderSvc';
    let { parameters } = await sims.epicorClient.call<{ ds: { OrderHed: Record<string, unknown>[] } }>(SO, 'GetNewOrderHed', { ds: { OrderHed: [] } });
    ({ parameters } = await sims.epicorClient.call<{ ds: { OrderHed: Record<string, unknown>[] } }>(SO, 'ChangeOrderHedCustomerCustID', { orderNum: 0, proposedCustomerCustID: 'WEBGUEST', ds: parameters.ds }));
    Object.assign(parameters.ds.OrderHed[0], { PONum: imported.poNum, RowMod: 'A' });
    const guest = sims.epicor.sim.orders()[0];
    await sims.epicorClient.call(SO, 'MasterUpdate', {
      lCheckForOrderChangedMsg: false,
      lcheckForResponse: false,
      cTableName: 'OrderHed',
      iCustNum: Number(parameters.ds.OrderHed[0].CustNum ?? guest.CustNum),
      iOrderNum: 0,
      lweLicensed: false,
      ds: parameters.ds,
    });
    expect(sims.ordersFor(imported.poNum)).toHaveLength(2);

    const report = await json<{ checked: number; findings: { wooOrderId: number; problem: string; wooNet?: string; epicorNet?: string; epicorOrderNums: number[] }[] }>('reconcile', '--since', since);
    const find = (id: number) => report.findings.find((x) => x.wooOrderId === id);
    expect(report.checked).toBeGreaterThanOrEqual(3);
    expect(find(missing.id)).toMatchObject({ problem: 'missing' });
    expect(find(unpaid.id)).toBeUndefined();
    expect(find(imported.id)).toMatchObject({ problem: 'duplicated' });
    expect(find(imported.id)!.epicorOrderNums).toHaveLength(2);
    expect(find(changed.id)).toMatchObject({ problem: 'amount-differs' });
    expect(Number(find(changed.id)!.epicorNet) - Number(find(changed.id)!.wooNet)).toBeCloseTo(3, 2);
    expect(await ctl('reconcile', '--since', since)).toContain('Run again with --import-missing');

    expect(await ctl('reconcile', '--since', since, '--import-missing')).toMatch(new RegExp(`Woo order ${missing.id} .*missing.*→ import started`));
    await waitFor('the missing order imported', async () => ((await sims.handle(missing.id).describe().catch(() => undefined))?.status.name === 'COMPLETED' ? true : undefined));
    expect(sims.ordersFor(missing.poNum)).toHaveLength(1);
    const after = await json<{ findings: { wooOrderId: number }[] }>('reconcile', '--since', since);
    expect(after.findings.map((x) => x.wooOrderId).sort()).toEqual([imported.id, changed.id].sort());
    // Its import run says why it imported nothing.
    await sims.notify(unpaid.id, config);
    await sims.handle(unpaid.id).result();
    expect(await ctl('order', String(unpaid.id))).toContain('state: done (not imported: status on-hold is not imported (ORDER_IMPORT_STATUSES=processing,completed))');
    await expect(ctl('reconcile', '--since', 'yesterday-ish')).rejects.toThrow(/is not a time/);
  }, 120_000);

  it('checks and repairs the order webhooks, then asks the catch-up for missed orders', async () => {
    // The health loop registered them on its first check; then someone deletes them in WooCommerce.
    await waitFor('the webhooks registered', async () => ((await ctl('webhooks', 'check')).match(/ active/g)?.length === 2 ? true : undefined));
    for (const w of await sims.wooClient.webhooks.list('all')) await sims.wooClient.webhooks.delete(w.id);
    const before = await json<{ topics: { topic: string; state: string }[] }>('webhooks', 'check');
    expect(before.topics.map((t) => t.state)).toEqual(['missing', 'missing']);
    const text = await ctl('webhooks', 'repair');
    expect(text).toMatch(/^Recreated: order\.created \(webhook \d+\), order\.updated \(webhook \d+\)/);
    expect(text).toContain('Catch-up asked to import the missed orders.');
    expect(await ctl('webhooks', 'check')).toMatch(/order\.created +active[\s\S]*order\.updated +active/);
    expect(await ctl('webhooks', 'repair')).toMatch(/^Nothing to repair\./);
  });
});
