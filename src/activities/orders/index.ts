import type { ActivityDeps } from '../deps';
import { createCatchupActivities } from './catch-up';
import { createCustomerActivities } from './epicor-customer';
import { createCreditActivities } from './epicor-credit';
import { createEpicorOrderActivities } from './epicor-order';
import { createWooOrderActivities } from './woo-order';

// WooCommerce -> Epicor order import, refunds and catch-up activities.
export function createOrderActivities(deps: ActivityDeps) {
  return {
    ...createWooOrderActivities(deps),
    ...createCustomerActivities(deps),
    ...createEpicorOrderActivities(deps),
    ...createCreditActivities(deps),
    ...createCatchupActivities(deps),
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
