import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createSyncActivities } from '../src/activities/sync';
import { loadConfig } from '../src/config';
import { createEpicorClient } from '../src/epicor';
import { createWooClient } from '../src/woocommerce';
import { statusQuery } from '../src/workflows/definitions/sync';
import { benchPart } from './catalog-sims';

interface SimUrls {
  epicorBaseUrl: string;
  epicorAdmin: string;
  wooBaseUrl: string;
  wooAdmin: string;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Parts sync at catalog scale, the simulators in their own process: Woo write requests for 100 changed parts
 * and for an unchanged cycle, the worker's peak RSS, and history events per cycle.
 */
export async function catalogScale(client: Client, address: string, namespace: string, bundle: { codePath: string }, parts: number) {
  const sims = spawn(process.execPath, ['--require', 'tsx/cjs', require.resolve('./catalog-sims')], { env: { ...process.env, BENCH_CATALOG_PARTS: String(parts) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const urls: SimUrls = await new Promise((resolve, reject) => {
    createInterface({ input: sims.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
    sims.once('exit', (code) => reject(new Error(`simulators exited ${code}`)));
  });
  const config = loadConfig({ SANDBOX: '1', EPICOR_BASE_URL: urls.epicorBaseUrl, WOO_BASE_URL: urls.wooBaseUrl, TEMPORAL_NAMESPACE: namespace });
  const epicor = createEpicorClient(config.epicor);
  const woo = createWooClient(config.woo);
  const native = await NativeConnection.connect({ address });
  const taskQueue = `bench-catalog-${randomUUID()}`;
  const worker = await Worker.create({ connection: native, namespace, taskQueue, workflowBundle: bundle, activities: createSyncActivities({ config, epicor, woo, temporal: client }) });
  const wooWrites = async () => ((await (await fetch(`${urls.wooAdmin}/calls`)).json()) as { method: string }[]).filter((c) => WRITE.has(c.method)).length;
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  try {
    return await worker.runUntil(async () => {
      const handle = await client.workflow.start('syncParts', { workflowId: `bench-catalog-${randomUUID()}`, taskQueue, args: [{ interval: '2s' }] });
      const cycles = async () => (await handle.query(statusQuery)).cycles;
      const until = async (n: number) => {
        while ((await cycles()) < n) await new Promise((r) => setTimeout(r, 200));
      };
      const t0 = performance.now();
      await until(1);
      const initialSeconds = (performance.now() - t0) / 1000;
      // 100 parts change price in Epicor; the next full cycle after that carries them.
      const w0 = await wooWrites();
      for (let i = 0; i < 100; i++) {
        const p = benchPart(i * Math.max(1, Math.floor(parts / 100)));
        await fetch(`${urls.epicorAdmin}/parts/${p.partNum}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unitPrice: `${Number(p.unitPrice) + 1}.00`.replace(/\.(\d+)\.00$/, '.$1') }) });
      }
      const c = await cycles();
      await until(c + 2);
      const w1 = await wooWrites();
      const c2 = await cycles();
      await until(c2 + 1);
      const w2 = await wooWrites();
      const history = await handle.fetchHistory();
      const events = history.events?.length ?? 0;
      const cyclesRun = await cycles();
      // Cycles are separated by the loop's interval timer: what comes before the first firing is the full import.
      const firstTimer = history.events?.findIndex((e) => e.timerFiredEventAttributes) ?? -1;
      const firstCycleEvents = firstTimer < 0 ? events : firstTimer;
      await handle.terminate('bench done');
      const totalSeconds = (performance.now() - t0) / 1000;
      return { parts, initialSeconds: +initialSeconds.toFixed(1), totalSeconds: +totalSeconds.toFixed(1), cycles: cyclesRun, historyEvents: events, wooWritesFirstCycle: w0, wooWritesPer100Changed: w1 - w0, wooWritesUnchangedCycle: w2 - w1, workerRssStartMiB: +(rssStart / 1048576).toFixed(1), workerRssPeakMiB: +(rssPeak / 1048576).toFixed(1), historyEventsPerCycle: +(events / cyclesRun).toFixed(1), historyEventsFirstCycle: firstCycleEvents, historyEventsPerLaterCycle: +((events - firstCycleEvents) / Math.max(1, cyclesRun - 1)).toFixed(1) };
    });
  } finally {
    clearInterval(sampler);
    await Promise.allSettled([epicor.close(), woo.close()]);
    await native.close();
    sims.kill('SIGTERM');
  }
}
