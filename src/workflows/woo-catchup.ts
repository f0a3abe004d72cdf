import { allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, setCurrentDetails, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders';
import type { CatchupPass } from '../activities/orders/catch-up';
import {
  CATCHUP_KEEP_EARLY_REQUEST,
  CATCHUP_MEMO_WATERMARK,
  CATCHUP_SHORT_HEARTBEAT,
  MEMO_CATCHUP_WATERMARK,
  catchUpNowSignal,
  catchupStatusQuery,
  configureCatchupSignal,
  pauseCatchupSignal,
  resumeCatchupSignal,
  type CatchupState,
  type CatchupStatus,
} from './definitions/orders';
import { failureMessage } from './failure-message';

// Transient failures retry for a while (the activity resumes from its heartbeat); a pass that still fails is
// recorded and the loop tries again next interval, keeping its watermark.
const passOptions = {
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
} as const;
// The pass heartbeats its progress every few orders, so a worker that died holding it is noticed within 30 s;
// histories from before the patch keep the 2-minute timeout they were scheduled with.
const shortHeartbeat = proxyActivities<OrderActivities>({ ...passOptions, heartbeatTimeout: '30 seconds' });
const longHeartbeat = proxyActivities<OrderActivities>({ ...passOptions, heartbeatTimeout: '2 minutes' });

export interface CatchupInput {
  intervalSeconds: number;
  state: CatchupState;
}

/** Passes per run before continue-as-new, so the history stays small even if the server never suggests it. */
const PASSES_PER_RUN = 200;

/**
 * The safety net under the webhooks (which WooCommerce drops, coalesces and never retries): every
 * interval, hand every order modified since the watermark to its order workflow. With webhooks off
 * entirely, every order still reaches Epicor within one interval. Pause/resume by signal; `catchUpNow`
 * cuts the wait short (a request arriving during a pass runs one more pass right after it). A failing
 * pass never ends the loop: losing the loop would lose its watermark.
 */
export async function wooCatchup(input: CatchupInput): Promise<void> {
  const state: CatchupState = { passes: 0, ...input.state };
  let intervalSeconds = input.intervalSeconds;
  let lastPass: CatchupPass | undefined;
  let runNow = false;
  setHandler(pauseCatchupSignal, () => void (state.paused = true));
  setHandler(resumeCatchupSignal, () => void (state.paused = false));
  setHandler(catchUpNowSignal, () => void (runNow = true));
  setHandler(configureCatchupSignal, (settings) => void (intervalSeconds = settings.intervalSeconds));
  setHandler(catchupStatusQuery, (): CatchupStatus => ({ ...state, intervalSeconds, lastPass }));

  for (let run = 0; run < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; run++) {
    await condition(() => !state.paused);
    // Before the patch the request was cleared here, which dropped a catchUpNow that arrived with the start.
    if (!patched(CATCHUP_KEEP_EARLY_REQUEST)) runNow = false;
    try {
      lastPass = await (patched(CATCHUP_SHORT_HEARTBEAT) ? shortHeartbeat : longHeartbeat).catchUpOrders({ watermarkGmt: state.watermarkGmt });
      state.watermarkGmt = lastPass.highestModifiedGmt;
      state.lastError = undefined;
      // Kept in the memo too, so a loop that was terminated or reset is re-created from where it stopped.
      if (state.watermarkGmt && patched(CATCHUP_MEMO_WATERMARK)) upsertMemo({ [MEMO_CATCHUP_WATERMARK]: state.watermarkGmt });
    } catch (err) {
      state.lastError = failureMessage(err);
      log.warn('catch-up pass failed; retrying next interval', { error: state.lastError });
    }
    state.passes = (state.passes ?? 0) + 1;
    const p = lastPass;
    const counts = p ? `${p.listed} listed, ${p.started} started, ${p.signalled} signalled` : 'no pass yet';
    setCurrentDetails(`**catch-up: ${counts}, watermark ${state.watermarkGmt ?? '-'}**${state.lastError ? `\n\nlast error: ${state.lastError}` : ''}`);
    await condition(() => runNow, intervalSeconds * 1000);
    runNow = false;
  }
  await condition(allHandlersFinished);
  // A catchUpNow received since the last pass is not lost: the next run starts with a pass anyway.
  await continueAsNew<typeof wooCatchup>({ intervalSeconds, state });
}
