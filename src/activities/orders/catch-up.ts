import { activityInfo, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ActivityDeps } from '../deps';
import { formatGmt } from '../../woocommerce';
import { MEMO_PROCESSED_MODIFIED, orderWorkflowId, storeKey } from '../../workflows/definitions/orders';
import { signalOrderWorkflow } from '../../temporal/order-starters';
import { guard } from './failures';

export interface CatchupPass {
  /** The next watermark: the highest `date_modified_gmt` handed over, capped at when the walk started. */
  highestModifiedGmt?: string;
  listed: number;
  started: number;
  signalled: number;
  skipped: number;
  /** Listed rows without a usable id or modification date (a plugin's odd order): counted, not fatal. */
  unreadable: number;
}

interface Progress {
  pass: CatchupPass;
  /** Orders come sorted by id, so a retried attempt resumes after the last one handed over. */
  lastId: number;
  walkStartGmt: string;
}

/** Orders handed over at once (a describe and a signal-with-start each). */
const HANDOVER_CONCURRENCY = 8;

const toDate = (gmt: string) => new Date(`${gmt.replace(/Z$/, '')}Z`);

/**
 * Lists orders modified after `watermark - overlap` (WooCommerce bounds are strict, 1 s resolution, and clocks
 * differ, so the window overlaps and ids are de-duplicated) and hands each one to its order workflow with the
 * same id and signalWithStart the webhook uses.
 *
 * Only id, status and modification date are read (`ordersModified`): the order workflow re-reads the order
 * itself, and one order a plugin made odd must not stop the safety net for every other order. Orders are listed by id (stable under
 * offset paging); an order modified during a long walk may already lie behind us, so the next watermark is
 * capped at the walk's start. Progress is heartbeated, so a retry resumes instead of re-walking the store.
 */
export function createCatchupActivities({ config, woo, temporal }: ActivityDeps) {
  const store = storeKey(config.woo.baseUrl);
  return {
    async catchUpOrders(input: { watermarkGmt?: string }): Promise<CatchupPass> {
      return guard(async () => {
        // guard() heartbeats its own failure count on an unclear failure, replacing our progress: resume only
        // from details that are progress.
        const resumed = activityInfo().heartbeatDetails as Partial<Progress> | undefined;
        const progress: Progress = isProgress(resumed) ? resumed : {
          pass: { highestModifiedGmt: undefined, listed: 0, started: 0, signalled: 0, skipped: 0, unreadable: 0 },
          lastId: 0,
          walkStartGmt: formatGmt(new Date()),
        };
        const { pass } = progress;
        const after = input.watermarkGmt
          ? new Date(toDate(input.watermarkGmt).getTime() - config.orders.catchupOverlapSeconds * 1000)
          : new Date(0);
        for await (const page of woo.ordersModified({ after })) {
          const due: { id: number; status: string; modifiedGmt: string }[] = [];
          for (const order of page) {
            if (order.unreadable) pass.unreadable++;
            else if (order.id > progress.lastId) due.push(order);
          }
          // A few handovers at a time, progress heartbeated after each few: a page of 100 handed over one by one
          // outlasted the heartbeat timeout on a loaded machine, and every retry restarted the same page, so the
          // orders after it were never handed over. Now a lost attempt costs at most one chunk.
          for (let i = 0; i < due.length; i += HANDOVER_CONCURRENCY) {
            const chunk = due.slice(i, i + HANDOVER_CONCURRENCY);
            const outcomes = await Promise.all(chunk.map((o) => (o.status === 'checkout-draft' ? undefined : handOver(o.id, o.modifiedGmt))));
            for (const [j, order] of chunk.entries()) {
              pass.listed++;
              const outcome = outcomes[j];
              if (outcome) pass[outcome]++;
              if (!pass.highestModifiedGmt || order.modifiedGmt > pass.highestModifiedGmt) pass.highestModifiedGmt = order.modifiedGmt;
              progress.lastId = order.id;
            }
            heartbeat(progress);
          }
          heartbeat(progress);
        }
        return { ...pass, highestModifiedGmt: nextWatermark(input.watermarkGmt, pass.highestModifiedGmt, progress.walkStartGmt) };
      }, { ownHeartbeats: true, authIsPermanent: true });
    },
  };

  /**
   * Skips an order only when a closed run already processed this modification and started at least a second
   * after it: `date_modified_gmt` has 1 s resolution, so a run that read the order within the same second may
   * have missed a second save (payment, refund) in that second.
   */
  async function handOver(wooOrderId: number, modifiedGmt: string): Promise<'started' | 'signalled' | 'skipped'> {
    const handle = temporal.workflow.getHandle(orderWorkflowId(store, wooOrderId));
    let running = false;
    try {
      const d = await handle.describe();
      running = d.status.name === 'RUNNING';
      const processed = (d.memo ?? {})[MEMO_PROCESSED_MODIFIED];
      const readAfterTheSecond = d.startTime.getTime() >= toDate(modifiedGmt).getTime() + 1000;
      if (!running && typeof processed === 'string' && processed >= modifiedGmt && readAfterTheSecond) return 'skipped';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    await signalOrderWorkflow(temporal, config, wooOrderId, { source: 'catch-up', modifiedGmt });
    return running ? 'signalled' : 'started';
  }
}

function isProgress(details: Partial<Progress> | undefined): details is Progress {
  return typeof details?.lastId === 'number' && typeof details.walkStartGmt === 'string' && typeof details.pass === 'object';
}

/** Never backwards, never past the walk's start (an order changed mid-walk may lie behind the cursor). */
function nextWatermark(previous: string | undefined, highest: string | undefined, walkStart: string): string | undefined {
  if (!highest) return previous;
  const capped = highest < walkStart ? highest : walkStart;
  return previous && previous > capped ? previous : capped;
}
