import type { ActivityDeps } from '../deps';

// WooCommerce -> Epicor order import, refunds and catch-up activities.
export function createOrderActivities(_deps: ActivityDeps) {
  return {};
}
