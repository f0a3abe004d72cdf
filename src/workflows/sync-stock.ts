import { runSyncLoop } from './sync-loop';
import type { SyncLoopInput } from './definitions/sync';

/** Keeps WooCommerce stock in step with Epicor, forever: workflow id `sync-stock`. */
export async function syncStock(input: SyncLoopInput): Promise<never> {
  return runSyncLoop('stock', input);
}
