import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Config } from '../config';
import { WooOrderId } from './search-attributes';
import {
  CATCHUP_WORKFLOW_ID,
  orderWorkflowId,
  storeKey,
  wooChangedSignal,
  type WooChanged,
} from '../workflows/definitions/orders';

/**
 * The one way an order workflow is started, shared by the webhook and the catch-up so duplicates and races
 * converge on one workflow id per store and order.
 *
 * ID reuse: ALLOW_DUPLICATE (the default) on purpose. An order workflow completes once Epicor matches
 * WooCommerce; a later change (refund, cancellation) starts a fresh run under the same id, which looks the
 * order up by PONum and the credits up by refund id, so it only does what is new. Keeping every order
 * workflow open for weeks "just in case" would cost a running workflow per order and still need the same
 * lookups after a reset.
 */
export async function signalOrderWorkflow(client: Client, config: Config, wooOrderId: number, change: WooChanged) {
  const store = storeKey(config.woo.baseUrl);
  return client.workflow.signalWithStart('orderImport', {
    workflowId: orderWorkflowId(store, wooOrderId),
    taskQueue: config.temporal.taskQueue,
    args: [{ store, wooOrderId }],
    signal: wooChangedSignal,
    signalArgs: [change],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: [{ key: WooOrderId, value: String(wooOrderId) }],
  });
}

/** Starts the catch-up loop unless it already runs (idempotent: every process start may call it). */
export async function ensureOrderWorkflows(client: Client, config: Config): Promise<void> {
  await client.workflow.start('wooCatchup', {
    workflowId: CATCHUP_WORKFLOW_ID,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds: parseDurationSeconds(config.orders.catchupInterval), state: {} }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** "60s" / "5m" / "1h" / "1d" / "500ms" -> seconds (the config schema guarantees the shape). */
export function parseDurationSeconds(duration: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  const n = Number(m[1]);
  return { ms: n / 1000, s: n, m: n * 60, h: n * 3600, d: n * 86400 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
}
