import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { ImportPassResult } from '../../src/activities/orders/import-pass';
import type { WooOrderSnapshot } from '../../src/activities/orders/woo-order';
import { orderStatusQuery, retrySignal, wooChangedSignal, type OrderImportInput, type OrderImportResult } from '../../src/workflows/definitions/orders';
import { connectToTestServer, testWorkflowBundle, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

/**
 * `retry` is for a parked order. One sent while a pass runs asks for one more pass after it; it must not linger
 * and end the next park the moment it happens (repeating the failing writes while the operator thinks it is parked).
 */
// Parking raises and resolves an alert; the channel itself is tested in test/alerts.
const alertChannel = { raiseAlert: async () => undefined, resolveAlert: async () => undefined };
/** The import pass's answer for a Woo read that found nothing to write in Epicor. */
const passOf = (woo: WooOrderSnapshot): ImportPassResult => ({ woo, lines: [], added: [] });

describe('a retry sent while an order pass is running', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectToTestServer();
  });
  afterAll(async () => env?.teardown());

  it('runs one more pass, and a later park stays parked until the next retry', async () => {
    // WooCommerce stand-in: each read waits for the test, which decides what it answers.
    const reads: { answer: (snap: WooOrderSnapshot | Error) => void }[] = [];
    const taskQueue = uniqueTaskQueue('retry-during-pass');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: {
        importOrder: () =>
          new Promise<ImportPassResult>((resolve, reject) => reads.push({ answer: (r) => (r instanceof Error ? reject(r) : resolve(passOf(r))) })),
        ...alertChannel,
      },
    });
    const running = worker.run();
    const unknownSku = () => ApplicationFailure.nonRetryable('SKU NEW-PART is not an Epicor part', 'UnknownSku');
    try {
      const input: OrderImportInput = { store: 'retry-during-pass', wooOrderId: 91 };
      const handle = await env.client.workflow.start('orderImport', { taskQueue, workflowId: uniqueTaskQueue('woo-order-retry'), args: [input] });

      // Pass 1 is running when the operator sends retry (and the order changes): it ends without parking.
      await waitFor('the first read', () => reads.length === 1);
      await handle.signal(retrySignal);
      await handle.signal(wooChangedSignal, { source: 'webhook' });
      reads[0].answer({ found: true, status: 'pending', number: '91', poNum: 'WEB-91', modifiedGmt: '2026-03-01T10:00:05', refundIds: [] });
      // Pass 2 parks.
      await waitFor('the second read', () => reads.length === 2);
      reads[1].answer(unknownSku());
      await waitFor('the park', async () => ((await handle.query(orderStatusQuery)).phase === 'parked' ? true : undefined));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(reads).toHaveLength(2);
      expect((await handle.query(orderStatusQuery)).phase).toBe('parked');

      // A retry sent now wakes it, as always.
      await handle.signal(retrySignal);
      await waitFor('the read after the retry', () => reads.length === 3);
      reads[2].answer({ found: false, refundIds: [] });
      expect(((await handle.result()) as OrderImportResult).skipped).toBe('order not found in WooCommerce');
    } finally {
      // Reads still waiting (a failed assertion) must end, or the worker's shutdown waits for them forever.
      for (const read of reads) read.answer({ found: false, refundIds: [] });
      worker.shutdown();
      await running;
    }
  });

  it('still gets its pass when the running pass parks (the fix may have come after that pass read)', async () => {
    const reads: { answer: (snap: WooOrderSnapshot | Error) => void }[] = [];
    const taskQueue = uniqueTaskQueue('retry-during-parking-pass');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: testWorkflowBundle(),
      activities: {
        importOrder: () =>
          new Promise<ImportPassResult>((resolve, reject) => reads.push({ answer: (r) => (r instanceof Error ? reject(r) : resolve(passOf(r))) })),
        ...alertChannel,
      },
    });
    const running = worker.run();
    try {
      const handle = await env.client.workflow.start('orderImport', { taskQueue, workflowId: uniqueTaskQueue('woo-order-retry'), args: [{ store: 'retry-during-pass', wooOrderId: 92 }] });
      await waitFor('the first read', () => reads.length === 1);
      await handle.signal(retrySignal);
      reads[0].answer(ApplicationFailure.nonRetryable('SKU NEW-PART is not an Epicor part', 'UnknownSku'));
      await waitFor('the pass the retry asked for', () => reads.length === 2);
      reads[1].answer({ found: false, refundIds: [] });
      await handle.result();
    } finally {
      // Reads still waiting (a failed assertion) must end, or the worker's shutdown waits for them forever.
      for (const read of reads) read.answer({ found: false, refundIds: [] });
      worker.shutdown();
      await running;
    }
  });
});
