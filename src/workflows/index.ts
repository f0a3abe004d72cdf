// The worker's workflow bundle entry: every workflow the connector runs is exported from here.
export { orderImport } from './order-import';
export { wooCatchup } from './woo-catchup';
export { syncParts } from './sync-parts';
export { syncStock } from './sync-stock';
export { syncCustomers } from './sync-customers';
export { reconcileCatalog } from './reconcile-catalog';
export { webhookHealth } from './webhook-health';
