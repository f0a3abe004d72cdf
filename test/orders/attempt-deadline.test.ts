import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { activityRequestScope } from '../../src/activities/attempt';
import { readOrderLines } from '../../src/activities/orders/epicor-order';
import { guard } from '../../src/activities/orders/failures';
import { createEpicorClient, type EpicorClient } from '../../src/epicor';
import { requestTimeout } from '../../src/http/request-scope';
import { startEpicorSimulator, type RunningEpicorSimulator } from '../../src/sandbox/epicor';
import { simConfig } from '../epicor/sim-config';
import { startWooSimulator } from '../../src/sandbox/woocommerce';
import { createWooClient } from '../../src/woocommerce';
import { wooConfig } from '../woocommerce/sim';

// One activity body run in the SDK's activity context against a simulator that never answers the order lines.
let sim: RunningEpicorSimulator;
let epicor: EpicorClient;

beforeAll(async () => {
  sim = await startEpicorSimulator();
  // 30 s per request, as configured by default: only the attempt's own limits can end the request earlier.
  epicor = createEpicorClient(simConfig(sim.baseUrl, { timeoutMs: 30_000 }), { scope: activityRequestScope });
  sim.sim.faults.add({ kind: 'hang', method: 'GET', path: '/OrderDtls', hangMs: 60_000 });
});
afterAll(async () => {
  await epicor?.close();
  await sim?.close();
});

const readLines = () => guard(() => readOrderLines(epicor, 5001));

describe('an Epicor request inside an activity attempt', () => {
  it('ends before the attempt start-to-close, as a retryable timeout the attempt reports itself', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 3_000 });
    const started = Date.now();
    const err = await env.run(readLines).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe('Epicor:timeout');
    // 3 s minus the 300 ms kept to report the failure.
    expect(took).toBeGreaterThanOrEqual(2_500);
    expect(took).toBeLessThan(5_000); // not the configured 30 s; a loaded machine fires timers late
  });

  it('is aborted when the activity is cancelled, and the activity ends as cancelled', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 120_000 });
    const started = Date.now();
    setTimeout(() => env.cancel(), 300);
    const err = await env.run(readLines).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledFailure);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('heartbeats while the request runs, at a third of the heartbeat timeout', async () => {
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 120_000, heartbeatTimeoutMs: 600 });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    setTimeout(() => env.cancel(), 1_100);
    await env.run(readLines).catch(() => undefined);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats[0]).toEqual({ unclear: 0 });
  });
});

describe('a WooCommerce request inside an activity attempt', () => {
  it('is aborted when the activity is cancelled too', async () => {
    const woo = await startWooSimulator();
    const client = createWooClient(wooConfig(woo.baseUrl, { timeoutMs: 30_000 }), { scope: activityRequestScope });
    woo.sim.faults.add({ kind: 'hang', method: 'GET', path: '/wp-json/wc/v3/orders', hangMs: 60_000 });
    try {
      const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 120_000 });
      const started = Date.now();
      setTimeout(() => env.cancel(), 300);
      const err = await env.run(() => guard(() => client.getOrder(1))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledFailure);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await client.close();
      await woo.close();
    }
  });
});

describe('a write whose answer was lost', () => {
  it.each([
    ['a gateway timeout (504)', { kind: 'status' as const, status: 504 }],
    ['a connection reset', { kind: 'reset' as const }],
  ])('after %s, is heartbeated as unsettled for EPICOR_WRITE_SETTLE_MS, so the next attempt waits before it looks', async (_what, fault) => {
    const settling = createEpicorClient(simConfig(sim.baseUrl, { timeoutMs: 30_000, writeSettleMs: 5_000 }), { scope: activityRequestScope });
    const id = sim.sim.faults.add({ ...fault, method: 'POST', path: '/GetNewOrderHed', times: 1 });
    try {
      const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 120_000 });
      const beats: { unsettledUntil?: number }[] = [];
      env.on('heartbeat', (d: { unsettledUntil?: number }) => beats.push(d));
      const failedAt = Date.now();
      await expect(env.run(() => guard(() => settling.call('Erp.BO.SalesOrderSvc', 'GetNewOrderHed', { ds: { OrderHed: [] } })))).rejects.toBeInstanceOf(ApplicationFailure);
      const until = beats[beats.length - 1].unsettledUntil!;
      expect(until - failedAt).toBeGreaterThanOrEqual(4_500);
      expect(until - failedAt).toBeLessThanOrEqual(6_000);
    } finally {
      sim.sim.faults.remove(id);
      await settling.close();
    }
  });
});

describe('requestTimeout', () => {
  it('is the configured timeout, cut to what is left before the deadline', () => {
    expect(requestTimeout(30_000, undefined, 1_000)).toBe(30_000);
    expect(requestTimeout(30_000, 100_000, 90_000)).toBe(10_000);
    expect(requestTimeout(30_000, 100_000, 10_000)).toBe(30_000);
    expect(requestTimeout(30_000, 100_000, 101_000)).toBe(-1_000);
  });
});
