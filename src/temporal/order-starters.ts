import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { durationSeconds, type Config } from '../config';
import { formatGmt } from '../woocommerce';
import { WooOrderId } from './search-attributes';
import {
  CATCHUP_WORKFLOW_ID,
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
    typedSearchAttributes: [{ key: WooOrderId, value: String(wooOrderId) }],
  });
}

/**
 * Starts the catch-up loop unless it already runs (idempotent: every process start may call it). A new loop
 * looks at orders modified since CATCHUP_SINCE, or since now: installing the connector must not import the
 * store's whole history into Epicor. A running loop keeps its watermark and takes the configured interval.
 */
export async function ensureOrderWorkflows(client: Client, config: Config, opts: { workflowId?: string } = {}) {
  const intervalSeconds = durationSeconds(config.orders.catchupInterval);
  const handle = await client.workflow.start('wooCatchup', {
    workflowId: opts.workflowId ?? CATCHUP_WORKFLOW_ID,
    taskQueue: config.temporal.taskQueue,
    args: [{ intervalSeconds, state: { watermarkGmt: config.orders.catchupSince ?? formatGmt(new Date()) } }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await handle.signal(configureCatchupSignal, { intervalSeconds });
  return handle;
}
