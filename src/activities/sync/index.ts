import type { ActivityDeps } from '../deps';

// Epicor -> WooCommerce sync activities (parts, stock, customers, reconcile).
export function createSyncActivities(_deps: ActivityDeps) {
  return {};
}
