// The worker's workflow bundle entry: every workflow the connector runs is exported from here.
export {};
export { orderImport } from './order-import';
export { wooCatchup } from './woo-catchup';
