import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EpicorError } from '../../src/epicor/errors';
import { createOrderActivities } from '../../src/activities/orders';
import { loadConfig, type Config } from '../../src/config';
import { signalOrderWorkflow } from '../../src/temporal/order-starters';
import { orderStatusQuery, orderWorkflowId, retrySignal, storeKey, type OrderImportResult } from '../../src/workflows/definitions/orders';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { FakeEpicor, FakeWoo } from './fakes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

let storeSeq = 0;
function setup() {
  const taskQueue = uniqueTaskQueue('orders');
  const config: Config = loadConfig({ SANDBOX: '1', WOO_BASE_URL: `http://orders-${Date.now()}-${storeSeq++}.example`, TEMPORAL_TASK_QUEUE: taskQueue, ORDER_GUEST_CUSTID: 'WEBGUEST' });
  const epicor = new FakeEpicor(['MUG-CAFE-350', 'TOWEL-01'], [{ CustNum: 7, CustID: 'WEBGUEST', CreditHold: false }]);
  const woo = new FakeWoo();
  const deps = { config, epicor: epicor.client as never, woo: woo.client as never, temporal: env.client };
  const worker = () => Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: testWorkflowBundle(), activities: createOrderActivities(deps) });
  const handle = (id: number) => env.client.workflow.getHandle<() => Promise<OrderImportResult>>(orderWorkflowId(storeKey(config.woo.baseUrl), id));
  const notify = (id: number) => signalOrderWorkflow(env.client, config, id, { source: 'webhook' });
  return { config, epicor, woo, worker, handle, notify };
}

