import type { ActivityDeps } from '../deps';
import { registeredOnly } from '../../epicor/registered';
import type { CycleResult, DryRunResult, ReconcileSummary, SyncCursor, SyncEntity } from '../../workflows/definitions/sync';
import { customersSync } from './customers';
import { runCycle, runDryRun, type CycleInput, type EntitySync } from './cycle';
import { asActivity, reportingRetries } from './failures';
import { partsSync } from './parts';
import { reconcileParts } from './reconcile';
import { stockSync } from './stock';

export type { CycleInput } from './cycle';

export interface PartsCycleInput extends CycleInput {
  cursor: SyncCursor;
}

export interface DryRunInput {
  entity: SyncEntity;
  watermark: string;
  cursor: SyncCursor;
}

/**
 * Epicor -> WooCommerce sync activities. Each fetches, maps and writes a page at a time and returns only
 * cursors and counts, so catalog data never enters workflow history.
 */
export function createSyncActivities(given: ActivityDeps) {
  const deps = { ...given, epicor: registeredOnly(given.epicor) };
  const entitySync = (entity: SyncEntity, cursor: SyncCursor): EntitySync<unknown, never> =>
    (entity === 'parts' ? partsSync(deps, cursor) : entity === 'stock' ? stockSync(deps) : customersSync(deps)) as unknown as EntitySync<unknown, never>;

  return {
    /** One cycle of parts -> products (price, status, sales unit), from the watermark on. */
    syncPartsCycle: (input: PartsCycleInput): Promise<CycleResult> => reportingRetries(deps.temporal, () => asActivity(() => runCycle(partsSync(deps, input.cursor), input))),
    /** One cycle of warehouse quantities -> stock_quantity of existing products. */
    syncStockCycle: (input: CycleInput): Promise<CycleResult> => reportingRetries(deps.temporal, () => asActivity(() => runCycle(stockSync(deps), input))),
    /** One cycle of Epicor customers -> Woo customers by email. */
    syncCustomersCycle: (input: CycleInput): Promise<CycleResult> => reportingRetries(deps.temporal, () => asActivity(() => runCycle(customersSync(deps), input))),
    /** What a cycle would write, without writing. */
    dryRunCycle: (input: DryRunInput): Promise<DryRunResult> => asActivity(() => runDryRun(entitySync(input.entity, input.cursor), input.watermark)),
    /** Every part against WooCommerce, repairing drift. */
    reconcileParts: (): Promise<ReconcileSummary> => asActivity(() => reconcileParts(deps)),
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;
