import type { ActivityDeps } from '../deps';
import { registeredOnly } from '../../epicor/registered';
import { createCatchupActivities } from './catch-up';
import { createCustomerActivities, type OrderActivityOptions } from './epicor-customer';
import { createCreditActivities } from './epicor-credit';
import { createEpicorOrderActivities } from './epicor-order';
import { createImportPassActivities, type ImportPassOptions } from './import-pass';
import { createWooOrderActivities } from './woo-order';
import { createAlertActivities } from '../alerts';
import { createAlertSink } from '../../alerts/alert-sink';
import { logger } from '../../logger';

export type { OrderActivityOptions } from './epicor-customer';

// WooCommerce -> Epicor order import, refunds and catch-up activities.
// `options` default to the config (ORDER_CHECK_CURRENCY); tests may override them.
export function createOrderActivities(
  given: ActivityDeps,
  options: OrderActivityOptions & ImportPassOptions = { checkCurrency: given.config.orders.checkCurrency },
) {
  const deps = { ...given, epicor: registeredOnly(given.epicor) };
  return {
    ...createWooOrderActivities(deps),
    ...createCustomerActivities(deps, options),
    ...createEpicorOrderActivities(deps),
    ...createImportPassActivities(deps, options),
    ...createCreditActivities(deps),
    ...createCatchupActivities(deps),
    // The import raises its own parked/resolved alerts, so a worker registering order activities has them.
    ...createAlertActivities(deps.alerts ?? createAlertSink({ url: deps.config.alertUrl, logger })),
  };
}

export type OrderActivities = ReturnType<typeof createOrderActivities>;
