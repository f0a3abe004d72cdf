import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { SyncActivities } from '../activities/sync';
import {
  addCounts,
  configureSignal,
  cycleRetryingSignal,
  dryRunUpdate,
  INITIAL_WATERMARK,
  pauseSignal,
  RECENT_LIMIT,
  resetWatermarkUpdate,
  resumeSignal,
  statusQuery,
  syncNowSignal,
  zeroCounts,
  type CycleResult,
  type CycleRetrying,
  type SyncEntity,
  type SyncLoopInput,
  type SyncLoopState,
} from './definitions/sync';
import { failureMessage } from './failure-message';

/**
 * The business process shared by the three sync workflows (sync-parts, sync-stock, sync-customers):
 *   wait while paused -> run a cycle (read changes since the watermark, write them, advance the watermark)
 *   -> sleep the interval or until syncNow -> repeat, continuing as new before history grows large.
 * Not a workflow itself: each entity's workflow file calls it.
 */

// Transient errors (network, 5xx, 429) are retried with backoff without limit; a cycle resumes from its
// last heartbeat, and the activity reports each retry (cycleRetrying -> `status.retrying`). A batch item that
// keeps failing is bounded inside the activity (MAX_ITEM_ATTEMPTS), not here: an attempt limit would also end
// the cycle on a long WooCommerce outage. Permanent client errors arrive as non-retryable failures and are
// reported in `status`.
const { syncPartsCycle, syncStockCycle, syncCustomersCycle, dryRunCycle } = proxyActivities<SyncActivities>({
  startToCloseTimeout: '2h',
  heartbeatTimeout: '5m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Continue-as-new after this many cycles even before the server suggests it (about 15 events per cycle). */
const DEFAULT_MAX_CYCLES_PER_RUN = 500;

export async function runSyncLoop(entity: SyncEntity, input: SyncLoopInput): Promise<never> {
  const state: SyncLoopState = input.state ?? firstState(entity, input);
  let syncNowRequested = false;
  let running = false;
  let retrying: CycleRetrying | undefined;
  let interval = input.interval;
  // Bumped by resetWatermark so a cycle that was running when it arrived cannot overwrite the reset.
  let generation = 0;

  setHandler(pauseSignal, () => {
    state.paused = true;
    describe();
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
    describe();
  });
  setHandler(syncNowSignal, () => {
    syncNowRequested = true;
  });
  setHandler(configureSignal, (settings) => {
    interval = settings.interval;
  });
  setHandler(cycleRetryingSignal, (r) => {
    // A late signal from a cycle that has ended must not make an idle loop look stuck.
    if (running) retrying = r;
  });
  setHandler(statusQuery, () => ({ ...state, entity, running, interval, ...(retrying ? { retrying } : {}) }));
  setHandler(resetWatermarkUpdate, () => {
    const old = state.watermark;
    state.watermark = INITIAL_WATERMARK[state.cursor];
    generation++;
    syncNowRequested = true;
    return old;
  });
  setHandler(dryRunUpdate, (request) =>
    dryRunCycle({ entity, cursor: state.cursor, watermark: request?.full ? INITIAL_WATERMARK[state.cursor] : state.watermark }),
  );

  const cycleActivity = (watermark: string): Promise<CycleResult> => {
    const summary = { summary: `${entity} changed since ${state.cursor} ${watermark}` };
    switch (entity) {
      case 'parts':
        return syncPartsCycle.executeWithOptions(summary, [{ watermark, cursor: state.cursor }]);
      case 'stock':
        return syncStockCycle.executeWithOptions(summary, [{ watermark }]);
      case 'customers':
        return syncCustomersCycle.executeWithOptions(summary, [{ watermark }]);
    }
  };
  // A function declaration: a buffered pause/resume may run its handler before this line is reached.
  function describe(): void {
    const c = state.lastCycle;
    const last = c ? `${c.written} written, ${c.skippedUnchanged} unchanged, ${c.skippedInvalid} invalid, ${c.failed} failed` : 'no cycle yet';
    const paused = state.paused ? ' (paused)' : '';
    const error = state.lastError ? `\n\nlast error: ${state.lastError}` : '';
    setCurrentDetails(`**${entity} sync${paused}: ${last}, watermark ${state.watermark}**\n\ncycles: ${state.cycles}, last at ${state.lastCycleAt ?? '-'}${error}`);
  }

  async function runCycle(): Promise<void> {
    running = true;
    let counts = zeroCounts();
    try {
      let more = true;
      while (more) {
        const startedIn = generation;
        const result = await cycleActivity(state.watermark);
        retrying = undefined;
        // The watermark moves to the highest cursor the activity actually processed, never to "now".
        if (startedIn === generation) state.watermark = result.watermark;
        counts = addCounts(counts, result.counts);
        result.skips.forEach((s) => remember(state.recentSkips, s));
        result.errors.forEach((e) => remember(state.recentErrors, e));
        if (result.errors.length) state.lastError = result.errors[result.errors.length - 1];
        more = result.more && !state.paused;
      }
    } catch (err) {
      // A permanent failure (bad credentials, a refused query) ends this cycle, not the loop.
      state.lastError = failureMessage(err);
      remember(state.recentErrors, state.lastError);
      log.warn('sync cycle failed', { entity, error: state.lastError });
    } finally {
      running = false;
      retrying = undefined;
    }
    state.cycles++;
    state.lastCycleAt = new Date().toISOString();
    state.lastCycle = counts;
    state.totals = addCounts(state.totals, counts);
    describe();
  }

  describe();
  let cyclesThisRun = 0;
  for (;;) {
    await condition(() => !state.paused);
    syncNowRequested = false; // a syncNow that arrives during the cycle triggers the next one at once
    await runCycle();
    cyclesThisRun++;

    if (workflowInfo().continueAsNewSuggested || cyclesThisRun >= (input.maxCyclesPerRun ?? DEFAULT_MAX_CYCLES_PER_RUN)) {
      await condition(allHandlersFinished);
      return await continueAsNew<(input: SyncLoopInput) => Promise<never>>({ ...input, interval, state });
    }
    await condition(() => syncNowRequested, interval as Duration);
  }
}

function firstState(entity: SyncEntity, input: SyncLoopInput): SyncLoopState {
  // Customer.ChangeDate is date-only and warehouse rows have no ChangedOn: only parts may use ChangedOn.
  const cursor = entity === 'parts' ? (input.cursor ?? 'SysRevID') : 'SysRevID';
  return {
    cursor,
    watermark: INITIAL_WATERMARK[cursor],
    paused: false,
    cycles: 0,
    totals: zeroCounts(),
    recentSkips: [],
    recentErrors: [],
  };
}

function remember(list: string[], item: string): void {
  list.push(item);
  if (list.length > RECENT_LIMIT) list.splice(0, list.length - RECENT_LIMIT);
}
