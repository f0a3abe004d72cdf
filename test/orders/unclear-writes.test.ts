import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from './harness';

// The client gives up on a request after 1 s; a write the simulator holds for 3 s is committed after that.
// The retry (1 s backoff) would look for it at about 2 s and miss it, unless it waits for the write to settle.
const CLIENT_TIMEOUT_MS = '1000';
const LATE_MS = 3_000;

let env: TestWorkflowEnvironment;
let sims: Sims;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
});
afterAll(async () => {
  await sims?.close();
  await env?.teardown();
});

const oneMug = { customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }], shipping: '4.90' };

/** A worker whose Epicor requests time out after 1 s, and that waits `settleMs` before verifying a lost write. */
async function workerWith(settleMs: number, over: Record<string, string> = {}) {
  const config = sims.configWith({ EPICOR_TIMEOUT_MS: CLIENT_TIMEOUT_MS, EPICOR_WRITE_SETTLE_MS: String(settleMs), ...over });
  return { config, worker: await sims.startWorker(config) };
}

async function importOrder(settleMs: number, fault: Parameters<typeof sims.epicor.sim.faults.add>[0], over: Record<string, string> = {}) {
  const { config, worker } = await workerWith(settleMs, over);
  const faultId = sims.epicor.sim.faults.add(fault);
  try {
    const o = sims.placeOrder(oneMug);
    await sims.notify(o.id, config);
    const result = await sims.handle(o.id).result();
    const hit = sims.epicor.sim.faults.list().find((r) => r.id === faultId)?.hits;
    return { o, result, hit, config };
  } finally {
    sims.epicor.sim.faults.remove(faultId);
    await worker.shutdown();
  }
}

describe('a write Epicor commits after the client gave up on it', () => {
  it('is written once when it is an order line: the retry waits for it to settle, then finds it', async () => {
    // Header, line, shipping charge: the second MasterUpdate is the line's.
    const { o, result, hit } = await importOrder(LATE_MS, { kind: 'late-commit', method: 'POST', path: '/MasterUpdate', after: 1, times: 1, latencyMs: LATE_MS });
    expect(hit).toBe(1);
    const [order, ...more] = sims.ordersFor(o.poNum);
    expect(more).toHaveLength(0);
    expect(order.lines.map((l) => l.Reference)).toEqual([`woo-line:${o.lineIds[0]}`]);
    expect(order.miscCharges).toHaveLength(1);
    expect(result.lines).toEqual([1]);
  });

  it('is written once when it is the order header, and the order does not park on a duplicate PO', async () => {
    const { o, result, hit } = await importOrder(LATE_MS, { kind: 'late-commit', method: 'POST', path: '/MasterUpdate', times: 1, latencyMs: LATE_MS });
    expect(hit).toBe(1);
    expect(sims.ordersFor(o.poNum)).toHaveLength(1);
    expect(result.epicorOrderNum).toBe(sims.ordersFor(o.poNum)[0].OrderNum);
    expect(sims.ordersFor(o.poNum)[0].lines).toHaveLength(1);
  });

  /** Imports an order, then credits a refund while the simulator commits the RMACreditAdd late; returns the credits. */
  async function creditLate(settleMs: number) {
    const { config, worker } = await workerWith(settleMs);
    try {
      const o = sims.placeOrder(oneMug);
      await sims.notify(o.id, config);
      const { epicorOrderNum } = await sims.handle(o.id).result();
      sims.shipAll(o.poNum); // only shipped units are credited
      const faultId = sims.epicor.sim.faults.add({ kind: 'late-commit', method: 'POST', path: '/RMACreditAdd', times: 1, latencyMs: LATE_MS });
      sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
      await sims.notify(o.id, config);
      const { credits } = await sims.handle(o.id).result();
      expect(sims.epicor.sim.faults.list().find((r) => r.id === faultId)?.hits).toBe(1);
      sims.epicor.sim.faults.remove(faultId);
      return { credits, memos: () => sims.creditsFor(epicorOrderNum!) };
    } finally {
      await worker.shutdown();
    }
  }

  it('is written once when it is a credit memo (RMACreditAdd, which Epicor does not de-duplicate)', async () => {
    const { credits, memos } = await creditLate(LATE_MS);
    expect(credits).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(memos().map((m) => m.lines.length)).toEqual([1]);
  });

  it('really commits late: a retry that does not wait for it credits the line twice (why the wait exists)', async () => {
    const { memos } = await creditLate(0);
    await waitFor('the late credit memo line', () => memos()[0]?.lines.length === 2, 10_000);
  });
});

describe('activity attempts on the real server', () => {
  it('heartbeat while an Epicor request is slow, under a 20 s heartbeat timeout', async () => {
    const { config, worker } = await workerWith(0, { EPICOR_TIMEOUT_MS: '15000' });
    // A call every new order makes (the import pass reads no GetByID for a new order).
    const faultId = sims.epicor.sim.faults.add({ kind: 'latency', method: 'POST', path: '/ChangePartNumMaster', times: 1, latencyMs: 9_000 });
    try {
      const o = sims.placeOrder(oneMug);
      await sims.notify(o.id, config);
      await waitFor(
        'a heartbeat from the slow activity',
        async () => (await sims.handle(o.id).describe()).raw.pendingActivities?.some((a) => a.lastHeartbeatTime) || undefined,
        15_000,
      );
      const scheduled = (await sims.handle(o.id).fetchHistory()).events?.filter((e) => e.activityTaskScheduledEventAttributes) ?? [];
      expect(scheduled.map((e) => String(e.activityTaskScheduledEventAttributes?.heartbeatTimeout?.seconds))).toEqual(scheduled.map(() => '20'));
      await sims.handle(o.id).result();
      expect(sims.ordersFor(o.poNum)[0].lines).toHaveLength(1);
    } finally {
      sims.epicor.sim.faults.remove(faultId);
      await worker.shutdown();
    }
  });
});
