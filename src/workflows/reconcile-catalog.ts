import { log, proxyActivities } from '@temporalio/workflow';
import type { SyncActivities } from '../activities/sync';
import type { ReconcileSummary } from './definitions/sync';

const { reconcileParts } = proxyActivities<SyncActivities>({
  startToCloseTimeout: '6h',
  heartbeatTimeout: '5m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * The nightly safety net, started by the `nightly-reconcile` Schedule: every part is compared field by field
 * with WooCommerce, drift is repaired (hand edits included), parts that left the web catalog are unpublished.
 * The result is a summary of counts.
 */
export async function reconcileCatalog(): Promise<ReconcileSummary> {
  const summary = await reconcileParts();
  log.info('catalog reconciled', { ...summary, errors: summary.errors.length });
  return summary;
}
