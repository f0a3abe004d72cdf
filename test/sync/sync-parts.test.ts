import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { dryRunUpdate, pauseSignal, resetWatermarkUpdate, resumeSignal, syncNowSignal } from '../../src/workflows/definitions/sync';
import { connectToTestServer } from '../helpers/temporal';
import { MAX_ITEM_ATTEMPTS } from '../../src/activities/sync/cycle';
import { createSyncWorker, cyclesDone, failProductSaveAlways, part, startLoop, startSims, status, waitFor, type Sims } from './harness';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await connectToTestServer();
});
afterAll(async () => {
  await env?.teardown();
});

/** Fresh simulators and worker per test; the body runs while the worker does. */
async function withLoop(
  seed: Parameters<typeof startSims>[0],
  body: (ctx: { sims: Sims; worker: Worker; taskQueue: string }) => Promise<void>,
  configEnv: Record<string, string> = {},
  epicorOpts: { pageCap?: number } = {},
) {
  const sims = await startSims(seed, configEnv, epicorOpts);
  try {
    const { worker, taskQueue } = await createSyncWorker(env, sims.deps(env));
    await worker.runUntil(body({ sims, worker, taskQueue }));
  } finally {
    await sims.close();
  }
}

const batchWrites = (sims: Sims) => sims.woo.sim.calls.count('/products/batch', 'POST');

