import { runSyncLoop } from './sync-loop';
import type { SyncLoopInput } from './definitions/sync';

/** Keeps WooCommerce parts in step with Epicor, forever: workflow id `sync-parts`. */
export async function syncParts(input: SyncLoopInput): Promise<never> {
  return runSyncLoop('parts', input);
}
