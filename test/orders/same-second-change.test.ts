import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { ImportPassResult } from '../../src/activities/orders/import-pass';
import type { WooOrderSnapshot } from '../../src/activities/orders/woo-order';
import { mayBeNewChange, wooChangedSignal, type OrderImportInput, type OrderImportResult } from '../../src/workflows/definitions/orders';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from './harness';

/**
 * WooCommerce's date_modified_gmt has 1-second resolution: a payment saved in the same second as the pending
 * state the workflow read carries the same timestamp, and must not be taken for the state already processed.
 */
describe('a wooChanged hint with the same date_modified_gmt as the processed state', () => {
  it('is treated as possibly new; only a strictly older one is stale', () => {
    const processed = '2026-03-01T10:00:05';
    expect(mayBeNewChange({ source: 'webhook', modifiedGmt: '2026-03-01T10:00:04' }, processed)).toBe(false);
    expect(mayBeNewChange({ source: 'webhook', modifiedGmt: processed }, processed)).toBe(true);
    expect(mayBeNewChange({ source: 'webhook', modifiedGmt: '2026-03-01T10:00:06' }, processed)).toBe(true);
    expect(mayBeNewChange({ source: 'operator' }, processed)).toBe(true);
    expect(mayBeNewChange({ source: 'catch-up', modifiedGmt: processed }, undefined)).toBe(true);
  });

  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('makes the workflow read the order again, so a payment saved in that second is imported', async () => {
    // WooCommerce stand-in: every read answers "pending" in the same second until the test lets the payment
    // through; each read waits for the test, so the test decides what arrives during which pass.
    const T = '2026-03-01T10:00:05';
    const reads: { release: (snap: WooOrderSnapshot) => void }[] = [];
    const pending: WooOrderSnapshot = { found: true, status: 'pending', number: '77', poNum: 'WEB-77', modifiedGmt: T, refundIds: [] };
    const taskQueue = uniqueTaskQueue('same-second');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: {
        importOrder: () => new Promise<ImportPassResult>((resolve) => reads.push({ release: (woo) => resolve({ woo, lines: [], added: [] }) })),
      },
    });
    const running = worker.run();
    try {
      const input: OrderImportInput = { store: 'same-second', wooOrderId: 77 };
      const handle = await env.client.workflow.start('orderImport', { taskQueue, workflowId: uniqueTaskQueue('woo-order-same-second'), args: [input] });

      // Pass 1 reads "pending" at T; a hint arriving meanwhile asks for another pass.
      await waitFor('the first read', () => reads.length === 1);
      await handle.signal(wooChangedSignal, { source: 'webhook' });
      reads[0].release(pending);
      // Pass 2: the payment is saved in the same second T; its webhook arrives while this read is still the
      // old pending state (the read happened just before the payment was committed).
      await waitFor('the second read', () => reads.length === 2);
      await handle.signal(wooChangedSignal, { source: 'webhook', modifiedGmt: T });
      reads[1].release(pending);
      // Pass 3 sees the paid order (here: gone from Woo, to end the test without the Epicor steps).
      await waitFor('a third read for the same-second change', () => reads.length === 3);
      reads[2].release({ found: false, refundIds: [] });
      const result = (await handle.result()) as OrderImportResult;
      expect(result.skipped).toBe('order not found in WooCommerce');
    } finally {
      worker.shutdown();
      await running;
    }
  });
});
