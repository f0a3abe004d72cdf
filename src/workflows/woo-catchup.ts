import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { OrderActivities } from '../activities/orders';
import type { CatchupPass } from '../activities/orders/catch-up';
import {
  catchUpNowSignal,
  catchupStatusQuery,
  pauseCatchupSignal,
  resumeCatchupSignal,
  type CatchupState,
  type CatchupStatus,
} from './definitions/orders';

const { catchUpOrders } = proxyActivities<OrderActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

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
 * cuts the wait short (a request arriving during a pass runs one more pass right after it).
 */
export async function wooCatchup(input: CatchupInput): Promise<void> {
  const state: CatchupState = { passes: 0, ...input.state };
  let lastPass: CatchupPass | undefined;
  let runNow = false;
  setHandler(pauseCatchupSignal, () => void (state.paused = true));
  setHandler(resumeCatchupSignal, () => void (state.paused = false));
  setHandler(catchUpNowSignal, () => void (runNow = true));
  setHandler(catchupStatusQuery, (): CatchupStatus => ({ ...state, lastPass }));

  for (let run = 0; run < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; run++) {
    await condition(() => !state.paused);
    runNow = false;
    lastPass = await catchUpOrders({ watermarkGmt: state.watermarkGmt });
    state.watermarkGmt = lastPass.highestModifiedGmt;
    state.passes = (state.passes ?? 0) + 1;
    await condition(() => runNow, input.intervalSeconds * 1000);
  }
  await condition(allHandlersFinished);
  // A catchUpNow received since the last pass is not lost: the next run starts with a pass anyway.
  await continueAsNew<typeof wooCatchup>({ intervalSeconds: input.intervalSeconds, state });
}
