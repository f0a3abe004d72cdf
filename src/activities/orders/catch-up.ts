import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ActivityDeps } from '../deps';
import { MEMO_PROCESSED_MODIFIED, orderWorkflowId, storeKey } from '../../workflows/definitions/orders';
import { signalOrderWorkflow } from '../../temporal/order-starters';
import { guard } from './failures';

export interface CatchupPass {
  /** Highest `date_modified_gmt` seen: the next watermark (never "now", so clock skew cannot skip orders). */
  highestModifiedGmt?: string;
  listed: number;
  started: number;
  signalled: number;
  skipped: number;
}

const toDate = (gmt: string) => new Date(`${gmt.replace(/Z$/, '')}Z`);

/**
 * Lists orders modified after `watermark - overlap` (WooCommerce bounds are strict, 1 s resolution, and an
 * order can move between pages while we read, so the window overlaps and ids are de-duplicated) and hands
 * each one to its order workflow with the same id and signalWithStart the webhook uses. An order whose
 * closed workflow already processed this modification is skipped.
 */
export function createCatchupActivities({ config, woo, temporal }: ActivityDeps) {
  const store = storeKey(config.woo.baseUrl);
  return {
    async catchUpOrders(input: { watermarkGmt?: string }): Promise<CatchupPass> {
      return guard(async () => {
        const pass: CatchupPass = { highestModifiedGmt: input.watermarkGmt, listed: 0, started: 0, signalled: 0, skipped: 0 };
        const after = input.watermarkGmt
          ? new Date(toDate(input.watermarkGmt).getTime() - config.orders.catchupOverlapSeconds * 1000)
          : new Date(0);
        const seen = new Set<number>();
        for await (const page of woo.ordersModified({ after })) {
          for (const order of page) {
            if (seen.has(order.id)) continue;
            seen.add(order.id);
            pass.listed++;
            if (!pass.highestModifiedGmt || order.date_modified_gmt > pass.highestModifiedGmt) pass.highestModifiedGmt = order.date_modified_gmt;
            if (order.status === 'checkout-draft') continue;
            const outcome = await handOver(order.id, order.date_modified_gmt);
            pass[outcome]++;
          }
          heartbeat(pass);
        }
        return pass;
      });
    },
  };

  async function handOver(wooOrderId: number, modifiedGmt: string): Promise<'started' | 'signalled' | 'skipped'> {
    const handle = temporal.workflow.getHandle(orderWorkflowId(store, wooOrderId));
    let running = false;
    try {
      const d = await handle.describe();
      running = d.status.name === 'RUNNING';
      const processed = (d.memo ?? {})[MEMO_PROCESSED_MODIFIED];
      if (!running && typeof processed === 'string' && processed >= modifiedGmt) return 'skipped';
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    await signalOrderWorkflow(temporal, config, wooOrderId, { source: 'catch-up', modifiedGmt });
    return running ? 'signalled' : 'started';
  }
}