describe('order import workflow', () => {
  it('imports a shopper order once, with its lines at the Woo prices and shipping as a misc charge', async () => {
    const t = setup();
    t.woo.addCapturedOrder(101);
    const w = await t.worker();
    const result = await w.runUntil(async () => {
      await t.notify(101);
      return t.handle(101).result();
    });
    expect(t.epicor.orders()).toHaveLength(1);
    const [order] = t.epicor.orders();
    expect(order.PONum).toBe('WEB-101');
    expect(order.lines.map((l) => [l.Reference, l.PartNum, l.SellingQuantity, l.DocUnitPrice])).toEqual([
      ['woo-line:1', 'MUG-CAFE-350', 2, 12.5],
      ['woo-line:2', 'TOWEL-01', 1, 7.9],
    ]);
    expect(t.epicor.tables.OHOrderMscs.map((m) => [m.Description, m.DocMiscAmt])).toEqual([['woo-shipping:3', 4.9]]);
    expect(result).toMatchObject({ epicorOrderNum: order.OrderNum, lines: [1, 2], credits: [] });
    const described = await t.handle(101).describe();
    expect(described.searchAttributes.EpicorOrderNum).toEqual([String(order.OrderNum)]);
  });

  it('turns the same delivery three times (and updated before created) into one order', async () => {
    const t = setup();
    t.woo.addCapturedOrder(102);
    const w = await t.worker();
    await w.runUntil(async () => {
      await Promise.all([t.notify(102), t.notify(102), t.notify(102)]);
      await t.handle(102).result();
      await t.notify(102); // a late order.created after completion starts a run that finds the order by PONum
      await t.handle(102).result();
    });
    expect(t.epicor.orders()).toHaveLength(1);
    expect(t.epicor.orders()[0].lines).toHaveLength(2);
  });

  it('retries Epicor 429 and a 500 after the header was written without a duplicate order or line', async () => {
    const t = setup();
    t.woo.addCapturedOrder(103);
    t.epicor.faults.push({ method: 'GetNewOrderDtl', error: new EpicorError('429', { category: 'rate-limited', retryable: true, status: 429 }), times: 2 });
    // Header committed, answer lost: the worker "died" between header and lines from the workflow's view.
    t.epicor.faults.push({ method: 'MasterUpdate', afterCommit: true, error: new EpicorError('500', { category: 'unknown-outcome', retryable: false, status: 500 }), times: 1 });
    const w = await t.worker();
    await w.runUntil(async () => {
      await t.notify(103);
      await t.handle(103).result();
    });
    expect(t.epicor.orders()).toHaveLength(1);
    expect(t.epicor.orders()[0].lines.map((l) => l.Reference)).toEqual(['woo-line:1', 'woo-line:2']);
  });

  it('finishes the lines in a new worker after the first one stopped between header and lines', async () => {
    const t = setup();
    t.woo.addCapturedOrder(104);
    t.epicor.faults.push({ method: 'GetNewOrderDtl', error: new EpicorError('down', { category: 'unavailable', retryable: true, status: 503 }), times: 1000 });
    const first = await t.worker();
    await first.runUntil(async () => {
      await t.notify(104);
      while (!t.epicor.calls.includes('GetNewOrderDtl')) await new Promise((r) => setTimeout(r, 50));
    });
    expect(t.epicor.orders()[0].lines).toHaveLength(0);
    t.epicor.faults = [];
    const second = await t.worker();
    await second.runUntil(() => t.handle(104).result());
    expect(t.epicor.orders()).toHaveLength(1);
    expect(t.epicor.orders()[0].lines).toHaveLength(2);
  });

  it('credits a partial refund once, however often it is announced', async () => {
    const t = setup();
    t.woo.addCapturedOrder(105);
    const w = await t.worker();
    await w.runUntil(async () => {
      await t.notify(105);
      await t.handle(105).result();
      t.woo.addCapturedRefund(105, 905);
      await t.notify(105);
      const first = await t.handle(105).result();
      expect(first.credits).toEqual([{ wooRefundId: 905, rmaNum: expect.any(Number), invoiceNums: [expect.any(Number)] }]);
      await t.notify(105);
      await t.handle(105).result();
    });
    expect(t.epicor.tables.RMAProcs).toHaveLength(1);
    expect(t.epicor.tables.RMADtls.map((d) => [d.ECCComment, d.OrderLine, d.ReturnQty])).toEqual([['woo-refund:905', 1, 1]]);
    expect(t.epicor.tables.InvcDtls).toHaveLength(1);
    expect(t.epicor.orders()).toHaveLength(1);
  });

  it('parks on an unknown SKU with a visible reason and completes after the part exists and retry is sent', async () => {
    const t = setup();
    t.woo.addCapturedOrder(106, {
      line_items: [{ id: 1, name: 'x', product_id: 1, variation_id: 0, quantity: 1, sku: 'NEW-PART', price: 5, subtotal: '5.00', total: '5.00', total_tax: '0.00', meta_data: [] }],
    });
    const w = await t.worker();
    await w.runUntil(async () => {
      await t.notify(106);
      let status = await t.handle(106).query(orderStatusQuery);
      while (status.phase !== 'parked') status = await t.handle(106).query(orderStatusQuery);
      expect(status.parkedReason).toMatch(/UnknownSku: .*NEW-PART/);
      expect((await t.handle(106).describe()).memo?.parkedReason).toMatch(/NEW-PART/);
      expect(t.epicor.orders()).toHaveLength(0);
      t.epicor.tables.Parts.push({ PartNum: 'NEW-PART' });
      await t.handle(106).signal(retrySignal);
      await t.handle(106).result();
    });
    expect(t.epicor.orders()[0].lines.map((l) => l.PartNum)).toEqual(['NEW-PART']);
  });

  it('replays a reset of a completed import without a second order', async () => {
    const t = setup();
    t.woo.addCapturedOrder(107);
    const w = await t.worker();
    await w.runUntil(async () => {
      await t.notify(107);
      await t.handle(107).result();
      const { runId } = await t.handle(107).describe();
      const history = await t.handle(107).fetchHistory();
      const firstTaskCompleted = history.events!.find((e) => e.workflowTaskCompletedEventAttributes)!;
      await env.client.workflowService.resetWorkflowExecution({
        namespace: env.namespace ?? 'default',
        workflowExecution: { workflowId: t.handle(107).workflowId, runId },
        workflowTaskFinishEventId: firstTaskCompleted.eventId,
        requestId: `reset-${Date.now()}`,
        reason: 'test reset',
      });
      await env.client.workflow.getHandle(t.handle(107).workflowId).result();
    });
    expect(t.epicor.orders()).toHaveLength(1);
    expect(t.epicor.orders()[0].lines).toHaveLength(2);
  });

  it('puts a cancelled order on hold in Epicor', async () => {
    const t = setup();
    t.woo.addCapturedOrder(108);
    const w = await t.worker();
    await w.runUntil(async () => {
      await t.notify(108);
      await t.handle(108).result();
      Object.assign(t.woo.orders.get(108), { status: 'cancelled', date_modified_gmt: '2099-01-02T00:00:00' });
      await t.notify(108);
      expect((await t.handle(108).result()).cancelled).toBe('hold');
    });
    expect(t.epicor.orders()[0].OrderHeld).toBe(true);
  });
});

describe('catch-up', () => {
  it('brings every order to Epicor with webhooks switched off, and skips what a closed run already processed', async () => {
    const t = setup();
    t.woo.addCapturedOrder(201);
    t.woo.addCapturedOrder(202, { date_modified_gmt: '2026-11-29T12:00:00' });
    t.woo.addCapturedOrder(203, { status: 'checkout-draft' });
    const w = await t.worker();
    await w.runUntil(async () => {
      const handle = await env.client.workflow.start('wooCatchup', {
        workflowId: `woo-catchup-test-${Date.now()}`,
        taskQueue: t.config.temporal.taskQueue,
        args: [{ intervalSeconds: 1, state: {} }],
      });
      while (t.epicor.orders().length < 2) await new Promise((r) => setTimeout(r, 100));
      await t.handle(201).result();
      await t.handle(202).result();
      await new Promise((r) => setTimeout(r, 2500)); // two more passes over the overlap window
      await handle.terminate('test done');
    });
    expect(t.epicor.orders().map((o) => o.PONum).sort()).toEqual(['WEB-201', 'WEB-202']);
    expect((await t.handle(201).fetchHistory()).events!.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
  });
});
