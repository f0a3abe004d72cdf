import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectToTestServer } from '../helpers/temporal';
import { JORG, startOrderSims, waitFor, type Sims } from './harness';

let env: TestWorkflowEnvironment;
let sims: Sims;
let child: ChildProcess | undefined;

beforeAll(async () => {
  env = await connectToTestServer();
  sims = await startOrderSims(env);
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await sims?.close();
  await env?.teardown();
});

function startWorkerProcess(over: Record<string, string>): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'worker-process.ts')], {
    env: { ...process.env, WORKER_ENV: JSON.stringify(over), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(proc));
    proc.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

describe('a worker that dies in the middle of an Epicor write', () => {
  it('is noticed within the heartbeat timeout, and its write that Epicor commits after the retry started is not written again', async () => {
    const over = { EPICOR_TIMEOUT_MS: '40000', EPICOR_WRITE_SETTLE_MS: '2000' };
    const config = sims.configWith(over);
    child = await startWorkerProcess({
      SANDBOX: '1',
      EPICOR_BASE_URL: config.epicor.baseUrl,
      WOO_BASE_URL: config.woo.baseUrl,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      WOO_TIMEOUT_MS: '5000',
      ...over,
    });
    const o = sims.placeOrder({ customer_email: JORG, line_items: [{ sku: 'MUG-CAFE-350', quantity: 1 }] });
    await sims.notify(o.id, config);
    const { epicorOrderNum } = await sims.handle(o.id).result();

    // The refund's RMACreditAdd (which Epicor does not de-duplicate) reaches Epicor, which commits it 35 s later,
    // well after the retry has started (20 s heartbeat timeout). The retry must wait for it: the dead attempt
    // heartbeated that the write was in flight with up to 40 s (+2 s settle) to go.
    const fault = sims.epicor.sim.faults.add({ kind: 'late-commit', method: 'POST', path: '/RMACreditAdd', times: 1, latencyMs: 35_000 });
    sims.shipAll(o.poNum); // only shipped units are credited
    sims.woo.sim.createRefund(o.id, { line_items: [{ id: o.lineIds[0], quantity: 1 }] });
    await sims.notify(o.id, config);
    await waitFor('the credit to reach Epicor', () => sims.epicor.sim.faults.list().find((r) => r.id === fault)?.hits === 1, 20_000);
    const commitsAt = Date.now() + 35_000;
    await new Promise((r) => setTimeout(r, 1_500)); // the in-flight record's heartbeat (throttled to one a second)
    child.kill('SIGKILL');
    const killedAt = Date.now();

    const worker = await sims.startWorker(config);
    // Why each attempt ended, as the server shows it while the activity is pending: only the last one reaches the
    // history, and under load a later attempt may end otherwise (waiting for the write to settle) and hide it.
    const seen = new Set<unknown>();
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const pending = (await sims.handle(o.id).describe().catch(() => undefined))?.raw.pendingActivities ?? [];
        for (const a of pending) if (a.lastFailure) seen.add(a.lastFailure.timeoutFailureInfo?.timeoutType);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    try {
      const { credits } = await sims.handle(o.id).result();
      watching = false;
      await watch;
      // Not the 2-minute start-to-close: the 20 s heartbeat timeout, then the wait for the write to settle.
      expect(Date.now() - killedAt).toBeLessThan(80_000);
      expect(credits).toHaveLength(1);
      await new Promise((r) => setTimeout(r, Math.max(0, commitsAt - Date.now()) + 1_000));
      expect(sims.creditsFor(epicorOrderNum!).map((m) => m.lines.length)).toEqual([1]);
      // The attempt that ran on the new worker records why the one before it ended.
      const lastFailures = ((await sims.handle(o.id).fetchHistory()).events ?? []).map((e) => e.activityTaskStartedEventAttributes?.lastFailure).filter(Boolean);
      for (const f of lastFailures) seen.add(f?.timeoutFailureInfo?.timeoutType);
      expect([...seen]).toContain(temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    } finally {
      watching = false;
      sims.epicor.sim.faults.remove(fault);
      await worker.shutdown();
    }
  }, 150_000);
});
