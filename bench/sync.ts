import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createSyncActivities } from '../src/activities/sync';
import { loadConfig } from '../src/config';
import { createEpicorClient } from '../src/epicor';
import { createWooClient } from '../src/woocommerce';
import { startEpicorSimulator, type SimPartInput } from '../src/sandbox/epicor';
import { startWooSimulator } from '../src/sandbox/woocommerce';
import { resetWatermarkUpdate, statusQuery } from '../src/workflows/definitions/sync';
import { mib } from './stats';

const part = (n: number): SimPartInput => ({
  partNum: `B-${String(n).padStart(6, '0')}`,
  description: `Bench part ${n}, steel, ${n % 50} mm`,
  unitPrice: `${(n % 900) + 1}.${String(n % 100).padStart(2, '0')}`,
  salesUM: 'EA',
  webPart: true,
  inActive: false,
});

interface SyncRun {
  parts: number;
  initialSeconds: number;
  unchangedSeconds: number;
  wooWritesUnchanged: number;
  historyEvents: number;
  historyBytes: number;
  rssPeak: number;
}

async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One initial sync of `count` parts, then a full resync of the unchanged catalog; history measured after both. */
async function run(env: TestWorkflowEnvironment, bundle: { codePath: string }, count: number): Promise<SyncRun> {
  const epicor = await startEpicorSimulator({ seed: { parts: Array.from({ length: count }, (_, i) => part(i)) } });
  const woo = await startWooSimulator({});
  const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: epicor.baseUrl, WOO_BASE_URL: woo.baseUrl });
  const epicorClient = createEpicorClient(config.epicor);
  const wooClient = createWooClient(config.woo);
  const taskQueue = `bench-sync-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createSyncActivities({ config, epicor: epicorClient, woo: wooClient, temporal: env.client }),
  });
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  try {
    return await worker.runUntil(async () => {
      const t0 = performance.now();
      const handle = await env.client.workflow.start('syncParts', { workflowId: `bench-sync-parts-${randomUUID()}`, taskQueue, args: [{ interval: '1h' }] });
      await until(async () => (await handle.query(statusQuery)).cycles >= 1);
      const initialSeconds = (performance.now() - t0) / 1000;
      const written = (await handle.query(statusQuery)).totals.written;
      if (written !== count) throw new Error(`initial sync wrote ${written} of ${count}`);

      const batchesBefore = woo.sim.calls.count('/products/batch', 'POST');
      const t1 = performance.now();
      // A full resync over an unchanged catalog: every part is read and compared, none is written.
      await handle.executeUpdate(resetWatermarkUpdate);
      await until(async () => (await handle.query(statusQuery)).cycles >= 2);
      const unchangedSeconds = (performance.now() - t1) / 1000;
      const wooWritesUnchanged = woo.sim.calls.count('/products/batch', 'POST') - batchesBefore;

      const history = await handle.fetchHistory();
      await handle.terminate();
      return {
        parts: count,
        initialSeconds,
        unchangedSeconds,
        wooWritesUnchanged,
        historyEvents: history.events?.length ?? 0,
        historyBytes: JSON.stringify(history).length,
        rssPeak,
      };
    });
  } finally {
    clearInterval(sampler);
    await epicorClient.close();
    await wooClient.close();
    await epicor.close();
    await woo.close();
  }
}

/**
 * Sync throughput and the promise that catalog data never enters workflow history: the history of two
 * cycles should be about the same size for a small and a ten times larger catalog.
 */
export async function benchSync(env: TestWorkflowEnvironment, bundle: { codePath: string }, small = 200, large = 2000): Promise<string[]> {
  const a = await run(env, bundle, small);
  const b = await run(env, bundle, large);
  const line = (r: SyncRun) =>
    `  ${r.parts} parts: initial sync ${r.initialSeconds.toFixed(2)} s (${(r.parts / r.initialSeconds).toFixed(0)} parts/s), ` +
    `full resync of the unchanged catalog ${r.unchangedSeconds.toFixed(2)} s with ${r.wooWritesUnchanged} Woo batch writes, ` +
    `history ${r.historyEvents} events / ${(r.historyBytes / 1024).toFixed(1)} KiB, process RSS peak ${mib(r.rssPeak)}`;
  return [
    'Epicor -> WooCommerce parts sync (simulators on loopback, real Temporal):',
    line(a),
    line(b),
    `  ratio ${large}/${small} parts: time ${(b.initialSeconds / a.initialSeconds).toFixed(1)}x, history bytes ${(b.historyBytes / a.historyBytes).toFixed(2)}x, history events ${(b.historyEvents / a.historyEvents).toFixed(2)}x`,
  ];
}