describe('sync-parts loop', () => {
  it('publishes web parts with exact price and sales unit, and a changed part shows up within one cycle', () =>
    withLoop({ parts: [part(1, { unitPrice: '19.99', salesUM: 'BX' }), part(2, { webPart: false })] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      expect(first.lastCycle).toMatchObject({ read: 2, written: 1 });

      const p1 = await sims.wooClient.findProductBySku('P-0001');
      expect(p1).toMatchObject({ name: 'Part 1', regular_price: '19.99', status: 'publish' });
      expect(p1!.meta_data).toEqual(expect.arrayContaining([expect.objectContaining({ key: '_epicor_sales_um', value: 'BX' })]));
      // Non-web parts are never created.
      expect(await sims.wooClient.findProductBySku('P-0002')).toBeUndefined();

      sims.epicor.sim.updatePart('P-0001', { unitPrice: '21.50', description: 'Renamed part' });
      const next = await cyclesDone(handle, 1, first.cycles);
      // P-0002 is re-read from the overlap window behind the watermark and costs nothing.
      expect(next.lastCycle).toMatchObject({ read: 2, written: 1, skippedUnchanged: 1, skippedInvalid: 0 });
      expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ name: 'Renamed part', regular_price: '21.50' });
      await handle.terminate();
    }));

  it('makes zero WooCommerce writes in a cycle where nothing changed, and skips rows it already wrote', () =>
    withLoop({ parts: [part(1), part(2), part(3)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      const writesAfterFirst = batchWrites(sims);
      expect(writesAfterFirst).toBeGreaterThan(0);

      await cyclesDone(handle, 2, first.cycles);
      expect(batchWrites(sims)).toBe(writesAfterFirst);

      // A full resync re-reads every row but writes none: the hash in meta says they are unchanged.
      const old = await handle.executeUpdate(resetWatermarkUpdate);
      expect(BigInt(old)).toBeGreaterThan(0n);
      const after = await waitFor('a cycle that re-read everything', async () => {
        const s = await status(handle);
        return s.lastCycle?.read === 3 && !s.running ? s : undefined;
      });
      expect(after.lastCycle).toMatchObject({ read: 3, written: 0, skippedUnchanged: 3 });
      expect(after.watermark).toBe(old);
      expect(batchWrites(sims)).toBe(writesAfterFirst);
      await handle.terminate();
    }));

  it('writes a 250-part initial sync in batches of at most 100', () =>
    withLoop(
      { parts: Array.from({ length: 250 }, (_, i) => part(i + 1)) },
      async ({ sims, taskQueue }) => {
        const handle = await startLoop(env, 'syncParts', taskQueue);
        const s = await cyclesDone(handle, 1);
        expect(s.lastCycle).toMatchObject({ read: 250, written: 250, failed: 0 });
        // One Epicor page of 250 rows: the writer must split it (WooCommerce answers 413 above 100 items).
        expect(batchWrites(sims)).toBe(3);
        await handle.terminate();
      },
      { EPICOR_PAGE_SIZE: '250' },
      { pageCap: 1000 },
    ));

  it('stops writing while paused and catches up on resume', () =>
    withLoop({ parts: [part(1)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      await cyclesDone(handle, 1);
      await handle.signal(pauseSignal);
      await waitFor('paused and idle', async () => {
        const s = await status(handle);
        return s.paused && !s.running;
      });
      const writes = batchWrites(sims);
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '11.00' });
      await new Promise((r) => setTimeout(r, 2500)); // more than two intervals
      expect(batchWrites(sims)).toBe(writes);
      expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ regular_price: '10.00' });

      await handle.signal(resumeSignal);
      await waitFor('the price after resume', async () => (await sims.wooClient.findProductBySku('P-0001'))?.regular_price === '11.00');
      await handle.terminate();
    }));

  it('runs a cycle at once on syncNow instead of waiting for the interval', () =>
    withLoop({ parts: [part(1)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue, { interval: '1h' });
      const first = await cyclesDone(handle, 1);
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '12.00' });
      await handle.signal(syncNowSignal);
      await cyclesDone(handle, 1, first.cycles);
      expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ regular_price: '12.00' });
      await handle.terminate();
    }));

  it('does not lose a row changed while a cycle is writing', () =>
    withLoop({ parts: [part(1), part(2)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      // Slow down the next batch write, and change another part while it hangs.
      sims.woo.sim.faults.add({ kind: 'latency', latencyMs: 1500, path: '/products/batch', method: 'POST', times: 1 });
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '15.00' });
      await waitFor('the slow cycle to start', async () => (await status(handle)).running);
      await new Promise((r) => setTimeout(r, 500));
      sims.epicor.sim.updatePart('P-0002', { unitPrice: '25.00' });

      await waitFor('both changes in WooCommerce', async () => {
        const [a, b] = await Promise.all([sims.wooClient.findProductBySku('P-0001'), sims.wooClient.findProductBySku('P-0002')]);
        return a?.regular_price === '15.00' && b?.regular_price === '25.00';
      });
      const s = await status(handle);
      expect(s.cycles).toBeGreaterThan(first.cycles);
      expect(BigInt(s.watermark)).toBeGreaterThanOrEqual(BigInt(String(sims.epicor.sim.part('P-0002')!.SysRevID)));
      await handle.terminate();
    }));

  it('reports a WooCommerce batch item error and goes on with the next records and cycles', () =>
    withLoop({ parts: [part(1), part(2)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      const p1 = (await sims.wooClient.findProductBySku('P-0001'))!;
      // WooCommerce answers 200 with a per-item error (reference §3.6).
      sims.woo.sim.faults.add({
        kind: 'status',
        status: 200,
        path: '/products/batch',
        method: 'POST',
        times: 1,
        body: { update: [{ id: p1.id, error: { code: 'woocommerce_rest_invalid_param', message: 'Invalid parameter(s): regular_price', data: { status: 400 } } }] },
      });
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '99.00' });
      const failed = await waitFor('the failed item to be reported', async () => {
        const s = await status(handle);
        return s.totals.failed === 1 ? s : undefined;
      });
      expect(failed.lastError).toContain('P-0001');
      expect(failed.recentErrors.join('\n')).toContain('regular_price');

      sims.epicor.sim.updatePart('P-0002', { unitPrice: '42.00' });
      await waitFor('the loop to go on', async () => (await sims.wooClient.findProductBySku('P-0002'))?.regular_price === '42.00');
      // The write lands before the workflow records the cycle as finished: wait for the count, don't race it.
      await waitFor('more cycles after the failure', async () => (await status(handle)).cycles > first.cycles + 1);
      await handle.terminate();
    }));

  it('picks up a row that commits late with a SysRevID below the watermark', () =>
    withLoop({ parts: [part(1), part(2)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue, { interval: '1h' });
      const first = await cyclesDone(handle, 1);
      const watermark = BigInt(first.watermark);

      // SQL Server stamps the rowversion at write time, but the row is visible only at commit: a long
      // transaction's row shows up after the loop already read (and moved past) a higher SysRevID. The
      // simulator commits at once, so the late row's SysRevID is set below the watermark by hand.
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '15.00' });
      const store = sims.epicor.sim['store'];
      store.parts.get('EPIC06', 'P-0001')!.SysRevID = watermark - 5n;
      sims.epicor.sim.updatePart('P-0002', { unitPrice: '25.00' });

      await handle.signal(syncNowSignal);
      const next = await cyclesDone(handle, 1, first.cycles);
      expect(next.lastCycle).toMatchObject({ read: 2, written: 2, failed: 0 });
      expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ regular_price: '15.00' });
      expect(await sims.wooClient.findProductBySku('P-0002')).toMatchObject({ regular_price: '25.00' });
      // The overlap never drags the watermark back: it stays at the highest SysRevID processed.
      expect(next.watermark).toBe(String(sims.epicor.sim.part('P-0002')!.SysRevID));
      await handle.terminate();
    }));

  it('retries a batch item that WooCommerce failed with a 5xx instead of counting it failed and moving on', () =>
    withLoop({ parts: [part(1), part(2)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      const p1 = (await sims.wooClient.findProductBySku('P-0001'))!;
      // HTTP 200 for the batch, but the item itself failed on the server (reference §3.6): not the record's fault.
      sims.woo.sim.faults.add({
        kind: 'status',
        status: 200,
        path: '/products/batch',
        method: 'POST',
        times: 1,
        body: { update: [{ id: p1.id, error: { code: 'internal_server_error', message: 'Error establishing a database connection', data: { status: 500 } } }] },
      });
      const writes = batchWrites(sims);
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '99.00' });

      await waitFor('the retried item in WooCommerce', async () => (await sims.wooClient.findProductBySku('P-0001'))?.regular_price === '99.00');
      const s = await cyclesDone(handle, 1, first.cycles);
      expect(batchWrites(sims)).toBe(writes + 2); // the failed attempt, then Temporal's retry
      expect(s.totals.failed).toBe(0);
      expect(s.recentErrors).toEqual([]);
      expect(s.lastError).toBeUndefined();
      expect(BigInt(s.watermark)).toBeGreaterThanOrEqual(BigInt(String(sims.epicor.sim.part('P-0001')!.SysRevID)));
      await handle.terminate();
    }));

  it('gives up on a batch item that always fails with a 5xx after a bounded number of attempts, and the loop moves on', () =>
    // Two rows per page: P-0001 and P-0002 share the first page, P-0003 is on the second.
    withLoop(
      { parts: [part(1), part(2), part(3)] },
      async ({ sims, taskQueue }) => {
        failProductSaveAlways(sims, 'P-0002');
        const handle = await startLoop(env, 'syncParts', taskQueue);

        // While the page is retried the loop says so, instead of only `running: true`.
        const retrying = await waitFor('a retry note in status', async () => {
          const s = await status(handle);
          return s.running && s.retrying && s.retrying.attempt >= 2 ? s.retrying : undefined;
        });
        expect(retrying.error).toMatch(/^WooCommerce failed on a batch item, retrying: P-0002: .*Error establishing a database connection.* \(attempt \d of 5\)$/);

        const s = await cyclesDone(handle, 1);
        expect(s.retrying).toBeUndefined();
        // P-0001 was written by the first attempt, whose counts are dropped with it; the last attempt finds it unchanged.
        expect(s.lastCycle).toMatchObject({ read: 3, written: 1, skippedUnchanged: 1, failed: 1 });
        expect(s.recentErrors).toEqual([expect.stringMatching(new RegExp(`^P-0002: .*Error establishing a database connection.* \\(gave up after ${MAX_ITEM_ATTEMPTS} attempts\\)$`))]);
        expect(s.lastError).toBe(s.recentErrors[0]);
        // The other item of the page and the later page are written; the watermark is past the failed row.
        expect(await sims.wooClient.findProductBySku('P-0001')).toBeDefined();
        expect(await sims.wooClient.findProductBySku('P-0003')).toBeDefined();
        expect(await sims.wooClient.findProductBySku('P-0002')).toBeUndefined();
        expect(s.watermark).toBe(String(sims.epicor.sim.part('P-0003')!.SysRevID));
        // The first page once per attempt (P-0001 is unchanged after the first, so only P-0002 is resent), then page two.
        expect(batchWrites(sims)).toBe(MAX_ITEM_ATTEMPTS + 1);
        await handle.terminate();
      },
      { EPICOR_PAGE_SIZE: '2' },
    ));

  it('retries Epicor 500 and 429 answers, then succeeds', () =>
    withLoop({ parts: [part(1)] }, async ({ sims, taskQueue }) => {
      sims.epicor.sim.addFault({ kind: 'status', status: 500, path: 'Parts', method: 'GET', times: 1 });
      sims.epicor.sim.addFault({ kind: 'status', status: 429, path: 'Parts', method: 'GET', times: 1 });
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const s = await cyclesDone(handle, 1);
      expect(s.lastCycle).toMatchObject({ read: 1, written: 1, failed: 0 });
      expect(s.lastError).toBeUndefined();
      expect(sims.epicor.sim.calls.count('/Parts', 'GET')).toBeGreaterThanOrEqual(3); // two refused, then served
      expect(await sims.wooClient.findProductBySku('P-0001')).toBeDefined();
      await handle.terminate();
    }));

  it('dry run reports what would be created, updated or skipped, and writes nothing', () =>
    withLoop({ parts: [part(1), part(2), part(3, { unitPrice: '0' })] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue, { interval: '1h' });
      const first = await cyclesDone(handle, 1);
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '30.00' });
      sims.epicor.sim.seed({ parts: [part(4)] });
      const writes = batchWrites(sims);

      const dry = await handle.executeUpdate(dryRunUpdate, { args: [{}] });
      // P-0002 and the unpriced P-0003 come from the overlap window: already handled, so unchanged.
      expect(dry.counts).toEqual({ read: 4, create: 1, update: 1, unchanged: 2, invalid: 0 });
      expect(dry.create).toEqual(['P-0004']);
      expect(dry.update).toEqual(['P-0001']);
      expect(BigInt(dry.wouldAdvanceTo)).toBeGreaterThan(BigInt(dry.fromWatermark));

      const full = await handle.executeUpdate(dryRunUpdate, { args: [{ full: true }] });
      expect(full.counts).toMatchObject({ read: 4, create: 1, update: 1, unchanged: 1, invalid: 1 });
      expect(full.invalid[0]).toContain('P-0003');

      expect(batchWrites(sims)).toBe(writes);
      expect(await sims.wooClient.findProductBySku('P-0004')).toBeUndefined();
      const s = await status(handle);
      expect(s.watermark).toBe(first.watermark);
      expect(s.cycles).toBe(first.cycles);
      await handle.terminate();
    }));

  it('takes a part off sale when it leaves the web catalog, goes inactive or loses its price, and never creates an unpriced one', () =>
    withLoop({ parts: [part(1), part(2), part(3)] }, async ({ sims, taskQueue }) => {
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      sims.epicor.sim.updatePart('P-0001', { webPart: false });
      sims.epicor.sim.updatePart('P-0002', { inActive: true });
      sims.epicor.sim.updatePart('P-0003', { unitPrice: '0' });
      sims.epicor.sim.seed({ parts: [part(4, { unitPrice: '-5.00' })] });
      const s = await cyclesDone(handle, 1, first.cycles);
      // P-0003 was on sale at 10.00: left published it would keep selling at a price Epicor no longer has.
      expect(s.lastCycle).toMatchObject({ read: 4, written: 3, skippedInvalid: 2, failed: 0 });
      expect(s.recentSkips).toEqual([
        expect.stringMatching(/^P-0003: UnitPrice is 0.*withdrawn \(draft\)/),
        expect.stringContaining('P-0004: negative UnitPrice'),
      ]);
      expect(await sims.wooClient.findProductBySku('P-0001')).toMatchObject({ status: 'draft' });
      expect(await sims.wooClient.findProductBySku('P-0002')).toMatchObject({ status: 'private' });
      expect(await sims.wooClient.findProductBySku('P-0003')).toMatchObject({ status: 'draft', regular_price: '10.00' });
      expect(await sims.wooClient.findProductBySku('P-0004')).toBeUndefined();

      // Withdrawn once: later cycles re-read the rows but neither write nor report them again.
      const writes = batchWrites(sims);
      const idle = await cyclesDone(handle, 1, s.cycles);
      expect(idle.lastCycle).toMatchObject({ written: 0, skippedInvalid: 0 });
      expect(batchWrites(sims)).toBe(writes);

      // Priced again: back on sale at the new price.
      sims.epicor.sim.updatePart('P-0003', { unitPrice: '12.00' });
      await waitFor('P-0003 back on sale', async () => {
        const p3 = await sims.wooClient.findProductBySku('P-0003');
        return p3?.status === 'publish' && p3.regular_price === '12.00';
      });
      await handle.terminate();
    }));

  it('reports a SKU held by a product in the WooCommerce trash once, in words an owner can act on', () =>
    withLoop({ parts: [part(1)] }, async ({ sims, taskQueue }) => {
      const [trashed] = sims.woo.sim.seedProducts([{ sku: 'P-0001', name: 'Old mug', regular_price: '9.00' }]) as { id: number }[];
      await sims.wooClient.request('DELETE', `/products/${trashed.id}`);
      const handle = await startLoop(env, 'syncParts', taskQueue);
      const first = await cyclesDone(handle, 1);
      expect(first.lastCycle).toMatchObject({ written: 0, skippedInvalid: 1, failed: 0 });
      expect(first.recentSkips).toEqual([
        `P-0001: not published: product #${trashed.id} "Old mug" is in the WooCommerce trash and still holds this SKU. ` +
          "Restore it or delete it permanently (Products > Trash); the connector picks it up at the part's next change or the nightly reconcile",
      ]);
      expect(first.recentErrors).toEqual([]);
      // Later cycles re-read the row (overlap window) without repeating the report or trying to write.
      const writes = batchWrites(sims);
      const later = await cyclesDone(handle, 2, first.cycles);
      expect(later.lastCycle).toMatchObject({ written: 0, skippedInvalid: 0, failed: 0 });
      expect(later.recentSkips).toHaveLength(1);
      expect(batchWrites(sims)).toBe(writes);

      // The owner deletes it for good; the part's next change creates the product.
      await sims.wooClient.request('DELETE', `/products/${trashed.id}`, { query: { force: true } });
      sims.epicor.sim.updatePart('P-0001', { unitPrice: '11.00' });
      await waitFor('P-0001 created', async () => (await sims.wooClient.findProductBySku('P-0001'))?.regular_price === '11.00');
      await handle.terminate();
    }));

  it('can follow Part.ChangedOn instead of SysRevID, re-reading an overlap window without rewriting it', () =>
    withLoop(
      { parts: [part(1), part(2)] },
      async ({ sims, taskQueue }) => {
        const handle = await startLoop(env, 'syncParts', taskQueue, { cursor: 'ChangedOn' });
        const first = await cyclesDone(handle, 1);
        expect(first).toMatchObject({ cursor: 'ChangedOn', lastCycle: { read: 2, written: 2 } });
        expect(first.watermark).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const writes = batchWrites(sims);

        // The overlap re-reads recent rows every cycle; their hash says unchanged, so nothing is written.
        const idle = await cyclesDone(handle, 1, first.cycles);
        expect(idle.lastCycle).toMatchObject({ written: 0, skippedUnchanged: 2 });
        expect(batchWrites(sims)).toBe(writes);

        sims.epicor.sim.updatePart('P-0002', { unitPrice: '33.00' });
        await waitFor('the ChangedOn pickup', async () => (await sims.wooClient.findProductBySku('P-0002'))?.regular_price === '33.00');
        await handle.terminate();
      },
      { SYNC_OVERLAP_SECONDS: '60' },
    ));
});
