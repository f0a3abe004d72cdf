import type { ActivityDeps } from '../deps';
import { registeredOnly } from '../../epicor/registered';
import { createCatchupActivities } from './catch-up';
import { createCustomerActivities, type OrderActivityOptions } from './epicor-customer';
import { createCreditActivities } from './epicor-credit';
import { createEpicorOrderActivities } from './epicor-order';
import { createWooOrderActivities } from './woo-order';

export type { OrderActivityOptions } from './epicor-customer';

// WooCommerce -> Epicor order import, refunds and catch-up activities.
// `options` default to the config (ORDER_CHECK_CURRENCY); tests may override them.
export function createOrderActivities(given: ActivityDeps, options: OrderActivityOptions = { checkCurrency: given.config.orders.checkCurrency }) {
  const deps = { ...given, epicor: registeredOnly(given.epicor) };
  return {
    ...createWooOrderActivities(deps),
    ...createCustomerActivities(deps, options),
    ...createEpicorOrderActivities(deps),
    ...createCreditActivities(deps),
    ...createCatchupActivities(deps),
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
