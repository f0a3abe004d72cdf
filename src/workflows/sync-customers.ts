import { runSyncLoop } from './sync-loop';
import type { SyncLoopInput } from './definitions/sync';

/** Keeps WooCommerce customers in step with Epicor, forever: workflow id `sync-customers`. */
export async function syncCustomers(input: SyncLoopInput): Promise<never> {
  return runSyncLoop('customers', input);
}
