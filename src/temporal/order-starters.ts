import { WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { durationSeconds, type Config } from '../config';
import { formatGmt } from '../woocommerce';
import {
  CATCHUP_WORKFLOW_ID,
  MEMO_CATCHUP_WATERMARK,
  configureCatchupSignal,
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
    // No search attributes here: the workflow upserts WooOrderId itself. A start naming one the namespace does
    // not know yet (a fresh namespace before the worker registered them) is refused, and WooCommerce counts
    // every refused delivery towards disabling the webhook.
  });
}

/**
 * Starts the catch-up loop unless it already runs (idempotent: every process start may call it). A new loop
 * starts at CATCHUP_SINCE if set, else where a previous (terminated or reset) loop stopped, else now:
 * installing the connector must not import the store's whole history into Epicor, and re-creating the loop
 * must not skip the orders changed meanwhile. A running loop keeps its watermark and takes the configured interval.
 */
export async function ensureOrderWorkflows(client: Client, config: Config, opts: { workflowId?: string } = {}) {
  const workflowId = opts.workflowId ?? CATCHUP_WORKFLOW_ID;
  const intervalSeconds = durationSeconds(config.orders.catchupInterval);
  const startAt = config.orders.catchupSince ?? (await previousWatermark(client, workflowId)) ?? formatGmt(new Date());
  const handle = await client.workflow.start('wooCatchup', {
    workflowId,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds, state: { watermarkGmt: startAt } }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await handle.signal(configureCatchupSignal, { intervalSeconds });
  return handle;
}

/** The watermark the last run of the catch-up loop recorded in its memo, if there was one. */
async function previousWatermark(client: Client, workflowId: string): Promise<string | undefined> {
  try {
    const memo = (await client.workflow.getHandle(workflowId).describe()).memo ?? {};
    const value = memo[MEMO_CATCHUP_WATERMARK];
    return typeof value === 'string' ? value : undefined;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
