import type { ActivityDeps } from '../deps';
import { createCatchupActivities } from './catch-up';
import { createCustomerActivities, type OrderActivityOptions } from './epicor-customer';
import { createCreditActivities } from './epicor-credit';
import { createEpicorOrderActivities } from './epicor-order';
import { createWooOrderActivities } from './woo-order';

export type { OrderActivityOptions } from './epicor-customer';

// WooCommerce -> Epicor order import, refunds and catch-up activities.
// `options` are checks that need a config setting not wired yet (see OrderActivityOptions); off by default.
export function createOrderActivities(deps: ActivityDeps, options: OrderActivityOptions = {}) {
  return {
    ...createWooOrderActivities(deps),
    ...createCustomerActivities(deps, options),
    ...createEpicorOrderActivities(deps),
    ...createCreditActivities(deps),
    ...createCatchupActivities(deps),
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
