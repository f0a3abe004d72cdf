import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * Messages, ids and shapes of the Epicor -> WooCommerce sync loops and the nightly reconcile, shared by the
 * workflows, `ensureSyncWorkflows` and the CLI. Only plain data: no catalog rows, no secrets.
 */

export type SyncEntity = 'parts' | 'stock' | 'customers';
export const SYNC_ENTITIES: readonly SyncEntity[] = ['parts', 'stock', 'customers'];

/** Fixed ids: starting a loop twice finds the running one instead of making a second. */
export const SYNC_WORKFLOW_IDS: Record<SyncEntity, string> = {
  parts: 'sync-parts',
  stock: 'sync-stock',
  customers: 'sync-customers',
};
export const RECONCILE_SCHEDULE_ID = 'nightly-reconcile';
export const RECONCILE_WORKFLOW_ID = 'reconcile-catalog';

/** Which Epicor column a loop's watermark is over. */
export type SyncCursor = 'SysRevID' | 'ChangedOn';

/** Start of time for each cursor: a full resync. */
export const INITIAL_WATERMARK: Record<SyncCursor, string> = { SysRevID: '0', ChangedOn: '1970-01-01T00:00:00' };

export interface SyncCounts {
  /** Epicor rows read. */
  read: number;
  /** WooCommerce records created or updated. */
  written: number;
  /**
   * Rows whose mapped fields match what WooCommerce already has (no write), including rows re-read from the
   * overlap window behind the watermark that need nothing (also when they still cannot be mapped: they were
   * reported when first read).
   */
  skippedUnchanged: number;
  /** Rows that cannot be mapped (no email, no price...) or have no product to update. */
  skippedInvalid: number;
  /** Rows WooCommerce refused (validation error on one batch item). */
  failed: number;
}

export const zeroCounts = (): SyncCounts => ({ read: 0, written: 0, skippedUnchanged: 0, skippedInvalid: 0, failed: 0 });

export function addCounts(a: SyncCounts, b: SyncCounts): SyncCounts {
  return {
    read: a.read + b.read,
    written: a.written + b.written,
    skippedUnchanged: a.skippedUnchanged + b.skippedUnchanged,
    skippedInvalid: a.skippedInvalid + b.skippedInvalid,
    failed: a.failed + b.failed,
  };
}

/** How many recent skip reasons and errors a loop keeps for `status` (bounded so history stays small). */
export const RECENT_LIMIT = 20;

/** Everything a loop carries across continue-as-new. */
export interface SyncLoopState {
  cursor: SyncCursor;
  /** Decimal string for SysRevID (may exceed 2^53), Epicor's timestamp text for ChangedOn. */
  watermark: string;
  paused: boolean;
  cycles: number;
  lastCycleAt?: string;
  lastCycle?: SyncCounts;
  totals: SyncCounts;
  lastError?: string;
  recentSkips: string[];
  recentErrors: string[];
}

export interface SyncLoopInput {
  /** Pause between cycles, e.g. '30s' (config SYNC_INTERVAL). */
  interval: string;
  /** Parts only: 'ChangedOn' (with overlap) instead of SysRevID. Ignored once a watermark exists. */
  cursor?: SyncCursor;
  /** Continue-as-new after this many cycles even if the server does not suggest it yet (tests use small numbers). */
  maxCyclesPerRun?: number;
  /** Set by continue-as-new. */
  state?: SyncLoopState;
}

export interface SyncStatus extends SyncLoopState {
  entity: SyncEntity;
  /** Pause between cycles now in force (SYNC_INTERVAL, applied by `configure`). */
  interval: string;
  /** True while a cycle's activity runs. */
  running: boolean;
  /**
   * Set while the running cycle's activity is being retried (WooCommerce or Epicor down, a batch item that
   * keeps failing): without it a long retry only shows as `running: true` and an old `lastError`.
   */
  retrying?: CycleRetrying;
}

/** The latest failed attempt of the running cycle, reported by the activity itself (no secrets, no emails). */
export interface CycleRetrying {
  attempt: number;
  /** When that attempt failed (activity clock). */
  at: string;
  error: string;
}

/** What one cycle activity returns: cursors and counts only, never catalog rows. */
export interface CycleResult {
  watermark: string;
  counts: SyncCounts;
  /** The activity stopped at its page budget; call again straight away. */
  more: boolean;
  skips: string[];
  errors: string[];
}

/**
 * A dry run: what a cycle would do, counts plus at most DRY_RUN_SAMPLE keys per category: SKUs, or for
 * customers `customer <CustID> (CustNum <n>)`, never emails (this result is recorded in workflow history).
 */
export interface DryRunResult {
  entity: SyncEntity;
  fromWatermark: string;
  /** Where the watermark would move to (it does not). */
  wouldAdvanceTo: string;
  counts: { read: number; create: number; update: number; unchanged: number; invalid: number };
  create: string[];
  update: string[];
  unchanged: string[];
  invalid: string[];
}
export const DRY_RUN_SAMPLE = 50;

export interface DryRunRequest {
  /** From the start of time instead of the loop's watermark. */
  full?: boolean;
}

export interface ReconcileSummary {
  partsRead: number;
  checked: number;
  /** Products whose Woo fields differed from Epicor and were rewritten. */
  repaired: number;
  /** Web parts that had no product yet. */
  created: number;
  /** Products of parts that left the web catalog, went inactive or lost their price, moved to draft/private. */
  unpublished: number;
  /** Published products whose stock_quantity (or manage_stock) differed from the warehouses and was rewritten. */
  stockRepaired: number;
  /** Products with nothing to repair (owned fields and stock). */
  inSync: number;
  /** Parts that cannot be published as they are: blank PartNum, no valid price, SKU held by a variation. */
  invalid: number;
  failed: number;
  errors: string[];
}

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const syncNowSignal = defineSignal('syncNow');
/** Applies a changed SYNC_INTERVAL to a running loop (sent by ensureSyncWorkflows on every start). */
export const configureSignal = defineSignal<[{ interval: string }]>('configure');
export const statusQuery = defineQuery<SyncStatus>('status');
/** Sent by a cycle activity whose attempt failed and will be retried (best effort, see cycleRetrying). */
export const cycleRetryingSignal = defineSignal<[CycleRetrying]>('cycleRetrying');
/** Full resync: sets the watermark back to the start and returns the old one. */
export const resetWatermarkUpdate = defineUpdate<string>('resetWatermark');
export const dryRunUpdate = defineUpdate<DryRunResult, [DryRunRequest]>('dryRun');
